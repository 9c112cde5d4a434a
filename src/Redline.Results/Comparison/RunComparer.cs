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
    private static readonly MetricDefinition Cpu = MetricCatalog.Get("cpu_usage");
    private static readonly MetricDefinition Memory = MetricCatalog.Get("memory_usage");
    private static readonly MetricDefinition ErrorRate = MetricCatalog.Get("error_rate");

    /// <summary>The latency percentiles the catalog judges, with how to read each from one second's statistics.</summary>
    private static readonly (MetricDefinition Metric, Func<LatencyStats, double> Read)[] Percentiles =
        [.. MetricCatalog.All.Where(m => m.Compared && m.Kind == MetricKind.ResponseTime)
            .Select(m => (m, (Func<LatencyStats, double>)(stats => stats.Get(m.Statistic!) ?? 0)))];

    /// <summary>How each compared metric reads from one repeat's figures, for the run-level spread of repeats.</summary>
    private static readonly Dictionary<string, Func<Measures, double>> RepeatReaders = new(
        [
            .. Percentiles.Select(p => KeyValuePair.Create(p.Metric.Name, (Func<Measures, double>)(m => p.Read(m.Latency)))),
            KeyValuePair.Create(MetricCatalog.Throughput.Name, (Func<Measures, double>)(m => m.ThroughputRps)),
            KeyValuePair.Create(ErrorRate.Name, (Func<Measures, double>)(m => m.ErrorRatePercent)),
        ],
        StringComparer.Ordinal);

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

            scopes.Add(new ScopeComparison(scenario.Name, null, analyzer.Analyze(WithRepeats(ScenarioMetrics(before, scenario), before, scenario, null)).Verdicts));
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
                    scopes.Add(new ScopeComparison(scenario.Name, component.Name, analyzer.Analyze(WithRepeats(metrics, before, scenario, component.Name)).Verdicts));
                    scopes.AddRange(StepScopes(analyzer, scenario.Name, before, scenario, previous, component));
                }
            }

            if (scenario.Target is { Samples.Count: > 0 } target)
            {
                leaks[scenario.Name] = leakDetector.Analyze(target.Samples);
            }
        }

        foreach (var benchmark in current.Micro)
        {
            if (baseline.Micro.FirstOrDefault(b => b.Id == benchmark.Id) is not { } before)
            {
                unmatched.Add($"{MicroScope} / {benchmark.Id}");
                continue;
            }

            var metrics = MicroMetrics(before, benchmark);
            if (metrics.Count > 0)
            {
                scopes.Add(new ScopeComparison(MicroScope, benchmark.Id, analyzer.Analyze(metrics).Verdicts));
            }
        }

        return new RunComparison(baseline.RunId, current.RunId, scopes, leaks, unmatched);
    }

    /// <summary>The scope name micro-benchmarks are compared under; each benchmark is a component of it, by its identity.</summary>
    public const string MicroScope = "micro";

    /// <summary>
    /// Each metric both sides measured, judged on the raw samples the tool kept: time per operation as a response
    /// time, operations per second as a throughput, bytes allocated per operation as memory and counted (exact).
    /// A side without samples has its value alone, too little to test a timing on.
    /// </summary>
    private static List<MetricSamples> MicroMetrics(MicroBenchmark before, MicroBenchmark after)
    {
        var metrics = new List<MetricSamples>();
        foreach (var metric in after.Metrics)
        {
            if (before.Metric(metric.Name) is not { } was || !double.IsFinite(was.Value) || !double.IsFinite(metric.Value) || was.Unit != metric.Unit)
            {
                continue;
            }

            var kind = metric.Name switch
            {
                "time_per_op" or "cpu_time_per_op" => MetricKind.ResponseTime,
                "ops_per_s" => MetricKind.Throughput,
                "allocated_per_op" or "allocations_per_op" => MetricKind.Memory,
                _ => MetricKind.Other,
            };
            List<double> Samples(MicroMetric m) => [.. m.Samples.Where(double.IsFinite)];
            metrics.Add(new MetricSamples(
                metric.Name,
                metric.Unit,
                kind,
                metric.HigherIsWorse ? MetricDirection.HigherIsWorse : MetricDirection.LowerIsWorse,
                Samples(was),
                Samples(metric),
                was.Value,
                metric.Value)
            {
                Counted = kind == MetricKind.Memory,
            });
        }

        return metrics;
    }

    /// <summary>A flow's steps, matched by name, each compared as a scope of its own named <c>component.step</c>.</summary>
    private static IEnumerable<ScopeComparison> StepScopes(RegressionAnalyzer analyzer, string scenario, ScenarioResult before, ScenarioResult after, ComponentResult was, ComponentResult now)
    {
        foreach (var step in now.Steps)
        {
            if (was.Steps.FirstOrDefault(s => s.Name == step.Name) is not { } previous)
            {
                continue;
            }

            var metrics = ScopeMetrics(
                StepSeconds(before, was.Name, step.Name),
                StepSeconds(after, now.Name, step.Name),
                previous.Measures,
                step.Measures);
            var scope = $"{now.Name}.{step.Name}";
            yield return new ScopeComparison(scenario, scope, analyzer.Analyze(WithRepeats(metrics, before, after, scope)).Verdicts);
        }
    }

    /// <summary>Each metric with its value in every repeat of either side that ran several times.</summary>
    private static List<MetricSamples> WithRepeats(List<MetricSamples> metrics, ScenarioResult before, ScenarioResult after, string? scope) =>
        before.Repeats.Count < 2 && after.Repeats.Count < 2
            ? metrics
            : [.. metrics.Select(m => RepeatReaders.TryGetValue(m.Name, out var read)
                ? m with { BaselineRepeats = RepeatValues(before, scope, read), CurrentRepeats = RepeatValues(after, scope, read) }
                : m)];

    /// <summary>A scope's value in each repeat that measured it; null for a scenario that ran once (or whose repeats lack the scope).</summary>
    private static List<double>? RepeatValues(ScenarioResult scenario, string? scope, Func<Measures, double> read)
    {
        var values = scenario.Repeats.Select(r => RepeatSpread.Find(r, scope)).OfType<Measures>().Where(m => m.Requests > 0).Select(read).ToList();
        return values.Count >= 2 ? values : null;
    }

    private static List<IntervalSnapshot> StepSeconds(ScenarioResult scenario, string component, string step) =>
        [.. scenario.Timeline
            .Select(p => p.Components.FirstOrDefault(c => c.Component == component)?.Steps.FirstOrDefault(s => s.Component == step))
            .OfType<IntervalSnapshot>()];

    private static List<MetricSamples> ScenarioMetrics(ScenarioResult before, ScenarioResult after)
    {
        var metrics = ScopeMetrics([.. before.Timeline.Select(p => p.Total)], [.. after.Timeline.Select(p => p.Total)], before.Totals, after.Totals);
        if (before.Target is { Samples.Count: > 0 } was && after.Target is { Samples.Count: > 0 } now)
        {
            // Judged on the mean of the per-second samples the tests see, not the criterion's whole-run figure.
            metrics.Add(MetricSamples.Of(Cpu, [.. Alive(was).Select(s => s.CpuPercent)], [.. Alive(now).Select(s => s.CpuPercent)], was.CpuPercentMean, now.CpuPercentMean));
            var scale = Memory.DisplayScale;
            metrics.Add(MetricSamples.Of(Memory, [.. Alive(was).Select(s => s.RssBytes * scale)], [.. Alive(now).Select(s => s.RssBytes * scale)], was.MemoryPeakBytes * scale, now.MemoryPeakBytes * scale));
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
            .. Percentiles.Select(p => MetricSamples.Of(p.Metric, [.. busyBefore.Select(s => p.Read(s.Latency))], [.. busyAfter.Select(s => p.Read(s.Latency))], p.Read(was.Latency), p.Read(now.Latency))),
            MetricSamples.Of(MetricCatalog.Throughput, [.. Steady(before).Select(s => (double)s.Requests)], [.. Steady(after).Select(s => (double)s.Requests)], was.ThroughputRps, now.ThroughputRps),
            MetricSamples.Of(ErrorRate, [.. busyBefore.Select(s => s.ErrorRatePercent)], [.. busyAfter.Select(s => s.ErrorRatePercent)], was.ErrorRatePercent, now.ErrorRatePercent),
        ];
    }

    /// <summary>Whole seconds of load: the first and last seconds are partial and would skew throughput.</summary>
    private static IEnumerable<IntervalSnapshot> Steady(IReadOnlyList<IntervalSnapshot> seconds) =>
        seconds.Count > 2 ? seconds.Skip(1).Take(seconds.Count - 2) : seconds;

    private static IEnumerable<ResourceSample> Alive(TargetReport target) => target.Samples.Where(s => s.Alive);
}
