using Redline.Dashboard;

namespace Redline.Cli.CommandLine;

/// <summary>
/// Options whose value may be left out (<c>--dashboard [ADDR]</c>) take it after a space too, as the usage writes
/// them: <c>--dashboard 127.0.0.1:5665</c> reads as <c>--dashboard=127.0.0.1:5665</c> when the next word is an
/// address (and not a file or another option), so that a suite after a bare <c>--dashboard</c> stays the suite.
/// </summary>
internal static class OptionalValues
{
    private const string Dashboard = "--dashboard";

    /// <summary><paramref name="args"/> with each optional value joined to its option.</summary>
    public static string[] Join(string[] args)
    {
        var joined = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == Dashboard && i + 1 < args.Length && IsAddress(args[i + 1]))
            {
                joined.Add($"{Dashboard}={args[++i]}");
                continue;
            }

            joined.Add(args[i]);
        }

        return [.. joined];
    }

    private static bool IsAddress(string word) =>
        !word.StartsWith('-') && !File.Exists(word) && DashboardAddress.TryParse(word, out _) is not null;
}
