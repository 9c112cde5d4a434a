namespace Redline.Results.History;

/// <summary>How long each tier of history is kept. Run summaries and regression reports are kept forever.</summary>
/// <param name="RawIntervals">Per-second intervals older than this are rolled up into hourly buckets.</param>
/// <param name="HourlyRollups">Hourly buckets older than this are rolled up into daily buckets.</param>
/// <param name="DailyRollups">Daily buckets older than this are deleted.</param>
public sealed record RetentionPolicy(TimeSpan RawIntervals, TimeSpan HourlyRollups, TimeSpan DailyRollups)
{
    /// <summary>The seed's policy: raw 7 days, hourly 30 days, daily 1 year.</summary>
    public static RetentionPolicy Default { get; } = new(TimeSpan.FromDays(7), TimeSpan.FromDays(30), TimeSpan.FromDays(365));
}

/// <summary>What one pruning pass did.</summary>
/// <param name="RunsRolledUp">Runs whose per-second intervals were rolled up and removed.</param>
/// <param name="IntervalsRolledUp">Per-second interval rows merged into hourly buckets and removed.</param>
/// <param name="HourlyRollupsMerged">Hourly buckets merged into daily buckets and removed.</param>
/// <param name="DailyRollupsDeleted">Daily buckets deleted.</param>
public sealed record PruneResult(int RunsRolledUp, int IntervalsRolledUp, int HourlyRollupsMerged, int DailyRollupsDeleted);
