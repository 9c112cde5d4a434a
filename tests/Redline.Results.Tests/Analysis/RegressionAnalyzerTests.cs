using Redline.Engine;
using Redline.Results.Analysis;

namespace Redline.Results.Tests.Analysis;

public sealed class RegressionAnalyzerTests
{
    private readonly RegressionAnalyzer _analyzer = new();

    [Theory]
    [InlineData(1.25, RegressionSeverity.Critical, RegressionAction.BlockDeployment)]
    [InlineData(1.12, RegressionSeverity.Warning, RegressionAction.RequireReview)]
    [InlineData(1.06, RegressionSeverity.Notice, RegressionAction.LogAndTrack)]
    [InlineData(1.00, RegressionSeverity.None, RegressionAction.None)]
    public void Analyze_InjectedP95Shift_SeverityOfItsThreshold(double factor, RegressionSeverity severity, RegressionAction action)
    {
        var random = new Random(100);
        var baseline = Synthetic.LogNormalSeries(random, 120, 200, 0.025);
        var current = Synthetic.LogNormalSeries(random, 120, 200 * factor, 0.025);

        var verdict = _analyzer.Analyze(MetricSamples.Create(MetricKind.ResponseTime, "response_time_p95", "ms", baseline, current));

        Assert.Equal(severity, verdict.Severity);
        Assert.Equal(action, verdict.Action);
        Assert.Equal(new SampleWindow(120, 120), verdict.Window);
        Assert.NotNull(verdict.Significance);
    }

    [Fact]
    public void Analyze_CriticalShift_VerdictExplainsItself()
    {
        var random = new Random(101);
        var baseline = Synthetic.LogNormalSeries(random, 120, 200, 0.025);
        var current = Synthetic.LogNormalSeries(random, 120, 250, 0.025);

        var verdict = _analyzer.Analyze(MetricSamples.Create(MetricKind.ResponseTime, "response_time_p95", "ms", baseline, current, 200, 250));

        Assert.Equal(25, verdict.ChangePercent!.Value, 9);
        Assert.Equal("critical: response_time_increase >20%", verdict.Threshold);
        Assert.True(verdict.Significance!.IsSignificant);
        Assert.True(verdict.Significance.PValue < 1e-10);
        Assert.InRange(1.25, verdict.Significance.RatioLower!.Value, verdict.Significance.RatioUpper!.Value);
        Assert.Equal(0.95, verdict.Significance.Confidence, 12);
        Assert.Equal(["samples", "mann_whitney", "bootstrap_ratio", "critical: response_time_increase >20%"], verdict.Rules.Where(r => r.Fired).Select(r => r.Rule).Take(4));
        Assert.Contains(verdict.Rules, r => r.Rule == "warning: response_time_increase >10%" && r.Reason.Contains("superseded by critical", StringComparison.Ordinal));
        Assert.InRange(verdict.ChangeBoundPercent!.Value, 20, 25);
        Assert.StartsWith("response_time_p95: 200 → 250 ms (+25.0%): critical regression (critical: response_time_increase >20%; graded on +", verdict.Explanation, StringComparison.Ordinal);
        Assert.EndsWith("; block_deployment.", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_QuarterShiftWhoseIntervalReachesBelowTwentyPercent_GradedWarningNotCritical()
    {
        // A real +25% shift in a noisy run: the point estimate is past critical's 20%, the interval's lower bound is not.
        var random = new Random(103);
        var baseline = Synthetic.LogNormalSeries(random, 30, 200, 0.12);
        var current = Synthetic.LogNormalSeries(random, 30, 250, 0.12);

        var verdict = _analyzer.Analyze(MetricSamples.Create(MetricKind.ResponseTime, "response_time_p95", "ms", baseline, current, 200, 250));

        Assert.True(verdict.Significance!.IsSignificant);
        Assert.Equal(RegressionSeverity.Warning, verdict.Severity);
        Assert.InRange(verdict.ChangeBoundPercent!.Value, 10, 20);
        var critical = verdict.Rules.Single(r => r.Rule == "critical: response_time_increase >20%");
        Assert.False(critical.Fired);
        Assert.EndsWith("not past 20% with that confidence", critical.Reason, StringComparison.Ordinal);
        Assert.Contains("critical: response_time_increase >20% is past only at the point estimate", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_QuarterShiftHiddenInNoise_NotCriticalAndSaysWhy()
    {
        // CV 80% with 10 samples a side: a 25% shift cannot be told from noise.
        var random = new Random(102);
        var baseline = Synthetic.LogNormalSeries(random, 10, 200, 0.8);
        var current = Synthetic.LogNormalSeries(random, 10, 250, 0.8);

        var verdict = _analyzer.Analyze(MetricSamples.Create(MetricKind.ResponseTime, "response_time_p95", "ms", baseline, current, 200, 250));

        Assert.Equal(25, verdict.ChangePercent!.Value, 9);
        Assert.Equal(RegressionSeverity.None, verdict.Severity);
        Assert.False(verdict.Significance!.IsSignificant);
        Assert.True(verdict.Significance.ExactPValue);
        var critical = Assert.Single(verdict.Rules, r => r.Rule == "critical: response_time_increase >20%");
        Assert.False(critical.Fired);
        Assert.EndsWith("but the change is not significant", critical.Reason, StringComparison.Ordinal);
        Assert.Contains("but not significant", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ThroughputDropOfTwentyPercent_Critical()
    {
        var random = new Random(103);
        var baseline = Enumerable.Range(0, 60).Select(_ => (double)Synthetic.Poisson(random, 200)).ToArray();
        var current = Enumerable.Range(0, 60).Select(_ => (double)Synthetic.Poisson(random, 160)).ToArray();

        var verdict = _analyzer.Analyze(MetricSamples.Create(MetricKind.Throughput, "throughput", "req/s", baseline, current, baseline.Average(), current.Average()));

        Assert.Equal(MetricDirection.LowerIsWorse, verdict.Direction);
        Assert.Equal(RegressionSeverity.Critical, verdict.Severity);
        Assert.Equal("critical: throughput_decrease >15%", verdict.Threshold);
        Assert.True(verdict.Significance!.RatioUpper < 1);
    }

    [Fact]
    public void Analyze_ThroughputRise_ImprovementNotRegression()
    {
        var random = new Random(104);
        var baseline = Enumerable.Range(0, 60).Select(_ => (double)Synthetic.Poisson(random, 200)).ToArray();
        var current = Enumerable.Range(0, 60).Select(_ => (double)Synthetic.Poisson(random, 240)).ToArray();

        var verdict = _analyzer.Analyze(MetricSamples.Create(MetricKind.Throughput, "throughput", "req/s", baseline, current));

        Assert.Equal(RegressionSeverity.None, verdict.Severity);
        Assert.True(verdict.Improved);
        Assert.Contains("significant improvement", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_ErrorRateMoreThanDoubledOverManyRequests_Critical()
    {
        var (baseline, current) = ErrorRates(new Random(105), 0.01, 0.025);

        var verdict = _analyzer.Analyze(ErrorRateMetric(baseline, current));

        Assert.Equal(RegressionSeverity.Critical, verdict.Severity);
        Assert.Equal("critical: error_rate_increase >100%", verdict.Threshold);
        Assert.Equal("mean", verdict.Significance!.RatioOf);
    }

    [Fact]
    public void Analyze_ErrorRateExactlyDoubled_WarningBecauseTheSeedSaysMoreThanHundred()
    {
        var (baseline, current) = ErrorRates(new Random(106), 0.01, 0.02);

        var verdict = _analyzer.Analyze(ErrorRateMetric(baseline, current) with { BaselineValue = 1.0, CurrentValue = 2.0 });

        Assert.Equal(100, verdict.ChangePercent!.Value, 9);
        Assert.Equal(RegressionSeverity.Warning, verdict.Severity);
        Assert.Contains(verdict.Rules, r => r.Rule == "critical: error_rate_increase >100%" && r.Reason == "+100.0% is not an increase of more than 100%");
    }

    [Fact]
    public void Analyze_ErrorsAppearFromZero_ChangeMeasuredAgainstTheFloor()
    {
        var (baseline, current) = ErrorRates(new Random(107), 0, 0.005);

        var verdict = _analyzer.Analyze(ErrorRateMetric(baseline, current));

        // About 0.5 points over a 0.1-point floor: +400% or so.
        Assert.Equal(0, verdict.BaselineValue);
        Assert.InRange(verdict.ChangePercent!.Value, 300, 500);
        Assert.Equal(RegressionSeverity.Critical, verdict.Severity);
        Assert.Contains(verdict.Rules, r => r.Rule == "error_rate_floor" && r.Reason.Contains("below the 0.1% floor", StringComparison.Ordinal));
    }

    [Fact]
    public void Analyze_CpuUpTwentyFivePercent_WarningBecauseCriticalHasNoCpuRule()
    {
        var random = new Random(108);
        var verdict = _analyzer.Analyze(MetricSamples.Create(
            MetricKind.Cpu, "cpu_usage", "%", Synthetic.LogNormalSeries(random, 60, 40, 0.05), Synthetic.LogNormalSeries(random, 60, 50, 0.05)));

        Assert.Equal(RegressionSeverity.Warning, verdict.Severity);
        Assert.Contains(verdict.Rules, r => r.Rule == "critical" && r.Reason == "critical has no cpu_increase threshold");
    }

    [Fact]
    public void Analyze_MemoryUpSlightly_NoticeAsAnyMinorDegradation()
    {
        var random = new Random(109);
        var verdict = _analyzer.Analyze(MetricSamples.Create(
            MetricKind.Memory, "memory_usage", "MB", Synthetic.LogNormalSeries(random, 60, 300, 0.02), Synthetic.LogNormalSeries(random, 60, 312, 0.02)));

        Assert.Equal(RegressionSeverity.Notice, verdict.Severity);
        Assert.Equal("notice: minor_degradation any", verdict.Threshold);
    }

    [Fact]
    public void Analyze_TooFewSamples_NotTestedAndNotReported()
    {
        var verdict = _analyzer.Analyze(MetricSamples.Create(MetricKind.ResponseTime, "response_time_p95", "ms", [100, 101, 99], [200, 201, 199]));

        Assert.Equal(RegressionSeverity.None, verdict.Severity);
        Assert.Null(verdict.Significance);
        Assert.Contains("too few samples", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_WarningWhoseActionBlocks_OutcomeBlocks()
    {
        var thresholds = RegressionThresholds.Default with { Warning = RegressionThresholds.Default.Warning with { Action = RegressionAction.BlockDeployment } };
        var random = new Random(110);
        var metric = MetricSamples.Create(MetricKind.ResponseTime, "response_time_p95", "ms", Synthetic.LogNormalSeries(random, 120, 200, 0.025), Synthetic.LogNormalSeries(random, 120, 224, 0.025));

        var outcome = new RegressionAnalyzer(thresholds).Analyze([metric]);

        Assert.Equal(RegressionSeverity.Warning, outcome.WorstSeverity);
        Assert.True(outcome.BlocksDeployment);
        Assert.True(outcome.HasRegressionAtLeast(RegressionSeverity.Warning));
        Assert.False(outcome.HasRegressionAtLeast(RegressionSeverity.Critical));
    }

    [Fact]
    public void Analyze_SameSamplesTwice_SameVerdict()
    {
        var random = new Random(111);
        var metric = MetricSamples.Create(MetricKind.ResponseTime, "p95", "ms", Synthetic.LogNormalSeries(random, 60, 200, 0.2), Synthetic.LogNormalSeries(random, 60, 230, 0.2));

        var first = _analyzer.Analyze(metric);
        var second = new RegressionAnalyzer().Analyze(metric);

        Assert.Equal(first.Significance, second.Significance);
        Assert.Equal(first.Explanation, second.Explanation);
    }

    [Fact]
    public void Analyze_NaNSample_Throws()
    {
        Assert.Throws<ArgumentException>(() => _analyzer.Analyze(MetricSamples.Create(MetricKind.Cpu, "cpu", "%", [1, double.NaN, 3, 4, 5], [1, 2, 3, 4, 5])));
    }

    private static MetricSamples ErrorRateMetric(double[] baseline, double[] current) =>
        MetricSamples.Create(MetricKind.ErrorRate, "error_rate", "%", baseline, current);

    /// <summary>Per-second error rates (percent) of 60 seconds at 200 requests per second.</summary>
    private static (double[] Baseline, double[] Current) ErrorRates(Random random, double baselineProbability, double currentProbability)
    {
        double[] Run(double probability) => Enumerable.Range(0, 60).Select(_ => 100.0 * Synthetic.Poisson(random, 200 * probability) / 200).ToArray();
        return (Run(baselineProbability), Run(currentProbability));
    }
}
