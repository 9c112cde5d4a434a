using System.Text.Json;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary><c>redline run --baseline auto</c> and <c>redline compare</c> as CI uses them, with a real store.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class GateEndToEndTests(BenchServer server) : IClassFixture<BenchServer>, IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-gate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Store => Path.Combine(_dir, "history.db");

    /// <summary>The same suite and scenario; only the endpoint behind the component changes, as a code change would.</summary>
    private string Suite(string name, string path)
    {
        var file = Path.Combine(_dir, name);
        File.WriteAllText(file, $$"""
            suite: gate
            target:
              base_url: {{server.BaseUrl}}
            components:
              api:
                request: { method: GET, path: {{path}} }
            scenarios:
              steady:
                load: { model: open, rate: 40/s, duration: 8s, max_concurrency: 20 }
            """);
        return file;
    }

    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(string suite, string outDir, params string[] extra) =>
        await RedlineProcess.RunAsync(Limit, ["run", suite, "--quiet", "--store", Store, "--out", Path.Combine(_dir, outDir), .. extra]);

    [Fact]
    public async Task Run_SlowerThanItsBaseline_ExitsThreeWithACriticalRegressionAndAComment()
    {
        var first = await RunAsync(Suite("fast.yaml", "/fixed"), "base");
        Assert.True(first.Code == 0, first.Stdout + first.Stderr);

        // 20 ms -> 60 ms: a shift that a busy machine's noise on either run cannot hide or halve.
        var (code, stdout, stderr) = await RunAsync(Suite("slow.yaml", "/hold/60"), "head", "--baseline", "auto", "--report", "md,junit");

        Assert.True(code == 3, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("critical", stdout, StringComparison.Ordinal);
        using var analysis = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "head", "analysis.json")));
        Assert.True(analysis.RootElement.GetProperty("blocking").GetBoolean());
        var p95 = analysis.RootElement.GetProperty("regressions").EnumerateArray()
            .First(r => r.GetProperty("metric").GetString() == "response_time_p95" && r.GetProperty("scope").GetString() == "steady");
        Assert.Equal("critical", p95.GetProperty("severity").GetString());
        Assert.Equal("block_deployment", p95.GetProperty("action").GetString());
        Assert.True(p95.GetProperty("change").GetDouble() > 40);
        Assert.True(p95.GetProperty("significance").GetProperty("p_value").GetDouble() < 0.05);
        var comment = File.ReadAllText(Path.Combine(_dir, "head", "pr-comment.md"));
        Assert.Contains("Regressions detected", comment, StringComparison.Ordinal);
        Assert.Contains("<failure", File.ReadAllText(Path.Combine(_dir, "head", "junit.xml")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SameCodeTwice_StaysQuietAndCompareAgrees()
    {
        var first = await RunAsync(Suite("a.yaml", "/fixed"), "one");
        Assert.True(first.Code == 0, first.Stdout + first.Stderr);

        var (code, stdout, stderr) = await RunAsync(Suite("a.yaml", "/fixed"), "two", "--baseline", "auto");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");

        // The whole output when it fails: a false alarm on the same code is the gate's worst fault, and it must be readable.
        Assert.True(stdout.Contains("No regressions", StringComparison.Ordinal), stdout);
        using var analysis = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "two", "analysis.json")));
        Assert.False(analysis.RootElement.GetProperty("regression").GetBoolean());
        Assert.Equal(JsonValueKind.Array, analysis.RootElement.GetProperty("trend").ValueKind);
        Assert.Contains("No regressions", File.ReadAllText(Path.Combine(_dir, "two", "pr-comment.md")), StringComparison.Ordinal);
        var baseRun = analysis.RootElement.GetProperty("baseline_run").GetString()!;
        var headRun = analysis.RootElement.GetProperty("current_run").GetString()!;

        var compare = await RedlineProcess.RunAsync(Limit, "compare", baseRun, headRun, "--store", Store, "--out", Path.Combine(_dir, "cmp"));
        Assert.True(compare.ExitCode == 0, compare.Stdout + compare.Stderr);
        Assert.True(File.Exists(Path.Combine(_dir, "cmp", "analysis.json")));

        var list = await RedlineProcess.RunAsync(Limit, "history", "list", "--store", Store, "--suite", "gate");
        Assert.Contains(baseRun, list.Stdout, StringComparison.Ordinal);
        Assert.Contains("2 runs", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BaselineAutoWithAnEmptyStore_PassesAndSaysThereIsNothingToCompare()
    {
        // A pipeline's first run with --baseline auto must not fail: it becomes the baseline.
        var (code, stdout, stderr) = await RunAsync(Suite("a.yaml", "/fixed"), "lonely", "--baseline", "auto");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("no baseline yet", stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "lonely", "analysis.json")));
    }

    [Fact]
    public async Task Run_NamedBaselineThatDoesNotExist_ExitsTwoSayingWhy()
    {
        var (code, _, stderr) = await RunAsync(Suite("a.yaml", "/fixed"), "named", "--baseline", "release-9", "--no-store");

        Assert.Equal(2, code);
        Assert.Contains("no run or named baseline 'release-9'", stderr, StringComparison.Ordinal);
    }
}
