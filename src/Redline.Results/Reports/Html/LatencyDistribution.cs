using System.Globalization;
using HdrHistogram;
using Redline.Engine;

namespace Redline.Results.Reports.Html;

/// <summary>A scenario's latency distribution, from the per-second histograms its timeline keeps.</summary>
/// <remarks>
/// The curve is HdrHistogram's percentile spectrum: x is -log10(1 - q), so 90%, 99% and 99.9%
/// are equally spaced and the tail, where regressions show first, gets as much room as the body.
/// </remarks>
internal static class LatencyDistribution
{
    // Fine enough for a smooth curve, coarse enough to keep the SVG small.
    private const double Step = 0.05;

    /// <summary>The scenario's per-second latency histograms added up, or null when no second recorded any.</summary>
    public static HistogramBase? Merge(IEnumerable<TimelinePoint> timeline)
    {
        HistogramBase? merged = null;
        foreach (var point in timeline)
        {
            if (point.Total.Requests == 0 || string.IsNullOrEmpty(point.Total.LatencyHistogram))
            {
                continue;
            }

            HistogramBase second;
            try
            {
                second = Histograms.Decode(point.Total.LatencyHistogram);
            }
            catch (FormatException)
            {
                // A damaged second in a hand-edited results file costs that second, not the report.
                continue;
            }

            merged ??= Histograms.Create();
            merged.Add(second);
        }

        return merged is { TotalCount: > 0 } ? merged : null;
    }

    /// <summary>The latency (ms) at each percentile up to the highest one the sample count supports, ending at the maximum.</summary>
    public static IReadOnlyList<ChartPoint> Curve(HistogramBase histogram)
    {
        var top = Reach(histogram.TotalCount);
        var max = histogram.GetMaxValue();
        var points = new List<ChartPoint>();
        for (var x = 0.0; x < top; x += Step)
        {
            var percentile = 100 * (1 - Math.Pow(10, -x));
            points.Add(new ChartPoint(x, Math.Min(max, histogram.GetValueAtPercentile(percentile)) / 1000.0));
        }

        points.Add(new ChartPoint(top, max / 1000.0));
        return points;
    }

    /// <summary>The percentile ticks within reach: 0%, 50%, 90%, 99%, 99.9% ...</summary>
    public static IReadOnlyList<ChartTick> Ticks(double reach)
    {
        var ticks = new List<ChartTick> { new(0, "0%"), new(Math.Log10(2), "50%") };
        for (var nines = 1; nines <= Math.Floor(reach + 1e-9); nines++)
        {
            var percent = 100 * (1 - Math.Pow(10, -nines));
            ticks.Add(new ChartTick(nines, Math.Round(percent, nines).ToString("0.#####", CultureInfo.InvariantCulture) + "%"));
        }

        return ticks;
    }

    /// <summary>How far along the x axis the data can say anything: with n samples, the 1 - 1/n percentile (at most 99.999%).</summary>
    public static double Reach(long count) => Math.Clamp(Math.Log10(Math.Max(count, 2)), Math.Log10(2), 5);

    /// <summary>The distribution chart: the current run's curve, and the baseline's dashed when given.</summary>
    public static LineChart Chart(ScenarioResult scenario, ScenarioResult? baseline)
    {
        var current = Merge(scenario.Timeline);
        var before = baseline is null ? null : Merge(baseline.Timeline);
        var series = new List<ChartSeries>();
        if (current is not null)
        {
            series.Add(new ChartSeries("current", Palette.Blue, Curve(current)));
        }

        if (before is not null)
        {
            series.Add(new ChartSeries("baseline", Palette.Gray, Curve(before), Dashed: true));
        }

        var reach = Math.Max(current is null ? 0 : Reach(current.TotalCount), before is null ? 0 : Reach(before.TotalCount));
        return new LineChart("Latency distribution", new ChartAxis("percentile (log scale)", Ticks(reach)), new ChartAxis("latency (ms)"), series);
    }
}
