using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Analysis.Statistics;

namespace Redline.Results.Tests.Analysis;

/// <summary>With repeats, a change is judged on the spread of whole runs, not on one run's seconds; every verdict says what it could have graded.</summary>
public sealed class RepeatJudgementTests
{
    private readonly RegressionAnalyzer _analyzer = new();

    [Fact]
    public void RepeatInterval_ThreeAndThreeRepeats_IsThePooledStudentTInterval()
    {
        // Means 11 and 13, pooled s = 1 on 4 degrees of freedom, t(0.975, 4) = 2.7764: 2 ± 2.267 over 11.
        var interval = RepeatInterval.Compute([10, 11, 12], [12, 13, 14], 0.95)!;

        Assert.Equal(1 + (2.0 / 11), interval.Estimate, 9);
        Assert.Equal(1 + ((2 - (2.7764 * Math.Sqrt(2.0 / 3))) / 11), interval.Lower, 4);
        Assert.Equal(1 + ((2 + (2.7764 * Math.Sqrt(2.0 / 3))) / 11), interval.Upper, 4);
        Assert.False(interval.ExcludesOneAbove);
    }

    [Fact]
    public void RepeatInterval_OneDegreeOfFreedom_GivesNone()
    {
        Assert.Null(RepeatInterval.Compute([10], [11, 12], 0.95));
        Assert.NotNull(RepeatInterval.Compute([10], [11, 12, 13], 0.95));
        Assert.Null(RepeatInterval.Compute([0, 0], [1, 1], 0.95));
    }

    [Fact]
    public void RepeatInterval_BaselineMeanNearZero_GivesNoneRatherThanAnInfiniteBound()
    {
        Assert.Null(RepeatInterval.Compute([1e-320, 2e-320], [1, 2], 0.95));
    }

    [Fact]
    public void Analyze_RepeatsOverABaselineNearZero_StatesNoSmallestChangeAndEveryFigureIsFinite()
    {
        var metric = P95(10, 200, 210, [1e-320, 2e-320, 3e-320], [1, 2, 3]);

        var verdict = _analyzer.Analyze(metric);

        Assert.All(verdict.Detectable, d => Assert.True(double.IsFinite(d.IntervalPercent), d.ToString()));
        Assert.True(verdict.Significance is null || (double.IsFinite(verdict.Significance.RatioUpper ?? 0) && double.IsFinite(verdict.Significance.RatioLower ?? 0)));
    }

    [Fact]
    public void Analyze_SecondsSayCriticalButRepeatsSpreadWide_NotAReportedRegression()
    {
        // Within each run the seconds are tight, so one run against another looks like +25% beyond doubt; but
        // whole runs of the baseline already varied from 180 to 240.
        var metric = P95(7, 200, 250, [180, 200, 240], [230, 250, 270]);

        var verdict = _analyzer.Analyze(metric);
        var alone = _analyzer.Analyze(metric with { BaselineRepeats = null, CurrentRepeats = null });

        Assert.Equal(RegressionSeverity.None, verdict.Severity);
        var rule = Assert.Single(verdict.Rules, r => r.Rule == "repeat_interval");
        Assert.False(rule.Fired);
        Assert.Contains("from 3 baseline and 3 current repeats (Student t, 4 degrees of freedom)", rule.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(verdict.Rules, r => r.Rule == "bootstrap_ratio");
        Assert.Equal(RegressionSeverity.Critical, alone.Severity);
    }

    [Fact]
    public void Analyze_TightRepeatsAndALargeShift_CriticalGradedOnTheRepeatsBound()
    {
        var metric = P95(8, 200, 280, [198, 200, 202], [278, 280, 282]);

        var verdict = _analyzer.Analyze(metric);

        Assert.Equal(RegressionSeverity.Critical, verdict.Severity);
        Assert.Equal("repeat mean", verdict.Significance!.RatioOf);
        Assert.InRange(verdict.ChangeBoundPercent!.Value, 37, 40);
    }

    [Fact]
    public void Analyze_EachLevelsSmallestGradedChange_IsItsThresholdPlusTheIntervalsHalfWidth()
    {
        var metric = P95(9, 11, 13, [10, 11, 12], [12, 13, 14]);

        var verdict = _analyzer.Analyze(metric);

        var halfWidth = 100 * 2.7764 * Math.Sqrt(2.0 / 3) / 11;
        Assert.Equal([RegressionSeverity.Critical, RegressionSeverity.Warning, RegressionSeverity.Notice], verdict.Detectable.Select(d => d.Level));
        Assert.All(verdict.Detectable, d => Assert.Equal(halfWidth, d.IntervalPercent, 2));
        Assert.Equal(20 + halfWidth, verdict.Detectable[0].Percent, 2);
        Assert.Equal(5 + halfWidth, verdict.Detectable[2].Percent, 2);
        Assert.Equal(100.0 / 11, verdict.RunToRunCvPercent!.Value, 9);
        // About 20.6% of noise: wider than every default threshold, so each is tighter than it.
        Assert.All(verdict.Detectable, d => Assert.True(d.TighterThanNoise, d.ToString()));
    }

    [Fact]
    public void Detectable_BandReachingFurtherThanTheInterval_SetsTheSmallestChange()
    {
        var level = new DetectableChange(RegressionSeverity.Notice, 5, 1.5);

        Assert.Equal(6.5, level.Percent, 9);
        Assert.False(level.TighterThanNoise);
        Assert.Equal(12, (level with { BandPercent = 12 }).Percent, 9);
        Assert.True((level with { BandPercent = 12 }).TighterThanNoise);
        Assert.False(new DetectableChange(RegressionSeverity.Notice, 0, 3).TighterThanNoise);
    }

    /// <summary>A p95 whose seconds are tight around <paramref name="before"/> and <paramref name="after"/>, with each side's repeats.</summary>
    private static MetricSamples P95(int seed, double before, double after, double[] baselineRepeats, double[] currentRepeats)
    {
        var random = new Random(seed);
        return MetricSamples.Create(MetricKind.ResponseTime, "response_time_p95", "ms", Synthetic.LogNormalSeries(random, 30, before, 0.02), Synthetic.LogNormalSeries(random, 30, after, 0.02), before, after) with
        {
            BaselineRepeats = baselineRepeats,
            CurrentRepeats = currentRepeats,
        };
    }
}
