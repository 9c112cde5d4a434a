namespace Redline.Engine;

/// <summary>What resource and business criteria are measured against; each part is null when it was not measured.</summary>
internal sealed record ResourceFigures(TargetReport? Target, ResourceReport? Resources, BusinessReport? Business);

/// <summary>Measures criteria against a scenario's figures. A criterion that cannot be measured fails and says why.</summary>
internal static class CriteriaEvaluator
{
    public static IReadOnlyList<CriterionOutcome> Evaluate(
        IReadOnlyList<Criterion> criteria,
        Measures scenario,
        IReadOnlyDictionary<string, Measures> components,
        ResourceFigures figures)
    {
        var outcomes = new List<CriterionOutcome>(criteria.Count);
        foreach (var criterion in criteria)
        {
            var (actual, note) = Resolve(criterion, scenario, components, figures);
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

    private static (double? Actual, string? Note) Resolve(Criterion criterion, Measures scenario, IReadOnlyDictionary<string, Measures> components, ResourceFigures figures)
    {
        var target = figures.Target;
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
            case "cpu_usage" or "memory_usage" or "gc_pause_p99" or "heap_growth" or "thread_pool_queue" or "recovery_time" when criterion.Component is not null:
                return (null, "resource and recovery criteria apply to the whole scenario, not to one component");
            case "cpu_usage":
                return target is null ? (null, NotSampled) : (target.CpuUsagePercent, null);
            case "memory_usage":
                return target is null ? (null, NotSampled) : (target.MemoryPeakBytes, null);
            case "gc_pause_p99":
                return figures.Resources?.TargetGcPauses is { } pauses ? (pauses.P99Ms, null) : (null, RuntimeNotRead(figures.Resources));
            case "heap_growth":
                return figures.Resources?.HeapGrowthBytesPerHour is { } growth ? (growth, null)
                    : figures.Resources?.HeapGrowthNote is { } why ? (null, why)
                    : (null, RuntimeNotRead(figures.Resources));
            case "thread_pool_queue":
                return figures.Resources?.Summary("target.runtime.thread_pool_queue") is { } queue ? (queue.Max, null) : (null, RuntimeNotRead(figures.Resources));
            case "recovery_time":
                return figures.Business is { } business
                    ? ((business.RecoveryTimeSeconds ?? 0) * 1000, null)
                    : (null, "not measured: recovery is judged at the end of the scenario");
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

    private const string NotSampled = "not measured: no target process to watch; name one with target.start, target.pid or target.process";

    private static string RuntimeNotRead(ResourceReport? resources) =>
        resources is null ? NotSampled
        : resources.Unavailable.TryGetValue("target.runtime", out var reason) ? $"not measured: the target's .NET runtime could not be read ({reason})"
        : resources.TargetPid is null ? NotSampled
        : "not measured: the target's .NET runtime sent no figures";

    private static string UnitName(MetricUnit unit) => unit switch
    {
        MetricUnit.Milliseconds => "ms",
        MetricUnit.Percent => "%",
        MetricUnit.PerSecond => "/s",
        MetricUnit.Bytes => "bytes",
        MetricUnit.BytesPerHour => "bytes/h",
        _ => "count",
    };
}
