namespace Redline.Results.Analysis;

/// <summary>A memory reading: seconds since the run started and the bytes in use.</summary>
/// <param name="Seconds">Seconds since the start of the run.</param>
/// <param name="Bytes">Bytes in use (resident set, or managed heap after GC).</param>
public readonly record struct MemorySample(double Seconds, double Bytes);

/// <summary>A growth rate with its confidence interval, in MB per hour (MB = 1,048,576 bytes).</summary>
/// <param name="MbPerHour">The Theil-Sen slope.</param>
/// <param name="LowerMbPerHour">Lower bound of Sen's interval.</param>
/// <param name="UpperMbPerHour">Upper bound of Sen's interval.</param>
public sealed record SlopeEstimate(double MbPerHour, double LowerMbPerHour, double UpperMbPerHour);

/// <summary>The conclusion on a memory series: how fast it grows, whether that is a leak, and why.</summary>
/// <param name="Metric">The series' name, such as <c>memory_rss</c>.</param>
/// <param name="Slope">Growth over the whole series after the warm-up; null when there were too few samples.</param>
/// <param name="SecondHalfSlope">Growth over its second half, which tells a leak from a heap that filled up and stopped.</param>
/// <param name="Confidence">Coverage of the intervals: 1 - α.</param>
/// <param name="WarmUp">Time skipped at the start.</param>
/// <param name="Window">Time span analysed after the warm-up.</param>
/// <param name="SamplesUsed">Samples analysed after the warm-up (before any binning).</param>
/// <param name="Severity">None unless growth is significant, sustained and past a threshold.</param>
/// <param name="Action">The action of <paramref name="Severity"/>'s level.</param>
/// <param name="Threshold">The rule that set the severity, such as <c>critical: memory_leak &gt;50 MB/hour</c>.</param>
/// <param name="Rules">Every rule considered, fired or not, with its reason.</param>
/// <param name="Explanation">The verdict in one or two sentences.</param>
public sealed record LeakVerdict(
    string Metric,
    SlopeEstimate? Slope,
    SlopeEstimate? SecondHalfSlope,
    double Confidence,
    TimeSpan WarmUp,
    TimeSpan Window,
    int SamplesUsed,
    RegressionSeverity Severity,
    RegressionAction Action,
    string? Threshold,
    IReadOnlyList<RuleOutcome> Rules,
    string Explanation)
{
    /// <summary>Whether a leak is reported.</summary>
    public bool IsLeak => Severity != RegressionSeverity.None;

    /// <summary>The rules that did not fire, each with the reason.</summary>
    public IEnumerable<RuleOutcome> RulesNotFired => Rules.Where(rule => !rule.Fired);
}
