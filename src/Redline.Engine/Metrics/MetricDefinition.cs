namespace Redline.Engine;

/// <summary>
/// One metric as every reader of results knows it: its name, unit, which way is worse, where it is
/// measured, which regression threshold applies, and how to read it from a run.
/// </summary>
/// <param name="Name">The name criteria, comparisons, trends and exports use, such as <c>response_time_p95</c>.</param>
/// <param name="Unit">The quantity a criterion's threshold is written in; values are read in its base unit (ms, %, /s, bytes, bytes/h).</param>
/// <param name="Symbol">The unit reports and comparisons show, after <see cref="DisplayScale"/>: <c>ms</c>, <c>req/s</c>, <c>MB</c>.</param>
/// <param name="Direction">Which way is worse.</param>
/// <param name="Scope">Where it is measured.</param>
/// <param name="Kind">Which <c>regression_thresholds</c> key applies.</param>
/// <param name="Description">One line for help texts and exporters.</param>
public sealed record MetricDefinition(
    string Name,
    MetricUnit Unit,
    string Symbol,
    MetricDirection Direction,
    MetricScope Scope,
    MetricKind Kind,
    string Description)
{
    /// <summary>Reads the metric from a scenario's or component's measures (null when nothing was measured); null for resource metrics.</summary>
    public Func<Measures, double?>? FromMeasures { get; init; }

    /// <summary>Reads the metric from a scenario's resource figures (null when not measured); null for request metrics.</summary>
    public Func<ResourceFigures, double?>? FromResources { get; init; }

    /// <summary>For a latency metric, its statistic in <see cref="LatencyStats.Get"/>'s terms (<c>p95</c>, <c>max</c>); null otherwise.</summary>
    public string? Statistic { get; init; }

    /// <summary>Multiplies a value in the base unit to get it in <see cref="Symbol"/> (bytes to MB, say).</summary>
    public double DisplayScale { get; init; } = 1;

    /// <summary>Whether a run is judged against its baseline run on this metric.</summary>
    public bool Compared { get; init; }

    /// <summary>Whether stored runs are followed over time on this metric (<c>history changes</c>, the 7-day band).</summary>
    public bool Trended { get; init; }

    /// <summary>True when a larger value is better.</summary>
    public bool HigherIsBetter => Direction == MetricDirection.LowerIsWorse;

    /// <summary>The metric of a scenario (component null) or of one of its components; null when not measured there.</summary>
    public double? Read(ScenarioResult scenario, string? component = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (FromMeasures is { } read)
        {
            var measures = component is null ? scenario.Totals : scenario.Components.FirstOrDefault(c => c.Name == component)?.Measures;
            return measures is null ? null : read(measures);
        }

        return component is null ? FromResources?.Invoke(ResourceFigures.Of(scenario)) : null;
    }
}
