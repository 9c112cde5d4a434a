using Redline.Results.Analysis;
using Redline.Results.Reports;

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
