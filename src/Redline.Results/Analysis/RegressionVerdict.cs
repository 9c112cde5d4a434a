using Redline.Engine;

namespace Redline.Results.Analysis;

/// <summary>One rule of a verdict, fired or not, and why, in words.</summary>
/// <param name="Rule">The rule, such as <c>mann_whitney</c> or <c>critical: response_time_increase &gt;20%</c>.</param>
/// <param name="Fired">Whether it held.</param>
/// <param name="Reason">Why it did or did not, with the numbers.</param>
public sealed record RuleOutcome(string Rule, bool Fired, string Reason);

/// <summary>How many per-second samples each side of a comparison had.</summary>
/// <param name="BaselineCount">Samples of the baseline run.</param>
/// <param name="CurrentCount">Samples of the current run.</param>
public sealed record SampleWindow(int BaselineCount, int CurrentCount);

/// <summary>The statistical evidence behind a verdict.</summary>
/// <param name="PValue">Two-sided Mann-Whitney U p-value.</param>
/// <param name="Alpha">The significance level it was held against.</param>
/// <param name="ExactPValue">Whether the p-value is exact (both samples of at most 10) or the normal approximation.</param>
/// <param name="RankBiserial">Effect size in [-1, 1]: +1 when every current sample is above every baseline sample.</param>
/// <param name="RatioOf">The statistic whose ratio was bootstrapped: <c>median</c>, or <c>mean</c> for error rates.</param>
/// <param name="Ratio">Current over baseline of that statistic; null when the baseline's is 0.</param>
/// <param name="RatioLower">Lower bound of the bootstrap interval of the ratio.</param>
/// <param name="RatioUpper">Upper bound of the bootstrap interval of the ratio.</param>
/// <param name="Confidence">Coverage of the interval: 1 - α.</param>
/// <param name="IsSignificant">Whether the change is significant in the bad direction (p &lt; α and the interval lies wholly on the bad side of 1).</param>
public sealed record Significance(
    double PValue,
    double Alpha,
    bool ExactPValue,
    double RankBiserial,
    string RatioOf,
    double? Ratio,
    double? RatioLower,
    double? RatioUpper,
    double Confidence,
    bool IsSignificant);

/// <summary>The conclusion on one metric: what changed, how much, how sure, how bad, and why.</summary>
/// <param name="Metric">The metric's name.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Kind">Which threshold applied.</param>
/// <param name="Direction">Which way is worse.</param>
/// <param name="BaselineValue">The baseline run's value.</param>
/// <param name="CurrentValue">The current run's value.</param>
/// <param name="ChangePercent">100·(current - baseline)/baseline; null when the baseline is 0 (error rates use a floor instead).</param>
/// <param name="Severity">None unless a threshold was crossed and the change is significant.</param>
/// <param name="Action">The action of <paramref name="Severity"/>'s level; None without a regression.</param>
/// <param name="Significance">The evidence; null when there were too few samples to test.</param>
/// <param name="Threshold">The rule that set the severity, such as <c>critical: response_time_increase &gt;20%</c>; null without a regression.</param>
/// <param name="Window">Samples on each side.</param>
/// <param name="Improved">Whether the metric got significantly better.</param>
/// <param name="Rules">Every rule considered, fired or not, with its reason.</param>
/// <param name="Explanation">The verdict in one or two sentences.</param>
public sealed record RegressionVerdict(
    string Metric,
    string Unit,
    MetricKind Kind,
    MetricDirection Direction,
    double BaselineValue,
    double CurrentValue,
    double? ChangePercent,
    RegressionSeverity Severity,
    RegressionAction Action,
    Significance? Significance,
    string? Threshold,
    SampleWindow Window,
    bool Improved,
    IReadOnlyList<RuleOutcome> Rules,
    string Explanation)
{
    /// <summary>Whether this verdict reports a regression.</summary>
    public bool IsRegression => Severity != RegressionSeverity.None;

    /// <summary>
    /// The change in percent at the bound of the interval nearest to no change (the lower bound for an increase,
    /// the upper for a decrease), on which the severity was graded beside <see cref="ChangePercent"/>; null when the
    /// change was not significant or had no interval.
    /// </summary>
    public double? ChangeBoundPercent { get; init; }

    /// <summary>
    /// For each level with a threshold for this metric, the smallest change in the bad direction that a comparison with
    /// this one's noise grades at that level; empty when the change could not be tested.
    /// </summary>
    public IReadOnlyList<DetectableChange> Detectable { get; init; } = [];

    /// <summary>
    /// How much a whole run's value varies from the next, in percent (a CV): from the repeats when either side ran several
    /// times, else from the run-to-run band of earlier runs; null when neither was there to say.
    /// </summary>
    public double? RunToRunCvPercent { get; init; }

    /// <summary>The rules that did not fire, each with the reason.</summary>
    public IEnumerable<RuleOutcome> RulesNotFired => Rules.Where(rule => !rule.Fired);
}

/// <summary>The smallest change of a metric that a comparison with this much noise grades at one level.</summary>
/// <param name="Level">The severity.</param>
/// <param name="ThresholdPercent">The level's threshold for the metric, in percent (0 for "any minor degradation").</param>
/// <param name="IntervalPercent">The half-width of the change's interval, in percent: how far past the threshold a change must go for the interval's bound to clear it.</param>
public sealed record DetectableChange(RegressionSeverity Level, double ThresholdPercent, double IntervalPercent)
{
    /// <summary>How far from the baseline a value must be to leave the run-to-run band, in percent; null without a band.</summary>
    public double? BandPercent { get; init; }

    /// <summary>The smallest change graded at the level, in percent in the bad direction.</summary>
    public double Percent => Math.Max(ThresholdPercent + IntervalPercent, BandPercent ?? 0);

    /// <summary>Whether the noise is larger than the threshold: a change of twice the threshold is still not graded at this level.</summary>
    public bool TighterThanNoise => ThresholdPercent > 0 && Percent > 2 * ThresholdPercent;
}
