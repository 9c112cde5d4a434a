using Redline.Engine;

namespace Redline.Results.Reports.Html;

/// <summary>The charts of a scenario's per-second timeline: latency, throughput, errors, and the target's resources.</summary>
/// <remarks>
/// A second is plotted at its end (second 0 at x = 1), where the target's resource sample of the
/// same second is stamped too, so the charts line up.
/// </remarks>
internal static class TimelineCharts
{
    // Whole seconds: a tick at 2.5 s would name a moment no point is plotted at.
    private static readonly ChartAxis TimeAxis = new("time (s)", MinimumStep: 1);
    private const double BytesPerMb = 1024.0 * 1024.0;

    /// <summary>p50, p95 and p99 per second, with the baseline's p95 dashed when there is a baseline.</summary>
    public static LineChart Latency(ScenarioResult scenario, ScenarioResult? baseline)
    {
        var series = new List<ChartSeries>
        {
            new("p50", Palette.Blue, Busy(scenario, s => s.Latency.P50)),
            new("p95", Palette.Orange, Busy(scenario, s => s.Latency.P95)),
            new("p99", Palette.Red, Busy(scenario, s => s.Latency.P99)),
        };
        if (baseline is not null)
        {
            series.Add(new ChartSeries("baseline p95", Palette.Gray, Busy(baseline, s => s.Latency.P95), Dashed: true));
        }

        return new LineChart("Latency percentiles over time", TimeAxis, new ChartAxis("latency (ms)"), series);
    }

    /// <summary>Completed requests per second, and the scheduled arrival rate in the open model.</summary>
    public static LineChart Throughput(ScenarioResult scenario)
    {
        var series = new List<ChartSeries> { new("completed req/s", Palette.Green, All(scenario, p => p.Total.Requests)) };
        // In the closed model Load counts users, not requests per second: it would not share this axis.
        if (scenario.Model == "open")
        {
            series.Add(new ChartSeries("scheduled rate", Palette.Gray, ScheduledRate(scenario), Dashed: true));
        }

        return new LineChart("Throughput over time", TimeAxis, new ChartAxis("requests per second"), series);
    }

    /// <summary>Errors per second, split by error class when there is more than one, and dropped iterations when there were any.</summary>
    public static LineChart Errors(ScenarioResult scenario)
    {
        var series = new List<ChartSeries> { new("errors/s", Palette.Red, All(scenario, p => p.Total.Errors)) };
        var kinds = scenario.Timeline.SelectMany(p => p.Total.ErrorsByType.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (kinds.Count > 1)
        {
            for (var i = 0; i < kinds.Count; i++)
            {
                var kind = kinds[i];
                series.Add(new ChartSeries(kind, Palette.Nth(i + 1), All(scenario, p => p.Total.ErrorsByType.GetValueOrDefault(kind))));
            }
        }

        if (scenario.Timeline.Any(p => p.Total.Dropped > 0))
        {
            series.Add(new ChartSeries("dropped/s", Palette.Gray, All(scenario, p => p.Total.Dropped), Dashed: true));
        }

        return new LineChart("Errors over time", TimeAxis, new ChartAxis("per second", MinimumStep: 1), series);
    }

    /// <summary>The target's CPU per second (100 = one core), or null when the target was not sampled.</summary>
    public static LineChart? TargetCpu(ScenarioResult scenario) => Samples(scenario) is { } samples
        ? new LineChart("Target CPU over time", TimeAxis, new ChartAxis("CPU (%, 100 = one core)"), [new ChartSeries("CPU", Palette.Purple, [.. samples.Select(s => new ChartPoint(s.Elapsed.TotalSeconds, s.CpuPercent))])])
        : null;

    /// <summary>The target's resident memory per second, or null when the target was not sampled.</summary>
    public static LineChart? TargetMemory(ScenarioResult scenario) => Samples(scenario) is { } samples
        ? new LineChart("Target memory over time", TimeAxis, new ChartAxis("resident memory (MB)"), [new ChartSeries("RSS", Palette.Brown, [.. samples.Select(s => new ChartPoint(s.Elapsed.TotalSeconds, s.RssBytes / BytesPerMb))])])
        : null;

    /// <summary>Series of the scenario's resource report, each scaled into the chart's unit; null when none was read.</summary>
    public static LineChart? Resource(ScenarioResult scenario, string title, string axis, params (string Label, string Series, string Color, double Scale)[] lines)
    {
        if (scenario.Resources is not { } resources)
        {
            return null;
        }

        var series = new List<ChartSeries>();
        foreach (var (label, name, color, scale) in lines)
        {
            if (resources.Find(name) is { Summary: not null } found)
            {
                series.Add(new ChartSeries(label, color, [.. found.Values
                    .Select((v, i) => (Value: v, Second: resources.Seconds[i]))
                    .Where(p => p.Value.HasValue)
                    .Select(p => new ChartPoint(p.Second, p.Value!.Value * scale))]));
            }
        }

        return series.Count == 0 ? null : new LineChart(title, TimeAxis, new ChartAxis(axis), series);
    }

    /// <summary>Samples taken while the target was alive: a dead process reads as zero, which is no measurement.</summary>
    private static List<ResourceSample>? Samples(ScenarioResult scenario)
    {
        var alive = scenario.Target?.Samples.Where(s => s.Alive).ToList();
        return alive is { Count: > 0 } ? alive : null;
    }

    /// <summary>
    /// The rate at the end of each second. The last second ends where the schedule does, at rate 0:
    /// that zero is no level the run held, and drawn it would read as the load collapsing.
    /// </summary>
    private static List<ChartPoint> ScheduledRate(ScenarioResult scenario)
    {
        var points = All(scenario, p => p.Load);
        if (points.Count > 1 && points[^1].Y == 0)
        {
            points.RemoveAt(points.Count - 1);
        }

        return points;
    }

    private static List<ChartPoint> All(ScenarioResult scenario, Func<TimelinePoint, double> value) =>
        [.. scenario.Timeline.Select(p => new ChartPoint(p.Second + 1, value(p)))];

    /// <summary>Seconds with requests only: an empty second has no latency, and its zero would read as a fast second.</summary>
    private static List<ChartPoint> Busy(ScenarioResult scenario, Func<IntervalSnapshot, double> value) =>
        [.. scenario.Timeline.Where(p => p.Total.Requests > 0).Select(p => new ChartPoint(p.Second + 1, value(p.Total)))];
}
