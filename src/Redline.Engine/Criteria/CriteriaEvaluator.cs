namespace Redline.Engine;

/// <summary>Measures criteria against a scenario's figures. A criterion that cannot be measured fails and says why.</summary>
internal static class CriteriaEvaluator
{
    public static IReadOnlyList<CriterionOutcome> Evaluate(
        IReadOnlyList<Criterion> criteria,
        Measures scenario,
        IReadOnlyDictionary<string, Measures> components,
        TargetReport? target)
    {
        var outcomes = new List<CriterionOutcome>(criteria.Count);
        foreach (var criterion in criteria)
        {
            var (actual, note) = Resolve(criterion, scenario, components, target);
            outcomes.Add(new CriterionOutcome(
                criterion.Name,
                criterion.Expression,
                actual is { } value ? Math.Round(value, 4) : null,
                UnitName(criterion.Unit),
                actual is { } measured && criterion.IsMet(measured),
                note));
        }

        return outcomes;
    }

    private static (double? Actual, string? Note) Resolve(Criterion criterion, Measures scenario, IReadOnlyDictionary<string, Measures> components, TargetReport? target)
    {
        var measures = scenario;
        if (criterion.Component is { } name)
        {
            if (!components.TryGetValue(name, out var component))
            {
                return (null, $"component '{name}' is not part of this scenario");
            }

            measures = component;
        }

        switch (criterion.Metric)
        {
            case "cpu_usage" or "memory_usage" when criterion.Component is not null:
                return (null, "resource criteria apply to the target process, not to one component");
            case "cpu_usage":
                return target is null ? (null, NotSampled) : (target.CpuUsagePercent, null);
            case "memory_usage":
                return target is null ? (null, NotSampled) : (target.MemoryPeakBytes, null);
            case "error_rate":
                return (measures.ErrorRatePercent, null);
            case "throughput":
                return (measures.ThroughputRps, null);
            case "requests":
                return (measures.Requests, null);
            case "errors":
                return (measures.Errors, null);
            case "dropped_iterations":
                return (measures.DroppedIterations, null);
            case "late_iterations":
                return (measures.LateIterations, null);
            case "interrupted_iterations":
                return (measures.InterruptedIterations, null);
        }

        var stats = criterion.Metric.StartsWith("service_time_", StringComparison.Ordinal) ? measures.ServiceTime : measures.Latency;
        var statistic = criterion.Metric[(criterion.Metric.LastIndexOf('_') + 1)..];
        return stats.Count == 0 ? (null, "no request completed") : (stats.Get(statistic), null);
    }

    private const string NotSampled = "not measured: Redline samples the target's CPU and memory only when it starts the target (target.start)";

    private static string UnitName(MetricUnit unit) => unit switch
    {
        MetricUnit.Milliseconds => "ms",
        MetricUnit.Percent => "%",
        MetricUnit.PerSecond => "/s",
        MetricUnit.Bytes => "bytes",
        _ => "count",
    };
}
