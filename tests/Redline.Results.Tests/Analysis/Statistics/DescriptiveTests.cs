using Redline.Results.Analysis.Statistics;

namespace Redline.Results.Tests.Analysis.Statistics;

public sealed class DescriptiveTests
{
    [Fact]
    public void Median_OddAndEvenCounts_TakesMiddleOrAverage()
    {
        Assert.Equal(3, Descriptive.Median([5, 1, 3]));
        Assert.Equal(2.5, Descriptive.Median([4, 1, 3, 2]));
        Assert.True(double.IsNaN(Descriptive.Median([])));
    }

    [Fact]
    public void Mad_TextbookSet_IsOneAndScalesTo1Point4826()
    {
        // The usual example: median 2, absolute deviations {1, 1, 0, 0, 2, 4, 7}, whose median is 1.
        double[] values = [1, 1, 2, 2, 4, 6, 9];

        Assert.Equal(1, Descriptive.Mad(values));
        Assert.Equal(1.4826, Descriptive.ScaledMad(values), 12);
    }

    [Fact]
    public void ScaledMad_LargeNormalSample_EstimatesSigma()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 20000).Select(_ => Synthetic.Gaussian(random) * 3).ToArray();

        Assert.Equal(3, Descriptive.ScaledMad(values), 0.1);
    }

    [Theory]
    [InlineData(0.0, 10)]
    [InlineData(0.25, 17.5)]
    [InlineData(0.5, 25)]
    [InlineData(0.9, 37)]
    [InlineData(1.0, 40)]
    public void QuantileOfSorted_Type7_InterpolatesLikeR(double p, double expected)
    {
        // R: quantile(c(10, 20, 30, 40), p) with the default type 7.
        Assert.Equal(expected, Descriptive.QuantileOfSorted([10, 20, 30, 40], p), 12);
    }

    [Fact]
    public void MedianInPlace_RandomArraysWithDuplicates_MatchesSortedMedian()
    {
        var random = new Random(8);
        for (var n = 1; n <= 60; n++)
        {
            for (var trial = 0; trial < 20; trial++)
            {
                var values = Enumerable.Range(0, n).Select(_ => (double)random.Next(10)).ToArray();
                var expected = Descriptive.Median(values);

                Assert.Equal(expected, Descriptive.MedianInPlace(values));
            }
        }
    }
}
