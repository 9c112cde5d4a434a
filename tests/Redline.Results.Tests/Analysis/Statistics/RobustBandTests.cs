using Redline.Results.Analysis.Statistics;

namespace Redline.Results.Tests.Analysis.Statistics;

public sealed class RobustBandTests
{
    [Fact]
    public void From_TextbookSet_ThreeScaledMadsAroundTheMedian()
    {
        var band = RobustBand.From([1, 1, 2, 2, 4, 6, 9]);

        Assert.Equal(2, band.Median);
        Assert.Equal(1.4826, band.Sigma, 12);
        Assert.Equal(2 + (3 * 1.4826), band.Upper, 12);
        Assert.False(band.IsOutside(6));
        Assert.True(band.IsOutside(9));
        Assert.True(band.IsOutside(-3));
        Assert.Equal(7 / 1.4826, band.Deviations(9), 12);
    }

    [Fact]
    public void From_WindowWithOneBadRun_BandBarelyMoves()
    {
        double[] calm = [100, 101, 99, 100, 102, 98, 100];
        double[] withBadRun = [100, 101, 99, 100, 102, 98, 160];

        var before = RobustBand.From(calm);
        var after = RobustBand.From(withBadRun);

        Assert.Equal(before.Median, after.Median);
        Assert.True(after.IsOutside(130));
    }

    [Fact]
    public void From_RepeatedValue_MinimumSigmaKeepsNeighboursInside()
    {
        double[] window = [50, 50, 50, 50, 50, 51];

        Assert.True(RobustBand.From(window).IsOutside(51));
        Assert.False(RobustBand.From(window, minimumSigma: 1).IsOutside(51));
    }
}
