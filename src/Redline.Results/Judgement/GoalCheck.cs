using Redline.Engine;

namespace Redline.Results.Judgement;

/// <summary>One component's metric against its goals.</summary>
/// <param name="Scenario">The scenario it ran in.</param>
/// <param name="Component">The component.</param>
/// <param name="Metric">The catalog metric, such as <c>response_time_p95</c>.</param>
/// <param name="Label">The metric as tables head it: <c>p95 ms</c>, <c>throughput /s</c>.</param>
/// <param name="Baseline">The baseline table's value, if given.</param>
/// <param name="Target">The target table's value, if given.</param>
/// <param name="Measured">What the run measured.</param>
/// <param name="ImprovementPercent">The improvement over the baseline value (positive is better), when there is one above 0.</param>
/// <param name="Met">Whether the target was met; null without a target.</param>
public sealed record GoalRow(string Scenario, string Component, string Metric, string Label, double? Baseline, double? Target, double Measured, double? ImprovementPercent, bool? Met);

/// <summary>Checks each component of a run against its baseline and target goals: the one place goals are judged.</summary>
public static class GoalCheck
{
    private static readonly (string Metric, string Label)[] Checked =
    [
        ("response_time_p50", "p50 ms"),
        ("response_time_p95", "p95 ms"),
        ("response_time_p99", "p99 ms"),
        ("response_time_max", "max ms"),
        ("throughput", "throughput /s"),
    ];

    /// <summary>Every goal of <paramref name="goals"/> in every scenario of <paramref name="run"/>, in run order.</summary>
    public static IReadOnlyList<GoalRow> Check(RunResult run, IReadOnlyList<ComponentGoals> goals)
    {
        ArgumentNullException.ThrowIfNull(run);
        return [.. run.Scenarios.SelectMany(s => Check(s, goals))];
    }

    /// <summary>The goals of the components of one scenario; components that completed no request have no rows.</summary>
    public static IEnumerable<GoalRow> Check(ScenarioResult scenario, IReadOnlyList<ComponentGoals> goals)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(goals);
        foreach (var component in scenario.Components)
        {
            var goal = goals.FirstOrDefault(g => g.Component == component.Name);
            if (goal is null || (goal.Baseline is null && goal.Target is null) || component.Measures.Requests == 0)
            {
                continue;
            }

            foreach (var (name, label) in Checked)
            {
                var metric = MetricCatalog.Get(name);
                var baseline = goal.Baseline?.For(name);
                var target = goal.Target?.For(name);
                if ((baseline is null && target is null) || metric.FromMeasures!(component.Measures) is not { } measured)
                {
                    continue;
                }

                double? improvement = baseline is { } b && b > 0
                    ? (metric.HigherIsBetter ? 100 * (measured - b) / b : 100 * (b - measured) / b)
                    : null;
                bool? met = target is { } t ? (metric.HigherIsBetter ? measured >= t : measured <= t) : null;
                yield return new GoalRow(scenario.Name, component.Name, name, label, baseline, target, measured, improvement, met);
            }
        }
    }
}
