using System.Globalization;

namespace Redline.Engine;

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

    /// <summary>The metric's value from the catalog's reader; when there is none, why not.</summary>
    private static (double? Actual, string? Note) Resolve(Criterion criterion, Measures scenario, IReadOnlyDictionary<string, Measures> components, ResourceFigures figures)
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

        var metric = MetricCatalog.Get(criterion.Metric);
        if (metric.FromMeasures is { } read)
        {
            // A component or step that never ran has no error rate to pass with (a flow's step skipped every time).
            if (criterion.Component is { } scope && measures.Requests == 0)
            {
                return (null, scope.Contains('.', StringComparison.Ordinal) ? "the step never ran: an earlier step failed in every iteration" : "no request completed");
            }

            return read(measures) is { } value ? (value, null) : (null, "no request completed");
        }

        if (criterion.Component is not null)
        {
            return (null, "resource and recovery criteria apply to the whole scenario, not to one component");
        }

        if (metric.FromResources?.Invoke(figures) is { } measured)
        {
            return (measured, null);
        }

        return (null, metric.Name switch
        {
            "cpu_usage" or "memory_usage" => NotSampled,
            "heap_growth" => figures.Resources?.HeapGrowthNote ?? RuntimeNotRead(figures.Resources),
            "recovery_time" => figures.Stress?.Recovery?.Note ?? figures.Stress?.Note
                ?? (figures.Chaos.FirstOrDefault(f => f.EndedAtSeconds is not null && f.Impact.TimeToImpactSeconds is not null && f.Impact.RecoveryTimeSeconds is null && f.Impact.NextFaultAfterSeconds is null) is { } fault
                    ? $"not recovered: after {fault.Fault} {fault.Asked} the scenario did not come back within its band for 10 seconds before it ended"
                    : figures.Chaos.FirstOrDefault(f => f.Impact.NextFaultAfterSeconds is not null) is { } cut
                    ? string.Create(CultureInfo.InvariantCulture, $"not measured: after {cut.Fault} {cut.Asked} the next fault began {cut.Impact.NextFaultAfterSeconds:0.#} s later, before 10 seconds back within the band; leave more time between faults")
                    : figures.Chaos.Count > 0 ? "not measured: no fault ended before the scenario did" : null)
                ?? "not measured: recovery is judged at the end of the scenario",
            "cascading_failures" => "not measured: no fault was injected; no_cascading_failures judges the components around each fault",
            _ => RuntimeNotRead(figures.Resources),
        });
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
