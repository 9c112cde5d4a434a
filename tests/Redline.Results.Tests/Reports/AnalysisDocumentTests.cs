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

    [Fact]
    public async Task Write_WithGoals_ListsEachGoalAsThePrCommentDoes()
    {
        var runs = await ReportRuns.GetAsync();
        var goal = new Redline.Results.Judgement.GoalRow("steady", "checkout", "response_time_p95", "p95 ms", 200, 150, 140, 30, true);
        var missed = new Redline.Results.Judgement.GoalRow("steady", "login", "throughput", "throughput /s", 100, 120, 110, 10, false);
        using var stream = new MemoryStream();

        AnalysisDocument.Write(stream, runs.Baseline, runs.Current, runs.Comparison, RegressionSeverity.Critical, null, null, [goal, missed]);

        using var document = JsonDocument.Parse(stream.ToArray());
        var goals = document.RootElement.GetProperty("goals").EnumerateArray().ToList();
        Assert.Equal(2, goals.Count);
        Assert.Equal(("checkout", "response_time_p95", 200.0, 150.0, 140.0, true), (goals[0].GetProperty("component").GetString(), goals[0].GetProperty("metric").GetString(), goals[0].GetProperty("baseline").GetDouble(), goals[0].GetProperty("target").GetDouble(), goals[0].GetProperty("measured").GetDouble(), goals[0].GetProperty("met").GetBoolean()));
        Assert.False(goals[1].GetProperty("met").GetBoolean());
        var comment = PrComment.Render(new ReportContext(runs.Current) { Baseline = runs.Baseline, Comparison = runs.Comparison, Goals = [goal, missed], Trends = [new TrendPoint("response_time_p95", 42, 20, 18, 22, 9, true, 12.5)] });
        Assert.Contains("### Trend (7 days)", comment, StringComparison.Ordinal);
        Assert.Contains("- response_time_p95: 42 is **outside** the band 18 to 22 (median 20 over 9 runs), +12.5% week over week", comment, StringComparison.Ordinal);
        Assert.Contains("1 target missed", comment, StringComparison.Ordinal);
    }
}
