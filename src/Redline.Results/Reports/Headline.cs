using System.Globalization;
using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Comparison;

namespace Redline.Results.Reports;

/// <summary>A before/after pair of one headline number.</summary>
/// <param name="Baseline">The baseline's value, when known.</param>
/// <param name="Current">The current run's value, when known.</param>
public readonly record struct Pair(double? Baseline, double? Current);

/// <summary>The few numbers a PR comment leads with: the first scenario's p95, throughput and peak target memory, and its target's CPU and GC pauses when they were measured.</summary>
internal sealed record Headline(string Scenario, Pair P95, Pair Throughput, Pair MemoryMb)
{
    /// <summary>The target's mean CPU as a share of the machine (what <c>cpu_usage</c> compares).</summary>
    public Pair CpuPercent { get; init; }

    /// <summary>The p99 of the .NET target's GC pauses.</summary>
    public Pair GcPauseP99Ms { get; init; }

    public static Headline Of(RunResult? baseline, RunResult current)
    {
        var now = current.Scenarios.FirstOrDefault();
        var was = now is null ? null : baseline?.Scenarios.FirstOrDefault(s => s.Name == now.Name);
        return new Headline(
            now?.Name ?? "",
            new Pair(was?.Totals.Latency.P95, now?.Totals.Latency.P95),
            new Pair(was?.Totals.ThroughputRps, now?.Totals.ThroughputRps),
            new Pair(Mb(was?.Target?.MemoryPeakBytes), Mb(now?.Target?.MemoryPeakBytes)))
        {
            CpuPercent = new Pair(was?.Target?.CpuUsagePercent, now?.Target?.CpuUsagePercent),
            GcPauseP99Ms = new Pair(was?.Resources?.TargetGcPauses?.P99Ms, now?.Resources?.TargetGcPauses?.P99Ms),
        };
    }

    /// <summary>"+3.2%", or "n/a" when either side is missing or the baseline is zero.</summary>
    public static string Change(Pair pair) =>
        pair is { Baseline: { } before, Current: { } after } && before != 0 ? AnalysisDocument.Percent(100 * (after - before) / before) : "n/a";

    public static string Summary(RunComparison comparison, RegressionSeverity failOn)
    {
        var regressions = comparison.Regressions.ToList();
        var leaks = comparison.Leaks.Values.Count(l => l.IsLeak);
        if (regressions.Count == 0 && leaks == 0)
        {
            return $"No regressions against run {comparison.BaselineRunId}: every change was within its threshold or not statistically significant.";
        }

        var counts = regressions.GroupBy(r => r.Verdict.Severity).OrderByDescending(g => g.Key).Select(g => $"{g.Count()} {g.Key.ToSeedName()}");
        var verdict = comparison.Blocks(failOn) ? "this change should not be deployed" : "review before deploying";
        var leakText = leaks > 0 ? $", {leaks} memory leak{(leaks == 1 ? "" : "s")}" : "";
        return string.Create(CultureInfo.InvariantCulture, $"{string.Join(", ", counts)} regression{(regressions.Count == 1 ? "" : "s")}{leakText} against run {comparison.BaselineRunId}: {verdict}.");
    }

    private static double? Mb(long? bytes) => bytes is { } b && b > 0 ? b / (1024.0 * 1024) : null;
}
