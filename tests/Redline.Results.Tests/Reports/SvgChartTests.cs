using Redline.Results.Reports.Html;

namespace Redline.Results.Tests.Reports;

public sealed class SvgChartTests
{
    [Theory]
    [InlineData(0.7, 1)]
    [InlineData(1.3, 2)]
    [InlineData(2.2, 2.5)]
    [InlineData(3.1, 5)]
    [InlineData(7, 10)]
    [InlineData(0.031, 0.05)]
    [InlineData(420, 500)]
    [InlineData(0, 1)]
    public void NiceStep_RawStep_RoundsUpToOneTwoTwoAndAHalfOrFive(double raw, double expected) =>
        Assert.Equal(expected, SvgChart.NiceStep(raw), 9);

    [Fact]
    public void Render_NoPoints_SaysNoDataAndDrawsNoLine()
    {
        var chart = new LineChart("empty", new ChartAxis("x"), new ChartAxis("y"), [new ChartSeries("a", Palette.Blue, [])]);

        var svg = SvgChart.Render(chart);

        Assert.Contains(">no data</text>", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("<polyline", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SeriesNamedWithMarkup_EscapedInLegendAndLabel()
    {
        var chart = new LineChart("<t>", new ChartAxis("<x>"), new ChartAxis("\"y\""), [new ChartSeries("<script>alert(1)</script>", "\"red", [new(0, 1), new(1, 2)])]);

        var svg = SvgChart.Render(chart);

        Assert.DoesNotContain("<script", svg, StringComparison.Ordinal);
        Assert.Contains(">&lt;script&gt;alert(1)&lt;/script&gt;</text>", svg, StringComparison.Ordinal);
        Assert.Contains("aria-label=\"&lt;t&gt;\"", svg, StringComparison.Ordinal);
        Assert.Contains("stroke=\"&quot;red\"", svg, StringComparison.Ordinal);
        Assert.Contains(">&quot;y&quot;</text>", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NonFinitePoints_LeftOutAndTheRestDrawn()
    {
        var chart = new LineChart("t", new ChartAxis("s"), new ChartAxis("ms"), [new ChartSeries("a", Palette.Blue, [new(1, 2), new(2, double.NaN), new(3, double.PositiveInfinity), new(4, 3)])]);

        var svg = SvgChart.Render(chart);

        Assert.Equal(2, Assert.Single(Dom.Polylines(svg)).Length);
        Assert.DoesNotContain("NaN", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_TwoPoints_SpanThePlotAreaWithRoundTicks()
    {
        var chart = new LineChart("t", new ChartAxis("s"), new ChartAxis("ms"), [new ChartSeries("a", Palette.Blue, [new(1, 0), new(4, 37)])]);

        var svg = SvgChart.Render(chart);

        var line = Assert.Single(Dom.Polylines(svg));
        // The first point sits on the y axis at zero, the last at the right edge below the top tick (40).
        Assert.Equal((62, 206), line[0]);
        Assert.Equal(524, line[1].X);
        Assert.InRange(line[1].Y, 34, 60);
        Assert.Contains(">40</text>", svg, StringComparison.Ordinal);
    }
}
