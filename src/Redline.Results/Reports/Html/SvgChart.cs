using System.Globalization;
using System.Text;

namespace Redline.Results.Reports.Html;

/// <summary>Draws a <see cref="LineChart"/> as inline SVG: axes with round ticks, grid, legend, one polyline per series.</summary>
/// <remarks>
/// The SVG scales with its container through its viewBox, so the numbers here are in the
/// viewBox's units, not pixels. No script and no external resource: the report must open offline.
/// </remarks>
internal static class SvgChart
{
    private const double Width = 540;
    private const double Height = 250;
    private const double Left = 62;
    private const double Right = 16;
    private const double Top = 34;
    private const double Bottom = 44;
    private const double PlotWidth = Width - Left - Right;
    private const double PlotHeight = Height - Top - Bottom;

    // Markers make a short run's few points visible; on long runs they would only blur the line.
    private const int MarkerLimit = 30;

    public static string Render(LineChart chart)
    {
        // A NaN or infinity would poison every coordinate of the chart, not just its own point.
        chart = chart with { Series = [.. chart.Series.Select(s => s with { Points = [.. s.Points.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y))] })] };
        var svg = new StringBuilder(4096);
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"{Escape.Html(chart.Title)}\">");
        svg.AppendLine();
        if (!chart.HasData)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"empty\" x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">no data</text>");
            svg.AppendLine("</svg>");
            return svg.ToString();
        }

        var points = chart.Series.SelectMany(s => s.Points).ToList();
        var (xMin, xMax, xTicks) = XRange(chart.X, points);
        var (yMin, yMax, yTicks) = YRange(chart.Y, points);
        double Px(double x) => Left + (PlotWidth * (x - xMin) / (xMax - xMin));
        double Py(double y) => Top + PlotHeight - (PlotHeight * (y - yMin) / (yMax - yMin));

        foreach (var tick in yTicks)
        {
            var y = C(Py(tick.Value));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"grid\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{y}\" y2=\"{y}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{Left - 6}\" y=\"{y}\" dy=\"3.5\" text-anchor=\"end\">{Escape.Html(tick.Text)}</text>");
            svg.AppendLine();
        }

        foreach (var tick in xTicks)
        {
            var x = C(Px(tick.Value));
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"tickmark\" x1=\"{x}\" x2=\"{x}\" y1=\"{Top + PlotHeight}\" y2=\"{Top + PlotHeight + 4}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"tick\" x=\"{x}\" y=\"{Top + PlotHeight + 15}\" text-anchor=\"middle\">{Escape.Html(tick.Text)}</text>");
            svg.AppendLine();
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Left}\" y1=\"{Top}\" y2=\"{Top + PlotHeight}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" x2=\"{Width - Right}\" y1=\"{Top + PlotHeight}\" y2=\"{Top + PlotHeight}\"/>");
        svg.AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" x=\"{Left + (PlotWidth / 2)}\" y=\"{Height - 8}\" text-anchor=\"middle\">{Escape.Html(chart.X.Label)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"label\" transform=\"translate(14 {C(Top + (PlotHeight / 2))}) rotate(-90)\" text-anchor=\"middle\">{Escape.Html(chart.Y.Label)}</text>");
        svg.AppendLine();

        Bands(svg, chart.Bands.Where(b => b.To >= xMin && b.From <= xMax).Select(b => b with { From = Math.Max(b.From, xMin), To = Math.Min(b.To, xMax) }), Px);
        Markers(svg, chart.Markers.Where(m => m.X >= xMin && m.X <= xMax), Px);
        foreach (var series in chart.Series.Where(s => s.Points.Count > 0))
        {
            var coordinates = string.Join(' ', series.Points.Select(p => $"{C(Px(p.X))},{C(Py(p.Y))}"));
            var dash = series.Dashed ? " stroke-dasharray=\"6 4\"" : "";
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"series\" fill=\"none\" stroke=\"{Escape.Html(series.Color)}\"{dash} points=\"{coordinates}\"/>");
            svg.AppendLine();
            if (series.Points.Count <= MarkerLimit)
            {
                foreach (var p in series.Points)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{C(Px(p.X))}\" cy=\"{C(Py(p.Y))}\" r=\"2.2\" fill=\"{Escape.Html(series.Color)}\"/>");
                }

                svg.AppendLine();
            }
        }

        Legend(svg, chart.Series);
        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    /// <summary>A shaded band per fault, from its start to its end, under the lines.</summary>
    private static void Bands(StringBuilder svg, IEnumerable<ChartBand> bands, Func<double, double> px)
    {
        foreach (var band in bands)
        {
            var (from, to) = (px(band.From), px(band.To));
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"fault\" x=\"{C(from)}\" y=\"{Top}\" width=\"{C(Math.Max(to - from, 1))}\" height=\"{PlotHeight}\"><title>{Escape.Html(band.Text)}</title></rect>");
            svg.AppendLine();
        }
    }

    /// <summary>A dashed vertical line per event, numbered at the top as in the report's list of events.</summary>
    private static void Markers(StringBuilder svg, IEnumerable<ChartMarker> markers, Func<double, double> px)
    {
        foreach (var marker in markers)
        {
            var x = C(px(marker.X));
            svg.Append(CultureInfo.InvariantCulture, $"<g class=\"event\"><title>{Escape.Html(marker.Text)}</title>");
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"event\" x1=\"{x}\" x2=\"{x}\" y1=\"{Top}\" y2=\"{Top + PlotHeight}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"event\" x=\"{x}\" y=\"{Top - 3}\" text-anchor=\"middle\">{marker.Number}</text></g>");
            svg.AppendLine();
        }
    }

    private static void Legend(StringBuilder svg, IReadOnlyList<ChartSeries> series)
    {
        var x = Left;
        foreach (var s in series)
        {
            var dash = s.Dashed ? " stroke-dasharray=\"6 4\"" : "";
            svg.Append(CultureInfo.InvariantCulture, $"<line class=\"swatch\" x1=\"{C(x)}\" x2=\"{C(x + 18)}\" y1=\"14\" y2=\"14\" stroke=\"{Escape.Html(s.Color)}\"{dash}/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text class=\"legend\" x=\"{C(x + 22)}\" y=\"18\">{Escape.Html(s.Name)}</text>");
            // An estimate of the text's width: the chart has no layout engine, and a guess too wide only adds a gap.
            x += 34 + (s.Name.Length * 6.2);
        }

        svg.AppendLine();
    }

    /// <summary>The data's own extent, widened to the given ticks; round-number ticks when none are given.</summary>
    private static (double Min, double Max, IReadOnlyList<ChartTick> Ticks) XRange(ChartAxis axis, List<ChartPoint> points)
    {
        var min = points.Min(p => p.X);
        var max = points.Max(p => p.X);
        if (axis.Ticks is { Count: > 0 } given)
        {
            min = Math.Min(min, given.Min(t => t.Value));
            max = Math.Max(max, given.Max(t => t.Value));
        }

        if (max <= min)
        {
            (min, max) = (min - 0.5, max + 0.5);
        }

        return (min, max, axis.Ticks ?? RoundTicks(min, max, 6, axis.MinimumStep));
    }

    /// <summary>From zero (or the lowest value, if negative) to the first round tick at or above the highest value.</summary>
    private static (double Min, double Max, IReadOnlyList<ChartTick> Ticks) YRange(ChartAxis axis, List<ChartPoint> points)
    {
        var low = Math.Min(0, points.Min(p => p.Y));
        var high = points.Max(p => p.Y);
        if (high <= low)
        {
            high = low + 1;
        }

        var step = NiceStep((high - low) / 5);
        var min = Math.Floor(low / step) * step;
        var max = Math.Ceiling(high / step) * step;
        return (min, max, axis.Ticks ?? RoundTicks(min, max, 5, axis.MinimumStep));
    }

    private static List<ChartTick> RoundTicks(double min, double max, int wanted, double minimumStep)
    {
        var step = Math.Max(NiceStep((max - min) / wanted), minimumStep);
        var ticks = new List<ChartTick>();
        for (var value = Math.Ceiling(min / step) * step; value <= max + (step * 1e-9); value += step)
        {
            // Repeated addition drifts (0.1 + 0.2); rounding to the step's precision keeps labels clean.
            var clean = Math.Round(value / step) * step;
            ticks.Add(new ChartTick(clean, Numbers.Plain(clean)));
        }

        return ticks;
    }

    /// <summary>1, 2, 2.5 or 5 times a power of ten: the steps people read at a glance.</summary>
    internal static double NiceStep(double raw)
    {
        if (!(raw > 0) || !double.IsFinite(raw))
        {
            return 1;
        }

        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / magnitude;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    private static string C(double value) => Numbers.Coordinate(value);
}
