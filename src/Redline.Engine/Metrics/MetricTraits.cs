namespace Redline.Engine;

/// <summary>Which way a metric gets worse.</summary>
public enum MetricDirection
{
    /// <summary>Latency, error rate, CPU, memory, errors.</summary>
    HigherIsWorse,

    /// <summary>Throughput and request counts.</summary>
    LowerIsWorse,
}

/// <summary>Which threshold of a <c>regression_thresholds</c> level applies to a metric.</summary>
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

/// <summary>Where a metric is measured.</summary>
public enum MetricScope
{
    /// <summary>What requests measure: for the scenario as a whole and for each of its components.</summary>
    Component,

    /// <summary>The scenario as a whole only, such as the time to recover from an error burst.</summary>
    Scenario,

    /// <summary>The target's process and runtime over the scenario; never per component.</summary>
    Resource,
}
