using Redline.Results.History;
using Redline.Testing.Postgres;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary><c>redline bench db</c> against a real PostgreSQL server: a scratch schema made and dropped, the rest of the database untouched.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BenchDbPostgresEndToEndTests(BenchDbPostgresEndToEndTests.Server server) : IClassFixture<BenchDbPostgresEndToEndTests.Server>, IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-packs-pg-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task BenchDb_Postgres_RunsInAScratchSchemaDropsItAndJudgesTheNextRun()
    {
        var keep = "keep_" + Guid.NewGuid().ToString("N")[..8];
        await server.ExecuteAsync($"CREATE TABLE public.{keep} (id integer PRIMARY KEY, note text); INSERT INTO public.{keep} VALUES (1, 'a'), (2, 'b')");
        var schemas = await ScratchSchemasAsync();
        string[] run = ["bench", "db", "--database", server.ConnectionString, "--sizes", "1,10", "--concurrency", "1,2", "--job", "dry", "--store", Path.Combine(_dir, "history.db")];

        var first = await RedlineProcess.RunAsync(Limit, [.. run, "--out", Path.Combine(_dir, "first")]);

        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        var allocations = BenchPackEndToEndTests.Allocations(Path.Combine(_dir, "first"));
        Assert.Equal(BenchPackEndToEndTests.DbIds([1, 10], [1, 2]).Order(), allocations.Keys.Order());
        Assert.All(allocations.Values, bytes => Assert.InRange(bytes, 1, 10_000_000));
        Assert.Contains("bench:db-postgres", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("scratch tables: schema redline_bench_", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(schemas, await ScratchSchemasAsync());
        Assert.Equal("1:a,2:b", await server.ExecuteAsync($"SELECT string_agg(id || ':' || note, ',' ORDER BY id) FROM public.{keep}"));

        var second = await RedlineProcess.RunAsync(Limit, [.. run, "--out", Path.Combine(_dir, "second"), "--baseline", "auto"]);

        Assert.True(second.ExitCode is 0 or 3, second.Stdout + second.Stderr);
        Assert.True(File.Exists(Path.Combine(_dir, "second", "analysis.json")), second.Stdout);
        Assert.Equal(schemas, await ScratchSchemasAsync());
        await server.ExecuteAsync($"DROP TABLE public.{keep}");
    }

    [Fact]
    public async Task BenchDb_MoreConcurrencyThanTheServerTakes_ExitsTwoNamingConcurrencyBeforeMakingAnything()
    {
        var schemas = await ScratchSchemasAsync();

        var run = await RedlineProcess.RunAsync(Limit, ["bench", "db", "--database", server.ConnectionString, "--sizes", "1", "--concurrency", "1,1000", "--job", "dry", "--store", Path.Combine(_dir, "history.db")]);

        Assert.True(run.ExitCode == 2, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains("--concurrency: the largest value, 1000, needs 1000 connections at once", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("max_connections", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "history.db")));
        Assert.Equal(schemas, await ScratchSchemasAsync());
    }

    private async Task<string> ScratchSchemasAsync() =>
        (await server.ExecuteAsync("SELECT coalesce(string_agg(nspname, ',' ORDER BY nspname), '') FROM pg_namespace WHERE nspname LIKE 'redline\\_bench\\_%'"))?.ToString() ?? "";

    /// <summary>The PostgreSQL server of these tests: REDLINE_TEST_POSTGRES (a connection string or a postgresql:// URI) or a private cluster.</summary>
    public sealed class Server : PostgresInstance
    {
        protected override string ConnectionStringOf(string given) => StoreAddress.Parse(given) is (HistoryStoreKind.Postgres, var target)
            ? target
            : throw new InvalidOperationException($"{Variable} must be a PostgreSQL connection string (Host=...) or a postgresql:// URI.");
    }
}
