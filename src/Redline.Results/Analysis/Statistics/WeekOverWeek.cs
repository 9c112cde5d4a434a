namespace Redline.Results.Analysis.Statistics;

/// <summary>The median of the last seven days against the median of the seven before.</summary>
/// <param name="PreviousMedian">Median of (now - 14 days, now - 7 days].</param>
/// <param name="CurrentMedian">Median of (now - 7 days, now].</param>
/// <param name="PreviousCount">Values in the previous week.</param>
/// <param name="CurrentCount">Values in the current week.</param>
/// <param name="ChangePercent">100·(current - previous)/|previous|; null when a week is empty or the previous median is 0.</param>
internal sealed record WeekOverWeekChange(double PreviousMedian, double CurrentMedian, int PreviousCount, int CurrentCount, double? ChangePercent);

/// <summary>Week-over-week change of a timestamped series, as the seed's improvement tracking asks.</summary>
internal static class WeekOverWeek
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>Compares the two weeks that end at <paramref name="now"/> (passed in, never read from a clock).</summary>
    public static WeekOverWeekChange Compare(IEnumerable<(DateTimeOffset At, double Value)> series, DateTimeOffset now)
    {
        var current = new List<double>();
        var previous = new List<double>();
        foreach (var (at, value) in series)
        {
            if (at > now - Week && at <= now)
            {
                current.Add(value);
            }
            else if (at > now - (2 * Week) && at <= now - Week)
            {
                previous.Add(value);
            }
        }

        var before = Descriptive.Median(previous);
        var after = Descriptive.Median(current);
        double? change = previous.Count == 0 || current.Count == 0 || before == 0
            ? null
            : 100 * (after - before) / Math.Abs(before);
        return new WeekOverWeekChange(before, after, previous.Count, current.Count, change);
    }
}
