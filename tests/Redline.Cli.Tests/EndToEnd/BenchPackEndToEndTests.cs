using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary>
/// <c>redline bench db</c> on a real SQLite file and <c>bench serialization</c> through the real CLI, with BenchmarkDotNet's
/// one-iteration job: the benchmarks' identities, their allocations, the scratch tables gone after, a second run judged.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class BenchPackEndToEndTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-packs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The identities a <c>bench db</c> run of these sizes and concurrencies stores, with the dry job.</summary>
    public static IEnumerable<string> DbIds(int[] sizes, int[] concurrencies) =>
        from size in sizes
        from concurrency in concurrencies
        from operation in (string[])["Insert", "Select", "Update", "Delete", "Join"]
        select $"DatabaseOperations.{operation}(Size={size}, Concurrency={concurrency}) [dry]";

    /// <summary>The benchmarks of a run's results.json: identity and bytes allocated per operation.</summary>
    public static Dictionary<string, double> Allocations(string outDir)
    {
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var micro = results.RootElement.GetProperty("micro");
        Assert.Equal("benchmarkdotnet", micro.GetProperty("format").GetString());
        return micro.GetProperty("benchmarks").EnumerateArray().ToDictionary(
            b => b.GetProperty("id").GetString()!,
            b => b.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("name").GetString() == "allocated_per_op").GetProperty("value").GetDouble());
    }

    [Fact]
    public async Task BenchDb_SqliteFile_StoresTheMatrixLeavesTheFileAsItWasAndJudgesTheNextRun()
    {
        var database = Path.Combine(_dir, "app.db");
        Sql(database, "CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL); INSERT INTO orders VALUES (1, 9.5), (2, 20), (3, 7.25)");
        string[] common = ["bench", "db", "--sizes", "1,10", "--concurrency", "1,2", "--job", "dry", "--store", Path.Combine(_dir, "history.db")];

        var first = await RedlineProcess.RunAsync(Limit, [.. common, "--database", database, "--out", Path.Combine(_dir, "first")]);

        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        var allocations = Allocations(Path.Combine(_dir, "first"));
        Assert.Equal(DbIds([1, 10], [1, 2]).Order(), allocations.Keys.Order());
        Assert.All(allocations.Values, bytes => Assert.InRange(bytes, 1, 10_000_000));
        Assert.Contains("rows/s", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("time/op is one round", first.Stdout, StringComparison.Ordinal);
        Assert.Equal("orders", Sql(database, "SELECT group_concat(name) FROM sqlite_master WHERE type = 'table'"));
        Assert.Equal("1:9.5,2:20.0,3:7.25", Sql(database, "SELECT group_concat(id || ':' || total) FROM (SELECT * FROM orders ORDER BY id)"));
        Assert.Equal("delete", Sql(database, "PRAGMA journal_mode"));

        // A file the command makes is its own: it is deleted after.
        var made = Path.Combine(_dir, "made.db");
        var second = await RedlineProcess.RunAsync(Limit, [.. common, "--database", made, "--out", Path.Combine(_dir, "second"), "--baseline", "auto"]);

        Assert.True(second.ExitCode is 0 or 3, second.Stdout + second.Stderr);
        Assert.True(File.Exists(Path.Combine(_dir, "second", "analysis.json")), second.Stdout);
        Assert.Contains("bench:db-sqlite", second.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir, "made.db*"));
    }

    [Fact]
    public async Task BenchSerialization_SmallPayloads_StoresEachFormatAndOperationWithItsEncodedSize()
    {
        var run = await RedlineProcess.RunAsync(Limit, ["bench", "serialization", "--sizes", "small", "--job", "dry", "--store", Path.Combine(_dir, "history.db"), "--out", Path.Combine(_dir, "run")]);

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        var allocations = Allocations(Path.Combine(_dir, "run"));
        var expected = from format in (string[])["json", "msgpack", "protobuf"]
                       from operation in (string[])["Serialize", "Deserialize"]
                       select $"SerializationFormats.{operation}(Format={format}, Size=small) [dry]";
        Assert.Equal(expected.Order(), allocations.Keys.Order());
        // Deserializing makes a new order with its lines; serializing into the reused buffer may allocate nothing.
        Assert.All(allocations.Where(a => a.Key.Contains("Deserialize", StringComparison.Ordinal)), a => Assert.InRange(a.Value, 100, 100_000));
        Assert.Contains("encoded", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("bench:serialization", run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--operations", "insert,upsert", 2, "--operations: expected insert, select, update, delete, join, got 'upsert'")]
    [InlineData("--sizes", "10,0", 2, "--sizes: expected whole numbers from 1 to 1,000,000, got '0'")]
    [InlineData("--job", "long", 2, "--job: expected one of short, dry, medium, got 'long'")]
    [InlineData("--database", "/nonexistent-redline-dir/x.db", 5, "--database /nonexistent-redline-dir/x.db:")]
    [InlineData("--database", "Host=127.0.0.1;Port=9;Username=postgres;Timeout=5", 5, "--database postgresql://127.0.0.1:9/")]
    public async Task BenchDb_BadInput_ExitsNamingTheOptionAndStoresNothing(string option, string value, int code, string message)
    {
        var options = new Dictionary<string, string> { ["--database"] = Path.Combine(_dir, "x.db"), ["--sizes"] = "1", ["--job"] = "dry", [option] = value };
        var run = await RedlineProcess.RunAsync(Limit, ["bench", "db", .. options.SelectMany(o => (string[])[o.Key, o.Value]), "--store", Path.Combine(_dir, "history.db")]);

        Assert.True(run.ExitCode == code, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        Assert.Contains(message, run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "history.db")));
        Assert.False(File.Exists(Path.Combine(_dir, "x.db")));
    }

    private static string? Sql(string database, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar()?.ToString();
    }
}
