using Redline.Results.Analysis.Statistics;

namespace Redline.Results.Tests.Analysis.Statistics;

public sealed class ChangePointsTests
{
    [Fact]
    public void Detect_MeanShiftOfThreeSigmas_FindsItAtTheRightIndex()
    {
        var series = Noise(new Random(11), 120, sigma: 1, mean: 10);
        for (var i = 60; i < series.Length; i++)
        {
            series[i] += 3;
        }

        var changes = ChangePoints.Detect(series);

        var change = Assert.Single(changes);
        Assert.Equal(60, change.Index);
        Assert.Equal(10, change.MeanBefore, 0.5);
        Assert.Equal(13, change.MeanAfter, 0.5);
    }

    [Fact]
    public void Detect_TwoShifts_FindsBoth()
    {
        var series = Noise(new Random(12), 200, sigma: 2, mean: 50);
        for (var i = 70; i < 140; i++)
        {
            series[i] += 8;
        }

        var changes = ChangePoints.Detect(series);

        Assert.Equal([70, 140], changes.Select(c => c.Index));
    }

    [Fact]
    public void Detect_CleanStepWithoutNoise_FindsTheStepOnly()
    {
        var series = Enumerable.Range(0, 40).Select(i => i < 25 ? 5.0 : 9.0).ToArray();

        var change = Assert.Single(ChangePoints.Detect(series));

        Assert.Equal(25, change.Index);
        Assert.Equal(5, change.MeanBefore);
        Assert.Equal(9, change.MeanAfter);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Detect_TallSpikeOrShortBurst_IsNotAChange(int width)
    {
        var series = Noise(new Random(13), 120, sigma: 1, mean: 10);
        for (var i = 50; i < 50 + width; i++)
        {
            series[i] += 60;
        }

        Assert.Empty(ChangePoints.Detect(series));
    }

    [Fact]
    public void Detect_PureNoise_AlmostNeverFindsAChange()
    {
        var random = new Random(14);
        var falseChanges = 0;
        for (var trial = 0; trial < 100; trial++)
        {
            falseChanges += ChangePoints.Detect(Noise(random, 100, sigma: 1, mean: 0)).Count;
        }

        Assert.True(falseChanges <= 2, $"{falseChanges} changes found in 100 series of pure noise");
    }

    [Fact]
    public void Detect_CorrelatedNoise_LongRunScaleKeepsFalseChangesRare()
    {
        // AR(1) noise with φ = 0.3: neighbouring values alike, as in a drifting history. With the
        // plain first-difference scale about half of such series got a false change.
        var random = new Random(15);
        var falseChanges = 0;
        for (var trial = 0; trial < 100; trial++)
        {
            var series = new double[100];
            for (var i = 1; i < series.Length; i++)
            {
                series[i] = (0.3 * series[i - 1]) + Synthetic.Gaussian(random);
            }

            falseChanges += ChangePoints.Detect(series).Count;
        }

        Assert.True(falseChanges <= 15, $"{falseChanges} changes found in 100 series of correlated noise");
    }

    [Fact]
    public void Detect_SeriesShorterThanTwoSegments_NoChange()
    {
        Assert.Empty(ChangePoints.Detect([1, 1, 1, 9, 9, 9, 9, 9, 9]));
    }

    private static double[] Noise(Random random, int count, double sigma, double mean) =>
        Enumerable.Range(0, count).Select(_ => mean + (sigma * Synthetic.Gaussian(random))).ToArray();
}
