namespace Redline.Results.Analysis;

/// <summary>Which threshold of a level applies to a metric.</summary>
public enum MetricKind
{
    /// <summary>A latency percentile (p50, p95, p99): <c>response_time_increase</c>.</summary>
    ResponseTime,

    /// <summary>Requests per second: <c>throughput_decrease</c>.</summary>
    Throughput,

    /// <summary>Failed requests as a percentage (0-100): <c>error_rate_increase</c>.</summary>
    ErrorRate,

    /// <summary>CPU use: <c>cpu_increase</c>.</summary>
    Cpu,

    /// <summary>Memory use: <c>memory_increase</c>.</summary>
    Memory,

    /// <summary>Anything else: only <c>minor_degradation</c> applies.</summary>
    Other,
}

/// <summary>Which way a metric gets worse.</summary>
public enum MetricDirection
{
    /// <summary>Latency, error rate, CPU, memory.</summary>
    HigherIsWorse,

    /// <summary>Throughput.</summary>
    LowerIsWorse,
}

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
}
