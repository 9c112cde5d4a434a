using System.Globalization;
using System.Text;
using Redline.Cli.Suites;
using Redline.Engine;
using Redline.Results.Judgement;
using Spectre.Console;

namespace Redline.Cli.Demo;

/// <summary>One component: the seed's figures, the measured ones, the improvement, and whether the target was met.</summary>
internal sealed record DemoRow(
    string Component,
    string SeedBaseline,
    string SeedTarget,
    string MeasuredBaseline,
    string BaselineThroughput,
    string MeasuredOptimized,
    string OptimizedThroughput,
    string Improvement,
    string TargetMet);

/// <summary>The demo's table: p50 / p95 / p99 in milliseconds for each component of the scenario.</summary>
internal static class DemoTable
{
    private static readonly string[] Headings = ["component", "seed baseline", "seed target", "measured baseline", "req/s", "measured optimized", "req/s", "improvement", "target met"];

    public static IReadOnlyList<DemoRow> Build(ScenarioSpec scenario, ScenarioResult baseline, ScenarioResult optimized)
    {
        var rows = new List<DemoRow>();
        foreach (var entry in scenario.Mix)
        {
            var component = entry.Component;
            var before = Find(baseline, component.Name);
            var after = Find(optimized, component.Name);
            rows.Add(new DemoRow(
                component.Name,
                Seed(component.Baseline),
                Seed(component.Target),
                Measured(before),
                Throughput(before),
                Measured(after),
                Throughput(after),
                Improvement(before, after),
                TargetMet(component, optimized, after)));
        }

        return rows;
    }

    public static void Print(IReadOnlyList<DemoRow> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("p50 / p95 / p99 in ms");
        foreach (var heading in Headings)
        {
            table.AddColumn(heading);
        }

        foreach (var row in rows)
        {
            table.AddRow(Cells(row).Select(Markup.Escape).ToArray());
        }

        AnsiConsole.WriteLine();
        AnsiConsole.Write(table);
    }

    public static string ToMarkdown(IReadOnlyList<DemoRow> rows, DemoSettings settings)
    {
        var text = new StringBuilder();
        text.AppendLine("# Redline demo: the seed's normal operations, baseline against optimized");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Each profile ran for {settings.Duration} at scale {settings.Scale} (latency scale {settings.LatencyScale}). Latencies are p50 / p95 / p99 in milliseconds.");
        text.AppendLine();
        text.AppendLine("| " + string.Join(" | ", Headings) + " |");
        text.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", Headings.Length)));
        foreach (var row in rows)
        {
            text.AppendLine("| " + string.Join(" | ", Cells(row).Select(c => c.Replace("|", "\\|", StringComparison.Ordinal))) + " |");
        }

        return text.ToString();
    }

    private static IEnumerable<string> Cells(DemoRow row) =>
        [row.Component, row.SeedBaseline, row.SeedTarget, row.MeasuredBaseline, row.BaselineThroughput, row.MeasuredOptimized, row.OptimizedThroughput, row.Improvement, row.TargetMet];

    private static Measures? Find(ScenarioResult result, string component) =>
        result.Components.FirstOrDefault(c => c.Name == component)?.Measures;

    private static string Seed(PerformanceTable? table) =>
        table is null ? "—" : $"{Ms(table.P50)} / {Ms(table.P95)} / {Ms(table.P99)}";

    private static string Measured(Measures? measures) =>
        measures is null || measures.Requests == 0
            ? "no requests"
            : $"{Ms(measures.Latency.P50)} / {Ms(measures.Latency.P95)} / {Ms(measures.Latency.P99)}";

    private static string Throughput(Measures? measures) =>
        measures is null ? "—" : measures.ThroughputRps.ToString(measures.ThroughputRps < 10 ? "0.0" : "0", CultureInfo.InvariantCulture);

    private static string Improvement(Measures? before, Measures? after) =>
        before is null || after is null || before.Requests == 0 || after.Requests == 0 || after.Latency.P50 <= 0
            ? "—"
            : string.Create(CultureInfo.InvariantCulture, $"{before.Latency.P50 / after.Latency.P50:0.0}x faster");

    /// <summary>The demo's table shows latency percentiles, so only those goals count here; the check itself is the results' one.</summary>
    private static string TargetMet(ComponentSpec component, ScenarioResult optimized, Measures? after)
    {
        if (component.Target is null)
        {
            return "no target";
        }

        if (after is null || after.Requests == 0)
        {
            return "not measured";
        }

        var misses = GoalCheck.Check(optimized, [component.Goals()])
            .Where(r => r.Met == false && r.Metric is "response_time_p50" or "response_time_p95" or "response_time_p99")
            .Select(r => $"{r.Label.Split(' ')[0]} {Ms(r.Measured)} > {Ms(r.Target!.Value)}")
            .ToList();
        return misses.Count == 0 ? "yes" : "no: " + string.Join(", ", misses);
    }

    private static string Ms(TimeSpan? value) => value is { } v ? Ms(v.TotalMilliseconds) : "—";

    private static string Ms(double milliseconds) =>
        milliseconds.ToString(milliseconds < 10 ? "0.0#" : "0", CultureInfo.InvariantCulture);
}
