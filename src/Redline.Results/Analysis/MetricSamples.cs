using Redline.Engine;

namespace Redline.Results.Analysis;

/// <summary>One metric of a baseline run and of the current run: per-second samples and run-level values.</summary>
/// <remarks>The tests run on the samples; thresholds are judged on the run-level values a person reads, such as the p95 of the merged histograms.</remarks>
/// <param name="Name">The metric's name in reports, such as <c>response_time_p95</c>.</param>
/// <param name="Unit">Its unit, such as <c>ms</c> or <c>req/s</c>; error rates are percentages.</param>
/// <param name="Kind">Which threshold applies.</param>
/// <param name="Direction">Which way is worse.</param>
/// <param name="Baseline">The baseline run's per-second values.</param>
/// <param name="Current">The current run's per-second values.</param>
/// <param name="BaselineValue">The baseline run's value; the median of its samples when null (the mean for error rates).</param>
/// <param name="CurrentValue">The current run's value; as <paramref name="BaselineValue"/> when null.</param>
public sealed record MetricSamples(
    string Name,
    string Unit,
    MetricKind Kind,
    MetricDirection Direction,
    IReadOnlyList<double> Baseline,
    IReadOnlyList<double> Current,
    double? BaselineValue = null,
    double? CurrentValue = null)
{
    /// <summary>The baseline's value in each of its repeats, when it ran several times (<c>--repeat</c>); null for one run.</summary>
    public IReadOnlyList<double>? BaselineRepeats { get; init; }

    /// <summary>The current run's value in each of its repeats, when it ran several times; null for one run.</summary>
    public IReadOnlyList<double>? CurrentRepeats { get; init; }

    /// <summary>
    /// Whether the value is counted rather than sampled: bytes allocated per operation are counted by the runtime, so
    /// a change in them is no chance of timing. Such a metric is judged on its two values alone (an interval of zero
    /// width around their ratio), with or without samples.
    /// </summary>
    public bool Counted { get; init; }

    /// <summary>A metric whose direction follows from its kind: lower is worse for throughput only.</summary>
    public static MetricSamples Create(
        MetricKind kind,
        string name,
        string unit,
        IReadOnlyList<double> baseline,
        IReadOnlyList<double> current,
        double? baselineValue = null,
        double? currentValue = null) =>
        new(name, unit, kind, kind == MetricKind.Throughput ? MetricDirection.LowerIsWorse : MetricDirection.HigherIsWorse, baseline, current, baselineValue, currentValue);

    /// <summary>A metric of the catalog, named, measured and directed as the catalog says; values in the catalog's display unit.</summary>
    public static MetricSamples Of(
        MetricDefinition metric,
        IReadOnlyList<double> baseline,
        IReadOnlyList<double> current,
        double? baselineValue = null,
        double? currentValue = null)
    {
        ArgumentNullException.ThrowIfNull(metric);
        return new(metric.Name, metric.Symbol, metric.Kind, metric.Direction, baseline, current, baselineValue, currentValue);
    }
}
