using Redline.Engine;

namespace Redline.Results.Reports.Html;

/// <summary>The degradation curve of a scenario with stages: latency and throughput against the load of each stage.</summary>
internal static class DegradationCharts
{
    /// <summary>p50, p95 and p99 of each stage at its load; null without two or more stages.</summary>
    public static LineChart? Latency(ScenarioResult scenario) => scenario.Stages.Count < 2 ? null : new LineChart(
        "Latency against load",
        LoadAxis(scenario),
        new ChartAxis("latency (ms)"),
        [
            Series(scenario, "p50", Palette.Blue, m => m.Latency.P50),
            Series(scenario, "p95", Palette.Orange, m => m.Latency.P95),
            Series(scenario, "p99", Palette.Red, m => m.Latency.P99),
        ]);

    /// <summary>Each stage's throughput at its load; null without two or more stages.</summary>
    public static LineChart? Throughput(ScenarioResult scenario) => scenario.Stages.Count < 2 ? null : new LineChart(
        "Throughput against load",
        LoadAxis(scenario),
        new ChartAxis("requests per second"),
        [Series(scenario, "throughput", Palette.Green, m => m.ThroughputRps)]);

    private static ChartAxis LoadAxis(ScenarioResult scenario) => new($"load at the end of each stage ({scenario.Stages[0].Span.Unit})");

    private static ChartSeries Series(ScenarioResult scenario, string name, string color, Func<Measures, double> read) =>
        new(name, color, [.. scenario.Stages.Where(s => s.Measures.Requests > 0 && s.Span.Phase is "load" or "probe").OrderBy(s => s.Span.To).Select(s => new ChartPoint(s.Span.To, read(s.Measures)))]);
}
