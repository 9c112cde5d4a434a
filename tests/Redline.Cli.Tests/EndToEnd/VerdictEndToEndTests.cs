using System.Text.Json;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary>
/// One verdict: <c>run --baseline</c>, <c>compare</c> and <c>report</c> judge the same two stored runs with the
/// thresholds stored with the head run, so a suite's own <c>regression_thresholds</c> hold everywhere.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class VerdictEndToEndTests(BenchServer server) : IClassFixture<BenchServer>, IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-verdict-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Store => Path.Combine(_dir, "history.db");

    /// <summary>Critical at a 10% slower response (the seed's default is 20%), and a p95 target the slower code misses.</summary>
    private string Suite(string name, string path)
    {
        var file = Path.Combine(_dir, name);
        File.WriteAllText(file, $$"""
            suite: verdict
            target:
              base_url: {{server.BaseUrl}}
            components:
              api:
                request: { method: GET, path: {{path}} }
                baseline: { p95: 30ms, throughput: 20/s }
                target: { p95: 21.5ms }
            scenarios:
              steady:
                load: { model: open, rate: 40/s, duration: 8s, max_concurrency: 20 }
            regression_thresholds:
              critical: { response_time_increase: ">10%", action: block_deployment }
            """);
        return file;
    }

    [Fact]
    public async Task RunCompareAndReport_FifteenPercentSlowerUnderSuiteThresholdsOfTenPercent_AllBlockOnTheSuitesThreshold()
    {
        // 100 ms, then 115 ms: +15%, a warning under the seed's defaults and critical under this suite's >10%. Long holds
        // and the median, because a loaded machine adds milliseconds that would blur a shift of a few.
        var first = await RedlineProcess.RunAsync(Limit, "run", Suite("fast.yaml", "/hold/100"), "--quiet", "--store", Store, "--out", Path.Combine(_dir, "base"));
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);

        var run = await RedlineProcess.RunAsync(Limit, "run", Suite("slow.yaml", "/hold/115"), "--quiet", "--store", Store, "--out", Path.Combine(_dir, "head"), "--baseline", "auto");
        Assert.True(run.ExitCode == 3, $"run: exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        var (baseRun, headRun) = Runs(Path.Combine(_dir, "head", "analysis.json"));

        var compare = await RedlineProcess.RunAsync(Limit, "compare", baseRun, headRun, "--store", Store, "--out", Path.Combine(_dir, "cmp"), "--report", "html");
        Assert.True(compare.ExitCode == 3, $"compare: exit {compare.ExitCode}\n{compare.Stdout}\n{compare.Stderr}");

        var reportJson = Path.Combine(_dir, "report.json");
        var report = await RedlineProcess.RunAsync(Limit, "report", headRun, "--baseline", baseRun, "--store", Store, "--format", "json", "--out", reportJson);
        Assert.True(report.ExitCode == 0, report.Stdout + report.Stderr);

        foreach (var analysis in new[] { Path.Combine(_dir, "head", "analysis.json"), Path.Combine(_dir, "cmp", "analysis.json"), reportJson })
        {
            using var document = JsonDocument.Parse(File.ReadAllText(analysis));
            Assert.True(document.RootElement.GetProperty("blocking").GetBoolean(), analysis);
            var p50 = document.RootElement.GetProperty("regressions").EnumerateArray()
                .SingleOrDefault(r => r.GetProperty("metric").GetString() == "response_time_p50" && r.GetProperty("scope").GetString() == "steady");
            Assert.True(p50.ValueKind == JsonValueKind.Object, File.ReadAllText(analysis));
            Assert.Equal("critical: response_time_increase >10%", p50.GetProperty("threshold").GetString());
        }

        Assert.Equal(File.ReadAllText(Path.Combine(_dir, "head", "pr-comment.md")), File.ReadAllText(Path.Combine(_dir, "cmp", "pr-comment.md")));
        Assert.Contains("Against the baseline and target tables", File.ReadAllText(Path.Combine(_dir, "cmp", "report.html")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_StoredRunWithGoals_ShowsThemInMarkdownAndHtml()
    {
        var first = await RedlineProcess.RunAsync(Limit, "run", Suite("fast.yaml", "/fixed"), "--quiet", "--store", Store, "--out", Path.Combine(_dir, "base"));
        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        var second = await RedlineProcess.RunAsync(Limit, "run", Suite("slow.yaml", "/fixed30"), "--quiet", "--store", Store, "--out", Path.Combine(_dir, "head"), "--baseline", "auto");
        var (baseRun, headRun) = Runs(Path.Combine(_dir, "head", "analysis.json"));
        Assert.True(second.ExitCode == 3, second.Stdout + second.Stderr);

        var md = Path.Combine(_dir, "report.md");
        var html = Path.Combine(_dir, "report.html");
        var toMd = await RedlineProcess.RunAsync(Limit, "report", headRun, "--baseline", baseRun, "--store", Store, "--format", "md", "--out", md);
        var toHtml = await RedlineProcess.RunAsync(Limit, "report", headRun, "--store", Store, "--format", "html", "--out", html);

        Assert.True(toMd.ExitCode == 0 && toHtml.ExitCode == 0, toMd.Stderr + toHtml.Stderr);
        var comment = File.ReadAllText(md);
        Assert.Contains("### Goals (1 target missed)", comment, StringComparison.Ordinal);
        Assert.Matches(@"\| steady \| api \| p95 ms \| 30 \| 21\.5 \| [0-9.]+ \| [+-][0-9]+% \| no \|", comment);
        Assert.Contains("<section id=\"goals\">", File.ReadAllText(html), StringComparison.Ordinal);
    }

    private static (string Base, string Head) Runs(string analysisJson)
    {
        using var analysis = JsonDocument.Parse(File.ReadAllText(analysisJson));
        return (analysis.RootElement.GetProperty("baseline_run").GetString()!, analysis.RootElement.GetProperty("current_run").GetString()!);
    }
}
