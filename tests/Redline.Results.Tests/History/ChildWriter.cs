using System.Diagnostics;
using Redline.Results.History;

namespace Redline.Results.Tests.History;

/// <summary>
/// A child process that saves runs into a store in a loop and prints each run's id once its save
/// has returned, until it is killed. The durability test kills it with SIGKILL at a random moment.
/// </summary>
public static class ChildWriter
{
    public const string StoreVariable = "REDLINE_HISTORY_CHILD_STORE";
    public const string SavedPrefix = "saved ";
    public const string SavingPrefix = "saving ";

    public static async Task RunAsync(string store)
    {
        await using var history = await HistoryStores.OpenAsync(store);
        // Made once, so that the loop's time is spent saving and a kill at a random moment lands inside a save.
        var template = SampleRuns.Synthetic("template", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), seconds: 20, perSecond: 20);
        for (var i = 0; ; i++)
        {
            var id = $"{Environment.ProcessId}-{i}";
            var run = template with { RunId = id, StartedAt = template.StartedAt.AddMinutes(i), EndedAt = template.EndedAt.AddMinutes(i) };
            await Console.Out.WriteLineAsync(SavingPrefix + id);
            await Console.Out.FlushAsync();
            await history.SaveRunAsync(run, new Dictionary<string, string> { ["writer"] = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            await Console.Out.WriteLineAsync(SavedPrefix + id);
            await Console.Out.FlushAsync();
        }
    }

    /// <summary>Starts this test assembly as a writer child on <paramref name="store"/>.</summary>
    public static Process Start(string store)
    {
        var info = Redline.Testing.Children.AssemblyChild.StartInfo(typeof(ChildWriter).Assembly);
        info.Environment[StoreVariable] = store;
        return Process.Start(info) ?? throw new InvalidOperationException("The writer child did not start.");
    }
}
