using Redline.Results.Analysis;
using Redline.Results.Comparison;
using Redline.Results.Reports;
using Redline.Results.Tests.History;

namespace Redline.Results.Tests.Reports;

public sealed class PrCommentTests
{
    [Fact]
    public async Task Render_MonitoredRuns_LeadsWithLatencyThroughputMemoryCpuAndGcPauses()
    {
        var runs = await ReportRuns.GetAsync();

        var comment = PrComment.Render(runs.Baseline, runs.Current, runs.Comparison, RegressionSeverity.Critical, "https://ci.example/report");

        Assert.StartsWith("## Performance benchmark results", comment, StringComparison.Ordinal);
        Assert.Contains("- Response time p95: ", comment, StringComparison.Ordinal);
        Assert.Contains("- Throughput: ", comment, StringComparison.Ordinal);
        Assert.Matches(@"- Memory usage: [0-9.]+ MB \([+-]?[0-9.]+%\)", comment);
        Assert.Matches(@"- CPU usage: [0-9.]+ % of the machine \(([+-]?[0-9.]+%|n/a)\)", comment);
        Assert.Matches(@"- GC pause p99: [0-9.]+ ms \(([+-]?[0-9.]+%|n/a)\)", comment);
        Assert.EndsWith("[Full report](https://ci.example/report)" + Environment.NewLine, comment, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_RunsWithEnoughSeconds_SaysTheSmallestP95ChangeGradedAndWhatItWasJudgedAgainst()
    {
        var start = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
        var baseline = SampleRuns.Synthetic("base-run", start, seconds: 12, seed: 1);
        var current = SampleRuns.Synthetic("head-run", start.AddHours(1), seconds: 12, seed: 2);
        var comparison = RunToRunNoise.Apply(RunComparer.Compare(baseline, current, new RegressionAnalyzer(), new LeakDetector()), [], 1, RunToRunNoise.DefaultWindow);

        var comment = PrComment.Render(baseline, current, comparison, RegressionSeverity.Critical, null);

        Assert.Matches(@"Sensitivity \(p95\): the smallest change graded is notice \+[0-9.]+%, warning \+[0-9.]+%, critical \+[0-9.]+%\.", comment);
        Assert.Contains("_judged against run base-run alone: 1 earlier run like it", comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_TargetNotWatched_LeavesOutCpuAndGcLines()
    {
        var runs = await ReportRuns.GetAsync();
        var bare = runs.Current with { Scenarios = [runs.Scenario with { Target = null, Resources = null }] };

        var comment = PrComment.Render(runs.Baseline, bare, runs.Comparison, RegressionSeverity.Critical, null);

        Assert.Contains("- Memory usage: not measured", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("CPU usage", comment, StringComparison.Ordinal);
        Assert.DoesNotContain("GC pause", comment, StringComparison.Ordinal);
    }
}
