using Redline.Engine;
using Redline.Results.Analysis.Statistics;

namespace Redline.Results.Analysis;

/// <summary>Compares a run with its baseline, metric by metric, and says which changes are regressions.</summary>
/// <remarks>
/// A change is reported only when it crosses a threshold of <see cref="RegressionThresholds"/>
/// and is also significant on the per-second samples. Significant means both of these hold: the
/// two-sided Mann-Whitney U test gives p &lt; α, and the (1 - α) percentile-bootstrap interval of
/// the ratio current/baseline (of medians; of means for error rates) lies wholly on the bad side
/// of 1. Two tests rather than one because they fail differently: the rank test is blind to how
/// big a shift is, the interval of a median ratio is loose on short runs. A threshold is crossed
/// when both the run-level change a person reads and the change at the interval's bound nearest to
/// no change are past it; the severity is the most severe level so crossed: a severity held with the
/// interval's confidence rather than one run's point estimate. When either side ran several times
/// (<see cref="MetricSamples.BaselineRepeats"/>), the interval is a Student t interval over the repeats' run-level values
/// instead (<see cref="RepeatInterval"/>): it holds the spread between whole runs that one run's seconds cannot show.
/// Every verdict also gives, per level, the smallest change it would have graded there (<see cref="RegressionVerdict.Detectable"/>).
/// Error rates below <see cref="RegressionAnalysisOptions.ErrorRateFloorPercent"/>
/// count as the floor, so a rate that rises from 0 has a defined change.
/// </remarks>
public sealed class RegressionAnalyzer
{
    /// <summary>Analyses with the seed's thresholds and the default options.</summary>
    public RegressionAnalyzer()
        : this(RegressionThresholds.Default, RegressionAnalysisOptions.Default)
    {
    }

    /// <summary>Analyses with <paramref name="thresholds"/> and <paramref name="options"/>.</summary>
    public RegressionAnalyzer(RegressionThresholds thresholds, RegressionAnalysisOptions? options = null)
    {
        Thresholds = thresholds;
        Options = options ?? RegressionAnalysisOptions.Default;
        Options.Validate();
    }

    /// <summary>The thresholds in force.</summary>
    public RegressionThresholds Thresholds { get; }

    /// <summary>The options in force.</summary>
    public RegressionAnalysisOptions Options { get; }

    /// <summary>Judges every metric.</summary>
    public RegressionOutcome Analyze(IEnumerable<MetricSamples> metrics) => new(metrics.Select(Analyze).ToList());

    /// <summary>Judges one metric.</summary>
    public RegressionVerdict Analyze(MetricSamples metric)
    {
        Check(metric);
        var errorRate = metric.Kind == MetricKind.ErrorRate;
        var statistic = errorRate ? BootstrapStatistic.Mean : BootstrapStatistic.Median;
        var baselineValue = metric.BaselineValue ?? Location(metric.Baseline, statistic);
        var currentValue = metric.CurrentValue ?? Location(metric.Current, statistic);
        var floor = errorRate ? Options.ErrorRateFloorPercent : 0;
        var denominator = Math.Max(Math.Abs(baselineValue), floor);
        double? change = denominator > 0 ? 100 * (currentValue - baselineValue) / denominator : null;
        var higherIsWorse = metric.Direction == MetricDirection.HigherIsWorse;
        var worse = higherIsWorse ? currentValue > baselineValue : currentValue < baselineValue;
        var badChange = higherIsWorse ? change : -change;

        var rules = new List<RuleOutcome>();
        var window = new SampleWindow(metric.Baseline.Count, metric.Current.Count);
        if (metric.Counted)
        {
            return Grade(metric, baselineValue, currentValue, change, badChange, worse, higherIsWorse, window, rules, Counted(baselineValue, currentValue, denominator, rules));
        }

        var enough = window.BaselineCount >= Options.MinimumSamples && window.CurrentCount >= Options.MinimumSamples;
        rules.Add(new RuleOutcome(
            "samples",
            enough,
            VerdictText.Invariant($"{window.BaselineCount} baseline and {window.CurrentCount} current samples; {Options.MinimumSamples} each are needed to test a change")));
        if (errorRate && Math.Abs(baselineValue) < floor)
        {
            rules.Add(new RuleOutcome(
                "error_rate_floor",
                true,
                VerdictText.Invariant($"the baseline rate {VerdictText.Number(baselineValue)}% is below the {VerdictText.Number(floor)}% floor, so the change is measured against {VerdictText.Number(floor)}%")));
        }

        var significance = enough ? Test(metric, statistic, floor, higherIsWorse, rules) : null;
        return Grade(metric, baselineValue, currentValue, change, badChange, worse, higherIsWorse, window, rules, significance);
    }

    /// <summary>A counted metric's significance: any difference is real, so the interval is the ratio itself.</summary>
    private Significance Counted(double baselineValue, double currentValue, double denominator, List<RuleOutcome> rules)
    {
        var changed = currentValue != baselineValue;
        double? ratio = denominator > 0 ? 1 + ((currentValue - baselineValue) / denominator) : null;
        rules.Add(new RuleOutcome(
            "counted",
            changed,
            VerdictText.Invariant($"a counted value, not a sample: {VerdictText.Number(baselineValue)} then {VerdictText.Number(currentValue)}, so {(changed ? "the change is exact" : "nothing changed")}")));
        return new Significance(changed ? 0 : 1, Thresholds.Alpha, true, changed ? 1 : 0, "counted value", ratio, ratio, ratio, 1, changed && ratio is not null);
    }

    private RegressionVerdict Grade(
        MetricSamples metric,
        double baselineValue,
        double currentValue,
        double? change,
        double? badChange,
        bool worse,
        bool higherIsWorse,
        SampleWindow window,
        List<RuleOutcome> rules,
        Significance? significance)
    {
        var significant = significance?.IsSignificant ?? false;
        var improved = significance is not null && IsImprovement(significance, higherIsWorse);

        // Graded by what is known: the bound of the interval nearest to no change must clear a
        // threshold too, so one run's tail cannot make a +10% change critical.
        var bound = significant ? BoundChange(significance!, higherIsWorse) : null;
        var severity = RegressionSeverity.None;
        string? threshold = null;
        foreach (var (level, thresholds) in Thresholds.Levels)
        {
            var rule = LevelRule.For(level, thresholds, metric.Kind, !higherIsWorse, badChange, worse, bound, significance?.Confidence);
            if (rule.Key is null)
            {
                rules.Add(new RuleOutcome(level.ToSeedName(), false, rule.Reason));
            }
            else if (!rule.Crossed)
            {
                rules.Add(new RuleOutcome(rule.Name, false, rule.Reason));
            }
            else if (!significant)
            {
                rules.Add(new RuleOutcome(rule.Name, false, $"{rule.Reason}, but the change is not significant"));
            }
            else if (severity != RegressionSeverity.None)
            {
                rules.Add(new RuleOutcome(rule.Name, true, $"{rule.Reason} (superseded by {severity.ToSeedName()})"));
            }
            else
            {
                severity = level;
                threshold = rule.Name;
                rules.Add(new RuleOutcome(rule.Name, true, rule.Reason));
            }
        }

        var verdict = new RegressionVerdict(
            metric.Name, metric.Unit, metric.Kind, metric.Direction, baselineValue, currentValue, change,
            severity, Thresholds.ActionOf(severity), significance, threshold, window, improved, rules, "")
        {
            ChangeBoundPercent = bound is { } b ? (higherIsWorse ? b : -b) : null,
            Detectable = Detectable(metric.Kind, significance),
            RunToRunCvPercent = metric.BaselineRepeats is not null || metric.CurrentRepeats is not null
                ? RepeatInterval.PooledCvPercent(metric.BaselineRepeats ?? [baselineValue], metric.CurrentRepeats ?? [currentValue])
                : null,
        };
        return verdict with { Explanation = VerdictText.Explain(verdict) };
    }

    /// <summary>
    /// The smallest change graded at each level: the level's threshold plus the half-width of the interval, since the
    /// bound nearest to no change must clear the threshold too. A level that only asks for any degradation needs the
    /// half-width alone. An unbounded interval states no smallest change.
    /// </summary>
    private List<DetectableChange> Detectable(MetricKind kind, Significance? significance)
    {
        if (significance is not { RatioLower: { } lower, RatioUpper: { } upper })
        {
            return [];
        }

        var halfWidth = 100 * (upper - lower) / 2;
        if (!double.IsFinite(halfWidth))
        {
            // An interval without a bound (a repeat's ratio over a value near zero) grades no change at all.
            return [];
        }

        return [.. Thresholds.Levels
            .Select(l => (l.Severity, Percent: l.Level.PercentFor(kind) ?? (l.Level.MinorDegradation ? 0 : (double?)null)))
            .Where(l => l.Percent is not null)
            .Select(l => new DetectableChange(l.Severity, l.Percent!.Value, halfWidth))];
    }

    /// <summary>
    /// The change in the bad direction at the interval's bound nearest to no change: for a metric where higher is
    /// worse, 100·(lower bound - 1); where lower is worse, 100·(1 - upper bound). Null without an interval.
    /// </summary>
    private static double? BoundChange(Significance significance, bool higherIsWorse) =>
        higherIsWorse
            ? significance.RatioLower is { } lower ? 100 * (lower - 1) : null
            : significance.RatioUpper is { } upper ? 100 * (1 - upper) : null;

    private Significance Test(MetricSamples metric, BootstrapStatistic statistic, double floor, bool higherIsWorse, List<RuleOutcome> rules)
    {
        var alpha = Thresholds.Alpha;
        var test = MannWhitney.Test(metric.Baseline, metric.Current);
        var pFired = test.PValue < alpha;
        rules.Add(new RuleOutcome("mann_whitney", pFired, VerdictText.MannWhitney(test, alpha)));

        // With repeats, the interval comes from their run-level values: it holds the run-to-run spread that one
        // run's seconds cannot show. Without, from resampling the seconds.
        var baselineRepeats = metric.BaselineRepeats ?? [metric.BaselineValue ?? Location(metric.Baseline, statistic)];
        var currentRepeats = metric.CurrentRepeats ?? [metric.CurrentValue ?? Location(metric.Current, statistic)];
        var repeated = (metric.BaselineRepeats ?? metric.CurrentRepeats) is not null
            && RepeatInterval.DegreesOfFreedom(baselineRepeats.Count, currentRepeats.Count) >= RepeatInterval.MinimumDegreesOfFreedom;
        RatioInterval? ratio;
        string ratioOf;
        if (repeated)
        {
            ratio = RepeatInterval.Compute(baselineRepeats, currentRepeats, 1 - alpha, floor);
            ratioOf = "repeat mean";
        }
        else
        {
            // Neighbouring seconds are correlated (a GC pause, a noisy neighbour); resampling blocks of
            // about n^(1/3) seconds keeps the interval from claiming more certainty than the run has.
            var blockLength = (int)Math.Ceiling(Math.Cbrt(Math.Min(metric.Baseline.Count, metric.Current.Count)));
            ratio = BootstrapRatio.Compute(
                metric.Baseline, metric.Current, Options.Seed, Options.BootstrapIterations, 1 - alpha, statistic, floor, blockLength);
            ratioOf = statistic == BootstrapStatistic.Mean ? "mean" : "median";
        }

        var intervalFired = ratio is not null && (higherIsWorse ? ratio.ExcludesOneAbove : ratio.ExcludesOneBelow);
        var intervalText = VerdictText.Interval(ratio, ratioOf, 1 - alpha, higherIsWorse);
        rules.Add(repeated
            ? new RuleOutcome("repeat_interval", intervalFired, VerdictText.Invariant($"{intervalText}, from {baselineRepeats.Count} baseline and {currentRepeats.Count} current {(currentRepeats.Count == 1 ? "run" : "repeats")} (Student t, {RepeatInterval.DegreesOfFreedom(baselineRepeats.Count, currentRepeats.Count)} degrees of freedom)"))
            : new RuleOutcome("bootstrap_ratio", intervalFired, intervalText));

        return new Significance(
            test.PValue, alpha, test.Method == PValueMethod.Exact, test.RankBiserial, ratioOf,
            ratio?.Estimate, ratio?.Lower, ratio?.Upper, 1 - alpha, pFired && intervalFired);
    }

    private static bool IsImprovement(Significance significance, bool higherIsWorse) =>
        significance.PValue < significance.Alpha
        && (higherIsWorse ? significance.RatioUpper < 1 : significance.RatioLower > 1);

    private static double Location(IReadOnlyList<double> samples, BootstrapStatistic statistic) =>
        statistic == BootstrapStatistic.Mean ? Descriptive.Mean(samples) : Descriptive.Median(samples);

    private static void Check(MetricSamples metric)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(metric.Name);
        var values = metric.Baseline.Concat(metric.Current)
            .Concat(metric.BaselineRepeats ?? []).Concat(metric.CurrentRepeats ?? [])
            .Concat(metric.BaselineValue is { } b ? [b] : [])
            .Concat(metric.CurrentValue is { } c ? [c] : []);
        if (values.Any(v => !double.IsFinite(v)))
        {
            throw new ArgumentException($"Metric '{metric.Name}' has a value that is not a finite number.", nameof(metric));
        }

        if ((metric.Baseline.Count == 0 && metric.BaselineValue is null) || (metric.Current.Count == 0 && metric.CurrentValue is null))
        {
            throw new ArgumentException($"Metric '{metric.Name}' needs samples or a run value on each side.", nameof(metric));
        }
    }
}
