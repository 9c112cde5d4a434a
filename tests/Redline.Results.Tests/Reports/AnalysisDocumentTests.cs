using System.Text.Json;
using Redline.Results.Analysis;
using Redline.Results.Comparison;
using Redline.Results.Reports;

namespace Redline.Results.Tests.Reports;

public sealed class AnalysisDocumentTests
{
    [Fact]
    public async Task Write_ComparisonWithTrend_HasThePrCommentFieldsAndTheTrend()
    {
        var runs = await ReportRuns.GetAsync();
        var trend = new TrendPoint("response_time_p95", 42, 20, 18, 22, 9, true, 12.5);
        using var stream = new MemoryStream();

        AnalysisDocument.Write(stream, runs.Baseline, runs.Current, runs.Comparison, RegressionSeverity.Critical, "https://ci.example/report", [trend]);

        using var document = JsonDocument.Parse(stream.ToArray());
        var root = document.RootElement;
        foreach (var field in new[] { "summary", "response_time_p95", "change_p95", "throughput", "change_throughput", "memory_usage", "change_memory", "cpu_usage", "change_cpu", "gc_pause_p99", "change_gc_pause_p99", "regressions", "report_url" })
        {
            Assert.True(root.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.Equal(runs.Current.Scenarios[0].Totals.Latency.P95, root.GetProperty("response_time_p95").GetDouble(), 3);
        Assert.Equal("https://ci.example/report", root.GetProperty("report_url").GetString());
        Assert.Equal(runs.Current.Scenarios[0].Target!.CpuUsagePercent, root.GetProperty("cpu_usage").GetDouble(), 3);
        Assert.Equal(runs.Current.Scenarios[0].Resources!.TargetGcPauses!.P99Ms, root.GetProperty("gc_pause_p99").GetDouble(), 3);
        var written = Assert.Single(root.GetProperty("trend").EnumerateArray());
        Assert.True(written.GetProperty("outside_band").GetBoolean());
        Assert.Equal(12.5, written.GetProperty("week_over_week").GetDouble());
    }
}
