using Microsoft.Data.Sqlite;
using Redline.Results.History;
using Xunit.Abstractions;

namespace Redline.Results.Tests.History;

/// <summary>A writer killed with SIGKILL mid-save leaves an intact SQLite store holding every run whose save returned.</summary>
public sealed class DurabilityTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("redline-durability-");

    [Fact]
    public async Task SaveRunAsync_WriterKilledWithSigkill_KeepsEveryReturnedRunAndIntegrity()
    {
        var path = Path.Combine(_directory.FullName, "history.db");
        var store = "sqlite:" + path;
        var confirmed = new List<string>();
        var random = new Random(7);

        // Writers in turn on one file, each killed at a random moment after a few saves, until at
        // least three kills happened and one of them provably landed inside a save.
        var (rounds, interrupted) = (0, 0);
        while ((rounds < 3 || interrupted == 0) && rounds < 8)
        {
            var (saved, inSave) = await RunAndKillAsync(store, savesBeforeKill: 3, killAfter: TimeSpan.FromMilliseconds(random.Next(2, 40)));
            confirmed.AddRange(saved);
            rounds++;
            interrupted += inSave ? 1 : 0;
        }

        output.WriteLine($"{rounds} writers killed, {interrupted} of them inside a save; {confirmed.Count} saves confirmed");
        Assert.True(interrupted > 0, $"none of {rounds} kills landed inside a save");
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", await command.ExecuteScalarAsync());
        }

        await using var history = await HistoryStores.OpenAsync(store);
        foreach (var id in confirmed)
        {
            var run = await history.LoadRunAsync(id);
            Assert.NotNull(run);
            Assert.Equal(20, run.Result.Scenarios[0].Timeline.Count);
            Assert.Equal(run.Result.Scenarios[0].Totals.Requests, run.Result.Scenarios[0].Timeline.Sum(p => p.Total.Requests));
        }

        // A save the kill interrupted is absent or whole, never partial.
        foreach (var run in await history.ListRunsAsync(new RunQuery { Limit = null }))
        {
            var loaded = await history.LoadRunAsync(run.Id);
            Assert.Equal(20, loaded!.Result.Scenarios[0].Timeline.Count);
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Delete(recursive: true);
    }

    /// <summary>The ids the writer confirmed, and whether its last words were "saving" (killed inside a save).</summary>
    private static async Task<(List<string> Saved, bool InSave)> RunAndKillAsync(string store, int savesBeforeKill, TimeSpan killAfter)
    {
        var saved = new List<string>();
        var last = "";
        using var child = ChildWriter.Start(store);
        var errors = new System.Text.StringBuilder();
        child.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        child.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (saved.Count < savesBeforeKill)
            {
                last = await child.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"The writer exited early: {errors}");
                Confirm(last, saved);
            }

            // The writer saves back to back, so a short random pause usually ends inside a save.
            await Task.Delay(killAfter);
        }
        finally
        {
            // Process.Kill sends SIGKILL on Unix: no finalizers, no disposal, no chance to finish the write.
            child.Kill();
            await child.WaitForExitAsync();
        }

        // Lines written before the kill landed still count.
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            last = line;
            Confirm(line, saved);
        }

        return (saved, last.StartsWith(ChildWriter.SavingPrefix, StringComparison.Ordinal));
    }

    private static void Confirm(string line, List<string> saved)
    {
        if (line.StartsWith(ChildWriter.SavedPrefix, StringComparison.Ordinal))
        {
            saved.Add(line[ChildWriter.SavedPrefix.Length..]);
        }
    }
}
