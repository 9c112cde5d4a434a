using System.ComponentModel;
using System.Data.Common;
using System.Globalization;
using Npgsql;
using Redline.Cli.Running;
using Redline.Engine;
using Redline.MicroPacks;
using Redline.MicroPacks.Database;
using Redline.Results.History;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Bench;

/// <summary>
/// <c>redline bench db --database FILE|CONNECTION</c>: the seed's <c>database_operations</c> matrix (operation × size ×
/// concurrency) run in process by BenchmarkDotNet against scratch tables in a SQLite file or a PostgreSQL database,
/// which are removed after; the results are stored and judged like any import.
/// </summary>
internal sealed class BenchDbCommand : AsyncCommand<BenchDbCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var database = settings.Address;
        var now = TimeProvider.System.GetUtcNow();
        var runId = ScenarioRunner.NewRunId(now);
        var outDir = Path.GetFullPath(settings.Out ?? Path.Combine(".redline", "runs", runId));
        var (operations, sizes, concurrencies) = (settings.OperationList, settings.SizeList, settings.ConcurrencyList);
        using var signal = new ShutdownSignal();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, signal.Token);
        IReadOnlyList<string> reports;
        try
        {
            reports = await DatabasePack.RunAsync(database, (operations, sizes, concurrencies), PackJobs.Find(settings.Job)!, Path.Combine(outDir, "benchmarkdotnet"), Console.Out, stop.Token).ConfigureAwait(false);
        }
        catch (PackSetupException exception)
        {
            throw new UserFacingException(ExitCodes.BadInput, exception.Message);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return Aborted();
        }
        catch (Exception exception) when (exception is DbException or IOException or UnauthorizedAccessException or ArgumentException or TimeoutException)
        {
            throw new UserFacingException(ExitCodes.PreflightFailed, $"--database {Describe(database)}: {exception.Message}");
        }

        if (stop.IsCancellationRequested)
        {
            return Aborted();
        }

        var suite = settings.Suite ?? (database.Kind == DatabaseKind.Sqlite ? "bench:db-sqlite" : "bench:db-postgres");
        AnsiConsole.MarkupLine(Markup.Escape(
            "time/op is one round: Concurrency operations of Size rows each, issued together on connections of their own;" + Environment.NewLine +
            "rows/s = Size × Concurrency / time; insert, update and delete are rolled back"));
        MicroColumn rate = new("rows/s", RowsPerSecond);
        var expected = operations.Count * sizes.Count * concurrencies.Count;
        return await PackRuns.JudgeAsync(settings, (runId, now, outDir, suite, $"the database pack on {Describe(database)}"), reports, expected, [rate], cancellationToken).ConfigureAwait(false);
    }

    private static int Aborted()
    {
        AnsiConsole.MarkupLine("aborted: the scratch tables were removed and nothing was stored");
        return ExitCodes.Aborted;
    }

    private static string RowsPerSecond(MicroBenchmark benchmark)
    {
        var culture = CultureInfo.InvariantCulture;
        var size = double.Parse(PackRuns.Parameter(benchmark, "Size"), culture);
        var concurrency = double.Parse(PackRuns.Parameter(benchmark, "Concurrency"), culture);
        return benchmark.Metric("time_per_op") is { Value: > 0 } time ? (size * concurrency / (time.Value / 1e9)).ToString("N0", culture) : "-";
    }

    /// <summary>The database for messages: the file, or host, port and database, never a password.</summary>
    private static string Describe((DatabaseKind Kind, string Target) database)
    {
        if (database.Kind == DatabaseKind.Sqlite)
        {
            return database.Target;
        }

        try
        {
            var builder = new NpgsqlConnectionStringBuilder(database.Target);
            return $"postgresql://{builder.Host}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException)
        {
            return "(PostgreSQL)";
        }
    }

    /// <summary>The options of <c>redline bench db</c>.</summary>
    internal sealed class Settings : PackSettings
    {
        [CommandOption("-d|--database <DATABASE>")]
        [Description("The database under test: a SQLite file (created and deleted when missing) or a PostgreSQL connection string (Host=...;Database=... or postgresql://...). Its scratch tables are removed after. Not --store: that is the history store.")]
        public string? Database { get; init; }

        [CommandOption("--operations <OPERATIONS>")]
        [Description("insert, select, update, delete, join; comma-separated or repeated. Default: all five. Insert, update and delete run in a transaction that is rolled back, so every round finds the tables as seeded.")]
        public string[] Operations { get; init; } = [];

        [CommandOption("--sizes <SIZES>")]
        [Description("The rows each operation touches. Default: 1,10,100,1000,10000.")]
        public string[] Sizes { get; init; } = [];

        [CommandOption("--concurrency <COUNTS>")]
        [Description("The operations of a round, issued together on connections of their own; time/op is the round's. Default: 1,10,50,100.")]
        public string[] Concurrency { get; init; } = [];

        /// <summary>Which database --database names, and its path or Npgsql connection string.</summary>
        public (DatabaseKind Kind, string Target) Address
        {
            get
            {
                var (kind, target) = Results.History.StoreAddress.Parse(Database);
                return (kind == HistoryStoreKind.Postgres ? DatabaseKind.Postgres : DatabaseKind.Sqlite, target);
            }
        }

        /// <summary>The operations to run, in the seed's order.</summary>
        public IReadOnlyList<DbOperation> OperationList =>
            [.. DbOperations.All.Where(o => Given(Operations, OperationNames).Contains(o.Name)).Select(o => o.Operation)];

        /// <summary>The sizes to run, ascending.</summary>
        public IReadOnlyList<int> SizeList => Counts(Given(Sizes, Texts(DatabasePack.SeedSizes)));

        /// <summary>The concurrencies to run, ascending.</summary>
        public IReadOnlyList<int> ConcurrencyList => Counts(Given(Concurrency, Texts(DatabasePack.SeedConcurrencies)));

        private static IReadOnlyList<string> OperationNames => [.. DbOperations.All.Select(o => o.Name)];

        public override ValidationResult Validate()
        {
            var problems = PackProblems()
                .Concat(NameProblems("--operations", Given(Operations, OperationNames), OperationNames))
                .Concat(CountProblems("--sizes", Given(Sizes, Texts(DatabasePack.SeedSizes)), 1_000_000))
                .Concat(CountProblems("--concurrency", Given(Concurrency, Texts(DatabasePack.SeedConcurrencies)), 1000))
                .ToList();
            if (string.IsNullOrWhiteSpace(Database))
            {
                problems.Add("--database: expected a SQLite file or a PostgreSQL connection string");
            }
            else
            {
                try
                {
                    _ = Address;
                }
                catch (ArgumentException exception)
                {
                    problems.Add($"--database: {exception.Message}");
                }
            }

            return problems.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join(Environment.NewLine, problems));
        }

        private static string[] Texts(IReadOnlyList<int> values) => [.. values.Select(v => v.ToString(CultureInfo.InvariantCulture))];
    }
}
