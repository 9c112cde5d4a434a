using BenchmarkDotNet.Jobs;

namespace Redline.MicroPacks.Database;

/// <summary>The seed's <c>database_operations</c> matrix, run with BenchmarkDotNet against a SQLite file or a PostgreSQL server.</summary>
public static class DatabasePack
{
    /// <summary>The seed's sizes.</summary>
    public static readonly IReadOnlyList<int> SeedSizes = [1, 10, 100, 1000, 10000];

    /// <summary>The seed's concurrencies.</summary>
    public static readonly IReadOnlyList<int> SeedConcurrencies = [1, 10, 50, 100];

    /// <summary>
    /// Creates the scratch tables in <paramref name="database"/>, runs the operations × sizes × concurrencies under
    /// <paramref name="job"/> with BenchmarkDotNet's artifacts in <paramref name="artifacts"/>, removes the tables
    /// (also when the run fails or is cancelled) and returns the full JSON reports. Fails with a <see cref="System.Data.Common.DbException"/>
    /// when the database cannot be reached or prepared, and with <see cref="PackSetupException"/> when it cannot take the concurrency.
    /// </summary>
    public static async Task<IReadOnlyList<string>> RunAsync(
        (DatabaseKind Kind, string Target) database,
        (IReadOnlyList<DbOperation> Operations, IReadOnlyList<int> Sizes, IReadOnlyList<int> Concurrencies) matrix,
        Job job,
        string artifacts,
        TextWriter progress,
        CancellationToken cancellationToken)
    {
        var concurrency = matrix.Concurrencies.Max();
        var rows = (long)matrix.Sizes.Max() * concurrency;
        progress.WriteLine($"seeding {rows:N0} rows ...");
        var scratch = database.Kind == DatabaseKind.Sqlite
            ? await SqliteScratch.CreateAsync(database.Target, rows, cancellationToken).ConfigureAwait(false)
            : await PostgresScratch.CreateAsync(database.Target, matrix.Sizes, concurrency, rows, cancellationToken).ConfigureAwait(false);
        ThreadPool.GetMinThreads(out var workers, out var ports);
        try
        {
            progress.WriteLine($"scratch tables: {scratch.Place}");
            // A round runs its operations on as many pool threads at once; the pool would otherwise add them a few a second.
            ThreadPool.SetMinThreads(Math.Max(workers, concurrency + Environment.ProcessorCount), ports);
            DatabaseOperations.Current = new DatabaseRun(scratch, matrix.Sizes, matrix.Concurrencies, cancellationToken);
            var names = matrix.Operations.Select(o => o.ToString()).ToHashSet(StringComparer.Ordinal);
            return PackRunner.Run(typeof(DatabaseOperations), job, names.Contains, artifacts, progress);
        }
        finally
        {
            DatabaseOperations.Current = null;
            ThreadPool.SetMinThreads(workers, ports);
            await scratch.DisposeAsync().ConfigureAwait(false);
        }
    }
}
