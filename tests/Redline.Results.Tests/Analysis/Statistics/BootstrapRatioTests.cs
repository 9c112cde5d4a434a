using Redline.Results.Analysis.Statistics;

namespace Redline.Results.Tests.Analysis.Statistics;

public sealed class BootstrapRatioTests
{
    [Fact]
    public void Compute_SameSeed_SameInterval()
    {
        var (baseline, current) = Samples(new Random(1), 60, 1.0, 1.1, 0.1);

        var first = BootstrapRatio.Compute(baseline, current, seed: 5);
        var second = BootstrapRatio.Compute(baseline, current, seed: 5);
        var other = BootstrapRatio.Compute(baseline, current, seed: 6);

        Assert.Equal(first, second);
        Assert.NotEqual(first!.Lower, other!.Lower);
    }

    [Fact]
    public void Compute_ConstantSamples_DegenerateIntervalAtTheRatio()
    {
        var interval = BootstrapRatio.Compute([4, 4, 4, 4, 4], [6, 6, 6, 6, 6], seed: 1, iterations: 200);

        Assert.NotNull(interval);
        Assert.Equal(1.5, interval.Estimate);
        Assert.Equal(1.5, interval.Lower);
        Assert.Equal(1.5, interval.Upper);
    }

    [Fact]
    public void Compute_ClearFiftyPercentShift_IntervalHoldsTheShiftAndExcludesOne()
    {
        var (baseline, current) = Samples(new Random(2), 120, 100, 150, 0.05);

        var interval = BootstrapRatio.Compute(baseline, current, seed: 1)!;

        Assert.InRange(1.5, interval.Lower, interval.Upper);
        Assert.True(interval.ExcludesOneAbove);
        Assert.Equal(2000, interval.Iterations);
        Assert.Equal(0.95, interval.Confidence);
    }

    [Fact]
    public void Compute_RepeatedAASamples_CoversOneAboutNinetyFivePercentOfTheTime()
    {
        var random = new Random(3);
        var covered = 0;
        const int Trials = 200;
        for (var trial = 0; trial < Trials; trial++)
        {
            var (baseline, current) = Samples(random, 60, 100, 100, 0.2);
            var interval = BootstrapRatio.Compute(baseline, current, seed: trial, iterations: 1000)!;
            covered += interval.Lower <= 1 && interval.Upper >= 1 ? 1 : 0;
        }

        // 200 trials at 95%: the binomial standard error is 1.5 points; percentile intervals run a little short.
        Assert.InRange(covered / (double)Trials, 0.88, 0.99);
    }

    [Fact]
    public void Compute_ZeroBaselineMedianWithoutFloor_Null()
    {
        Assert.Null(BootstrapRatio.Compute([0, 0, 0, 1], [1, 2, 3, 4], seed: 1));
    }

    [Fact]
    public void Compute_MeanWithFloor_DividesByTheFloor()
    {
        var baseline = new double[40];
        var current = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 0.4 : 0).ToArray();

        var interval = BootstrapRatio.Compute(baseline, current, seed: 1, statistic: BootstrapStatistic.Mean, denominatorFloor: 0.1)!;

        Assert.Equal(2, interval.Estimate, 12);
        Assert.True(interval.ExcludesOneAbove);
    }

    [Fact]
    public void Compute_BlocksOfCorrelatedSeconds_WiderThanIndependentResampling()
    {
        // A slow random walk: neighbouring seconds are alike, so 120 seconds hold far fewer than 120 independent values.
        var random = new Random(4);
        double level = 100;
        var walk = new double[120];
        for (var i = 0; i < walk.Length; i++)
        {
            level += Synthetic.Gaussian(random);
            walk[i] = level;
        }

        var independent = BootstrapRatio.Compute(walk, walk, seed: 1)!;
        var blocked = BootstrapRatio.Compute(walk, walk, seed: 1, blockLength: 10)!;

        Assert.True(blocked.Upper - blocked.Lower > independent.Upper - independent.Lower);
    }

    internal static (double[] Baseline, double[] Current) Samples(Random random, int count, double baselineMedian, double currentMedian, double sigma)
    {
        double Draw(double median) => median * Math.Exp(sigma * Synthetic.Gaussian(random));
        return (Enumerable.Range(0, count).Select(_ => Draw(baselineMedian)).ToArray(), Enumerable.Range(0, count).Select(_ => Draw(currentMedian)).ToArray());
    }
}
