using Microsoft.Data.Sqlite;
using Redline.Results.History;

namespace Redline.Results.Tests.History;

/// <summary>A writer killed with SIGKILL mid-save leaves an intact SQLite store holding every run whose save returned.</summary>
public sealed class DurabilityTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("redline-durability-");

    [Fact]
    public async Task SaveRunAsync_WriterKilledWithSigkill_KeepsEveryReturnedRunAndIntegrity()
    {
        var path = Path.Combine(_directory.FullName, "history.db");
        var store = "sqlite:" + path;
        var confirmed = new List<string>();
        var random = new Random(7);

        // Three writers in turn on one file, each killed at a random moment after a few saves.
        for (var round = 0; round < 3; round++)
        {
            var saved = await RunAndKillAsync(store, savesBeforeKill: 3 + round, killAfter: TimeSpan.FromMilliseconds(random.Next(5, 60)));
            confirmed.AddRange(saved);
        }

        Assert.True(confirmed.Count >= 12, $"only {confirmed.Count} saves were confirmed");
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

    private static async Task<List<string>> RunAndKillAsync(string store, int savesBeforeKill, TimeSpan killAfter)
    {
        var saved = new List<string>();
        using var child = ChildWriter.Start(store);
        var errors = new System.Text.StringBuilder();
        child.ErrorDataReceived += (_, e) => errors.AppendLine(e.Data);
        child.BeginErrorReadLine();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (saved.Count < savesBeforeKill)
            {
                var line = await child.StandardOutput.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"The writer exited early: {errors}");
                if (line.StartsWith(ChildWriter.SavedPrefix, StringComparison.Ordinal))
                {
                    saved.Add(line[ChildWriter.SavedPrefix.Length..]);
                }
            }

            // Kill mid-way through a later save: the writer saves continuously, so a random pause lands inside one.
            await Task.Delay(killAfter);
        }
        finally
        {
            // Process.Kill sends SIGKILL on Unix: no finalizers, no disposal, no chance to finish the write.
            child.Kill();
            await child.WaitForExitAsync();
        }

        // Ids printed before the kill landed were confirmed too.
        while (await child.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith(ChildWriter.SavedPrefix, StringComparison.Ordinal))
            {
                saved.Add(line[ChildWriter.SavedPrefix.Length..]);
            }
        }

        return saved;
    }
}
