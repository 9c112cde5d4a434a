using Redline.Engine;
using Redline.Results.Analysis;

namespace Redline.Results.Comparison;

/// <summary>
/// Builds the per-second samples of two runs and hands them to the analyzer: latency percentiles,
/// throughput and error rate for each scenario and component, and the target's CPU and memory
/// when both runs sampled it. Scenarios are matched by name.
/// </summary>
public static class RunComparer
{
    /// <summary>Compares <paramref name="current"/> with <paramref name="baseline"/>.</summary>
    public static RunComparison Compare(RunResult baseline, RunResult current, RegressionAnalyzer analyzer, LeakDetector leakDetector)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(leakDetector);
        var scopes = new List<ScopeComparison>();
        var leaks = new Dictionary<string, LeakVerdict>(StringComparer.Ordinal);
        var unmatched = new List<string>();
        foreach (var scenario in current.Scenarios)
        {
            var before = baseline.Scenarios.FirstOrDefault(s => s.Name == scenario.Name);
            if (before is null)
            {
                unmatched.Add(scenario.Name);
                continue;
            }

            scopes.Add(new ScopeComparison(scenario.Name, null, analyzer.Analyze(ScenarioMetrics(before, scenario)).Verdicts));
            foreach (var component in scenario.Components)
            {
                var previous = before.Components.FirstOrDefault(c => c.Name == component.Name);
                if (previous is not null)
                {
                    var metrics = ScopeMetrics(
                        before.Timeline.Select(p => p.Components.FirstOrDefault(c => c.Component == component.Name)).OfType<IntervalSnapshot>().ToList(),
                        scenario.Timeline.Select(p => p.Components.FirstOrDefault(c => c.Component == component.Name)).OfType<IntervalSnapshot>().ToList(),
                        previous.Measures,
                        component.Measures);
                    scopes.Add(new ScopeComparison(scenario.Name, component.Name, analyzer.Analyze(metrics).Verdicts));
                }
            }

            if (scenario.Target is { Samples.Count: > 0 } target)
            {
                leaks[scenario.Name] = leakDetector.Analyze(target.Samples);
            }
        }

        return new RunComparison(baseline.RunId, current.RunId, scopes, leaks, unmatched);
    }

    private static List<MetricSamples> ScenarioMetrics(ScenarioResult before, ScenarioResult after)
    {
        var metrics = ScopeMetrics([.. before.Timeline.Select(p => p.Total)], [.. after.Timeline.Select(p => p.Total)], before.Totals, after.Totals);
        if (before.Target is { Samples.Count: > 0 } was && after.Target is { Samples.Count: > 0 } now)
        {
            metrics.Add(MetricSamples.Create(MetricKind.Cpu, "cpu_usage", "%", Alive(was).Select(s => s.CpuPercent).ToList(), Alive(now).Select(s => s.CpuPercent).ToList(), was.CpuPercentMean, now.CpuPercentMean));
            metrics.Add(MetricSamples.Create(MetricKind.Memory, "memory_usage", "MB", Alive(was).Select(s => Mb(s.RssBytes)).ToList(), Alive(now).Select(s => Mb(s.RssBytes)).ToList(), Mb(was.MemoryPeakBytes), Mb(now.MemoryPeakBytes)));
        }

        return metrics;
    }

    /// <summary>Seconds with requests only: an empty second has no latency, and its zero would look like an improvement.</summary>
    private static List<MetricSamples> ScopeMetrics(IReadOnlyList<IntervalSnapshot> before, IReadOnlyList<IntervalSnapshot> after, Measures was, Measures now)
    {
        var busyBefore = before.Where(s => s.Requests > 0).ToList();
        var busyAfter = after.Where(s => s.Requests > 0).ToList();
        return
        [
            MetricSamples.Create(MetricKind.ResponseTime, "response_time_p50", "ms", busyBefore.Select(s => s.Latency.P50).ToList(), busyAfter.Select(s => s.Latency.P50).ToList(), was.Latency.P50, now.Latency.P50),
            MetricSamples.Create(MetricKind.ResponseTime, "response_time_p95", "ms", busyBefore.Select(s => s.Latency.P95).ToList(), busyAfter.Select(s => s.Latency.P95).ToList(), was.Latency.P95, now.Latency.P95),
            MetricSamples.Create(MetricKind.ResponseTime, "response_time_p99", "ms", busyBefore.Select(s => s.Latency.P99).ToList(), busyAfter.Select(s => s.Latency.P99).ToList(), was.Latency.P99, now.Latency.P99),
            MetricSamples.Create(MetricKind.Throughput, "throughput", "req/s", Steady(before).Select(s => (double)s.Requests).ToList(), Steady(after).Select(s => (double)s.Requests).ToList(), was.ThroughputRps, now.ThroughputRps),
            MetricSamples.Create(MetricKind.ErrorRate, "error_rate", "%", busyBefore.Select(s => s.ErrorRatePercent).ToList(), busyAfter.Select(s => s.ErrorRatePercent).ToList(), was.ErrorRatePercent, now.ErrorRatePercent),
        ];
    }

    /// <summary>Whole seconds of load: the first and last seconds are partial and would skew throughput.</summary>
    private static IEnumerable<IntervalSnapshot> Steady(IReadOnlyList<IntervalSnapshot> seconds) =>
        seconds.Count > 2 ? seconds.Skip(1).Take(seconds.Count - 2) : seconds;

    private static IEnumerable<ResourceSample> Alive(TargetReport target) => target.Samples.Where(s => s.Alive);

    private static double Mb(long bytes) => bytes / (1024.0 * 1024);
}
