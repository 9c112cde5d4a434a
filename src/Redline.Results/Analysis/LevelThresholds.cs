using Redline.Engine;

namespace Redline.Results.Analysis;

/// <summary>One level of <c>regression_thresholds</c>: the change each kind of metric must exceed to reach it, and its action.</summary>
/// <remarks>A null threshold means the level has no rule of its own for that metric.</remarks>
public sealed record LevelThresholds
{
    /// <summary><c>response_time_increase</c>: p50, p95 and p99 latency, percent increase.</summary>
    public double? ResponseTimeIncreasePercent { get; init; }

    /// <summary><c>throughput_decrease</c>: percent decrease.</summary>
    public double? ThroughputDecreasePercent { get; init; }

    /// <summary><c>error_rate_increase</c>: percent increase of the error rate (see the analyzer for zero baselines).</summary>
    public double? ErrorRateIncreasePercent { get; init; }

    /// <summary><c>cpu_increase</c>: percent increase of CPU use, relative (40% to 44% is +10%).</summary>
    public double? CpuIncreasePercent { get; init; }

    /// <summary><c>memory_increase</c> (Redline's addition; the seed has none): percent increase of memory use.</summary>
    public double? MemoryIncreasePercent { get; init; }

    /// <summary><c>memory_leak</c>: sustained growth in MB per hour (MB = 1,048,576 bytes).</summary>
    public double? MemoryLeakMbPerHour { get; init; }

    /// <summary><c>minor_degradation: any</c>: any significant degradation reaches this level.</summary>
    /// <remarks>
    /// Only for metrics the level has no threshold of its own for: the seed's notice says
    /// "response time +5%" and "any minor degradation", and the first would mean nothing if the
    /// second also covered response time.
    /// </remarks>
    public bool MinorDegradation { get; init; }

    /// <summary><c>action</c>: what reaching this level asks for.</summary>
    public RegressionAction Action { get; init; }

    /// <summary>This level's threshold, in percent, for a metric of <paramref name="kind"/>; null when it has none.</summary>
    public double? PercentFor(MetricKind kind) => kind switch
    {
        MetricKind.ResponseTime => ResponseTimeIncreasePercent,
        MetricKind.Throughput => ThroughputDecreasePercent,
        MetricKind.ErrorRate => ErrorRateIncreasePercent,
        MetricKind.Cpu => CpuIncreasePercent,
        MetricKind.Memory => MemoryIncreasePercent,
        _ => null,
    };

    /// <summary>The seed's key for a metric of <paramref name="kind"/>, such as <c>response_time_increase</c>; null for other metrics.</summary>
    public static string? KeyFor(MetricKind kind) => kind switch
    {
        MetricKind.ResponseTime => ThresholdKeys.ResponseTimeIncrease,
        MetricKind.Throughput => ThresholdKeys.ThroughputDecrease,
        MetricKind.ErrorRate => ThresholdKeys.ErrorRateIncrease,
        MetricKind.Cpu => ThresholdKeys.CpuIncrease,
        MetricKind.Memory => ThresholdKeys.MemoryIncrease,
        _ => null,
    };
}
