using Redline.Engine;
using Redline.Results.Analysis.Statistics;
using Redline.Results.History;

namespace Redline.Results.Comparison;

/// <summary>One metric's newest value against its recent history.</summary>
/// <param name="Metric">The metric, such as <c>response_time_p95</c>.</param>
/// <param name="Current">The newest run's value.</param>
/// <param name="WindowMedian">The median over the window's runs.</param>
/// <param name="Lower">The band's lower edge: median - 3·σ (σ from the MAD).</param>
/// <param name="Upper">The band's upper edge.</param>
/// <param name="Runs">Runs in the window.</param>
/// <param name="Outside">Whether the newest value falls outside the band.</param>
/// <param name="WeekOverWeekPercent">The change of this week's median against last week's, when both weeks have runs.</param>
public sealed record TrendPoint(string Metric, double Current, double WindowMedian, double Lower, double Upper, int Runs, bool Outside, double? WeekOverWeekPercent);

/// <summary>A run found, after the fact, to start a new level of a metric.</summary>
/// <param name="RunId">The first run of the new level.</param>
/// <param name="At">When it started.</param>
/// <param name="Before">The metric's mean before.</param>
/// <param name="After">Its mean from this run on.</param>
public sealed record LevelShift(string RunId, DateTimeOffset At, double Before, double After);

/// <summary>
/// Trends over stored runs of one suite and scenario: the newest value against a sliding window
/// with a robust 3-sigma band (median and MAD, so one bad run does not widen it), week over week,
/// and change points found after the fact.
/// </summary>
public static class Trend
{
    /// <summary>The metrics a trend follows (the catalog's trended ones), read from a run's scenario or component summary.</summary>
    public static readonly IReadOnlyDictionary<string, Func<Measures, double?>> Metrics =
        MetricCatalog.All.Where(m => m.Trended && m.FromMeasures is not null).ToDictionary(m => m.Name, m => m.FromMeasures!, StringComparer.Ordinal);

    /// <summary>The series of <paramref name="metric"/> over <paramref name="runs"/>, oldest first; aborted runs are left out.</summary>
    public static IReadOnlyList<(RunInfo Run, double Value)> Series(IEnumerable<RunInfo> runs, string scenario, string? component, string metric)
    {
        var read = Metrics[metric];
        return [.. runs
            .Where(r => r.Verdict != Verdict.Aborted)
            .Select(r => (Run: r, Summary: r.Summaries.FirstOrDefault(s => s.Scenario == scenario && s.Component == component)))
            .Where(p => p.Summary is not null && p.Summary.Measures.Requests > 0)
            .Select(p => (p.Run, Value: read(p.Summary!.Measures)))
            .Where(p => p.Value is not null)
            .OrderBy(p => p.Run.StartedAt)
            .Select(p => (p.Run, p.Value!.Value))];
    }

    /// <summary>The fewest earlier runs a band is drawn from: with fewer, the MAD says nothing about the spread.</summary>
    public const int MinimumRuns = 5;

    /// <summary>The newest run of <paramref name="series"/> against the <paramref name="window"/> before it; null with too little history.</summary>
    public static TrendPoint? Judge(string metric, IReadOnlyList<(RunInfo Run, double Value)> series, TimeSpan window)
    {
        if (series.Count < 2)
        {
            return null;
        }

        var (newest, current) = series[^1];
        var history = series.Take(series.Count - 1).Where(p => p.Run.StartedAt >= newest.StartedAt - window).Select(p => p.Value).ToList();
        if (history.Count < MinimumRuns)
        {
            return null;
        }

        var band = RobustBand.From(history);
        var weekly = WeekOverWeek.Compare(series.Select(p => (p.Run.StartedAt, p.Value)), newest.StartedAt);
        return new TrendPoint(metric, current, band.Median, band.Lower, band.Upper, history.Count, band.IsOutside(current), weekly.ChangePercent);
    }

    /// <summary>Runs that start a new level of the metric; a single odd run is not one (minimum segment length).</summary>
    public static IReadOnlyList<LevelShift> Changes(IReadOnlyList<(RunInfo Run, double Value)> series, int minimumSegment = ChangePoints.DefaultMinimumSegment) =>
        [.. ChangePoints.Detect([.. series.Select(p => p.Value)], minimumSegment)
            .Select(c => new LevelShift(series[c.Index].Run.Id, series[c.Index].Run.StartedAt, c.MeanBefore, c.MeanAfter))];
}
