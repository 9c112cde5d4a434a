using Redline.Results.Analysis.Statistics;

namespace Redline.Results.Tests.Analysis.Statistics;

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
