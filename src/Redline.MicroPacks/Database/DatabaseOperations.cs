using System.Data.Common;
using BenchmarkDotNet.Attributes;

namespace Redline.MicroPacks.Database;

/// <summary>
/// The seed's database operations. One invocation is one round: <see cref="Concurrency"/> operations, each on its own
/// connection and its own <see cref="Size"/> rows, issued together; the time BenchmarkDotNet reports is the round's.
/// </summary>
public class DatabaseOperations
{
    private DbConnection[] _connections = [];

    /// <summary>The scratch tables, sizes and concurrencies of this run, set before BenchmarkDotNet reads the parameters (it runs in process).</summary>
    internal static DatabaseRun? Current { get; set; }

    /// <summary>The sizes of this run.</summary>
    public static IEnumerable<int> Sizes => Current?.Sizes ?? [];

    /// <summary>The concurrencies of this run.</summary>
    public static IEnumerable<int> Concurrencies => Current?.Concurrencies ?? [];

    /// <summary>The rows each operation touches.</summary>
    [ParamsSource(nameof(Sizes), Priority = 0)]
    public int Size { get; set; }

    /// <summary>The operations of a round, issued together on separate connections.</summary>
    [ParamsSource(nameof(Concurrencies), Priority = 1)]
    public int Concurrency { get; set; }

    private static DatabaseRun Run => Current ?? throw new InvalidOperationException("DatabaseOperations runs only through DatabasePack");

    /// <summary>Opens the connections of a round, once per size and concurrency.</summary>
    [GlobalSetup]
    public async Task SetupAsync()
    {
        Run.Cancellation.ThrowIfCancellationRequested();
        _connections = new DbConnection[Concurrency];
        for (var slot = 0; slot < Concurrency; slot++)
        {
            _connections[slot] = await Run.Database.OpenAsync(Run.Cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Closes them.</summary>
    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        foreach (var connection in _connections.Where(c => c is not null))
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        _connections = [];
    }

    /// <summary>A round of inserts.</summary>
    [Benchmark]
    public Task Insert() => RoundAsync(DbOperation.Insert);

    /// <summary>A round of selects.</summary>
    [Benchmark]
    public Task Select() => RoundAsync(DbOperation.Select);

    /// <summary>A round of updates.</summary>
    [Benchmark]
    public Task Update() => RoundAsync(DbOperation.Update);

    /// <summary>A round of deletes.</summary>
    [Benchmark]
    public Task Delete() => RoundAsync(DbOperation.Delete);

    /// <summary>A round of joins.</summary>
    [Benchmark]
    public Task Join() => RoundAsync(DbOperation.Join);

    private Task RoundAsync(DbOperation operation)
    {
        // Ctrl+C ends the run at the next round: each remaining benchmark fails at once and the tables are dropped.
        var run = Run;
        run.Cancellation.ThrowIfCancellationRequested();
        if (_connections.Length == 1)
        {
            return run.Database.RunAsync(_connections[0], operation, Size, 0);
        }

        var operations = new Task[_connections.Length];
        for (var slot = 0; slot < operations.Length; slot++)
        {
            var connection = _connections[slot];
            var mine = slot;
            // On a thread each: SQLite's client is synchronous, and an operation must not wait for another's turn on this one.
            operations[slot] = Task.Run(() => run.Database.RunAsync(connection, operation, Size, mine));
        }

        return Task.WhenAll(operations);
    }
}

/// <summary>What the benchmarks of one <c>bench db</c> run read: the scratch tables and the matrix.</summary>
internal sealed record DatabaseRun(ScratchDatabase Database, IReadOnlyList<int> Sizes, IReadOnlyList<int> Concurrencies, CancellationToken Cancellation);
