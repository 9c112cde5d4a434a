namespace Redline.Results.Reports.Html;

/// <summary>One point of a series, in the chart's own units.</summary>
internal readonly record struct ChartPoint(double X, double Y);

/// <summary>One line of a chart; <paramref name="Name"/> is shown in the legend (escaped).</summary>
internal sealed record ChartSeries(string Name, string Color, IReadOnlyList<ChartPoint> Points, bool Dashed = false);

/// <summary>An axis: its label, and its tick positions with their text, or null for round numbers no closer than <paramref name="MinimumStep"/>.</summary>
internal sealed record ChartAxis(string Label, IReadOnlyList<ChartTick>? Ticks = null, double MinimumStep = 0);

/// <summary>A labelled position on an axis.</summary>
internal readonly record struct ChartTick(double Value, string Text);

/// <summary>A numbered moment on the x axis (an event of the run), drawn as a vertical line; <paramref name="Text"/> is its tooltip.</summary>
internal readonly record struct ChartMarker(double X, int Number, string Text);

/// <summary>A span of the x axis when a fault was on, drawn as a shaded band; <paramref name="Text"/> is its tooltip.</summary>
internal readonly record struct ChartBand(double From, double To, string Text);

/// <summary>What <see cref="SvgChart"/> draws: a titled line chart, with markers of the run's events on a time axis.</summary>
internal sealed record LineChart(string Title, ChartAxis X, ChartAxis Y, IReadOnlyList<ChartSeries> Series)
{
    public bool HasData => Series.Any(s => s.Points.Count > 0);

    public IReadOnlyList<ChartMarker> Markers { get; init; } = [];

    public IReadOnlyList<ChartBand> Bands { get; init; } = [];
}

/// <summary>The colours of the report's series, chosen to stay apart for common colour blindness.</summary>
internal static class Palette
{
    public const string Blue = "#1f77b4";
    public const string Orange = "#ff7f0e";
    public const string Red = "#d62728";
    public const string Green = "#2ca02c";
    public const string Purple = "#9467bd";
    public const string Gray = "#7f7f7f";
    public const string Brown = "#8c564b";

    private static readonly string[] Cycle = [Red, Orange, Purple, Brown, Blue, Green];

    public static string Nth(int index) => Cycle[index % Cycle.Length];
}
