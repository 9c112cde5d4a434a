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

public sealed class WeekOverWeekTests
{
    [Fact]
    public void Compare_TwoWeeksOfRuns_ChangeOfMedians()
    {
        var now = new DateTimeOffset(2025, 3, 15, 12, 0, 0, TimeSpan.Zero);
        var series = new List<(DateTimeOffset, double)>
        {
            (now.AddDays(-13), 100), (now.AddDays(-10), 104), (now.AddDays(-8), 102),
            (now.AddDays(-6), 110), (now.AddDays(-3), 112), (now.AddDays(-1), 108),
            (now.AddDays(-20), 999), (now.AddDays(1), 999),
        };

        var change = WeekOverWeek.Compare(series, now);

        Assert.Equal(102, change.PreviousMedian);
        Assert.Equal(110, change.CurrentMedian);
        Assert.Equal(3, change.PreviousCount);
        Assert.Equal(3, change.CurrentCount);
        Assert.Equal(100.0 * 8 / 102, change.ChangePercent!.Value, 12);
    }

    [Fact]
    public void Compare_EmptyPreviousWeek_NoChange()
    {
        var now = new DateTimeOffset(2025, 3, 15, 0, 0, 0, TimeSpan.Zero);

        var change = WeekOverWeek.Compare([(now.AddDays(-1), 5.0)], now);

        Assert.Null(change.ChangePercent);
        Assert.Equal(0, change.PreviousCount);
    }
}
