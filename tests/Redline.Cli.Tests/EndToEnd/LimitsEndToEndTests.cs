namespace Redline.Cli.Tests.EndToEnd;

/// <summary>A run the machine cannot carry is refused before any load, with the limit named; one it can carry says which HTTP client it used.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class LimitsEndToEndTests(BenchServer server) : IClassFixture<BenchServer>, IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-limits-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Suite(int users, string transport = "auto")
    {
        var file = Path.Combine(_dir, $"suite-{users}-{transport}.yaml");
        File.WriteAllText(file, $"""
            suite: limits
            target:
              base_url: {server.BaseUrl}
              transport: {transport}
            components:
              api:
                request: {"{"} method: GET, path: /fixed {"}"}
            scenarios:
              crowd:
                load: {"{"} model: closed, users: {users}, duration: 2s, think_time: 500ms {"}"}
            """);
        return file;
    }

    [Fact]
    public async Task Run_MoreUsersThanTheOpenFileLimit_IsRefusedWithExit5BeforeAnyLoad()
    {
        var outDir = Path.Combine(_dir, "refused");

        var (code, stdout, stderr) = await RedlineProcess.RunUnderAsync(Limit, ["prlimit", "--nofile=600:600", "--"], "run", Suite(2000), "--quiet", "--out", outDir);

        Assert.True(code == 5, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("needs up to 2,000 connections at once (2,000 users)", stderr, StringComparison.Ordinal);
        Assert.Contains("may open 600 files (the open-file limit, `ulimit -n`)", stderr, StringComparison.Ordinal);
        Assert.Contains("no load was sent", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir, "results.json")));
    }

    [Theory]
    [InlineData("auto", "http1")]
    [InlineData("httpclient", "httpclient")]
    public async Task Run_WithinTheLimits_NamesTheTransportInResults(string asked, string used)
    {
        var outDir = Path.Combine(_dir, asked);

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", Suite(20, asked), "--quiet", "--out", outDir);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        using var results = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        Assert.Equal(used, results.RootElement.GetProperty("generator").GetProperty("transport").GetString());
        var scenario = results.RootElement.GetProperty("scenarios")[0];
        Assert.True(scenario.GetProperty("requests").GetInt64() >= 20);
        Assert.Equal(0, scenario.GetProperty("errors").GetInt64());
    }
}
