namespace Redline.Results.Analysis;

/// <summary>The keys of a <c>regression_thresholds</c> level, spelled as in the seed.</summary>
internal static class ThresholdKeys
{
    public const string ResponseTimeIncrease = "response_time_increase";
    public const string ThroughputDecrease = "throughput_decrease";
    public const string ErrorRateIncrease = "error_rate_increase";
    public const string CpuIncrease = "cpu_increase";
    public const string MemoryIncrease = "memory_increase";
    public const string MemoryLeak = "memory_leak";
    public const string MinorDegradation = "minor_degradation";
    public const string Action = "action";

    /// <summary>Every key a level may hold, in the seed's order.</summary>
    public static readonly string[] All = [ResponseTimeIncrease, ThroughputDecrease, ErrorRateIncrease, MemoryLeak, CpuIncrease, MemoryIncrease, MinorDegradation, Action];
}
