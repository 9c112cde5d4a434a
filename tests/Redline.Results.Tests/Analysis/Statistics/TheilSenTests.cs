using Redline.Results.Analysis.Statistics;

namespace Redline.Results.Tests.Analysis.Statistics;

public sealed class TheilSenTests
{
    [Fact]
    public void Fit_ExactLine_RecoversSlopeAndInterceptWithZeroWidthInterval()
    {
        var x = Enumerable.Range(0, 20).Select(i => (double)i).ToArray();
        var y = x.Select(v => (2 * v) + 1).ToArray();

        var fit = TheilSen.Fit(x, y);

        Assert.Equal(2, fit.Slope, 12);
        Assert.Equal(1, fit.Intercept, 12);
        Assert.Equal(2, fit.SlopeLower, 12);
        Assert.Equal(2, fit.SlopeUpper, 12);
    }

    [Fact]
    public void Fit_LineWithOneWildPoint_IgnoresItAndMatchesSciPy()
    {
        // Reference: scipy.stats.theilslopes' formulas (Sen 1968, eq. 2.6) computed independently.
        double[] x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
        double[] y = [1.0, 2.9, 5.2, 6.8, 9.1, 11.2, 12.8, 15.1, 16.9, 40.0];

        var fit = TheilSen.Fit(x, y);

        Assert.Equal(2.02, fit.Slope, 12);
        Assert.Equal(0.98, fit.Intercept, 12);
        Assert.Equal(1.95, fit.SlopeLower, 12);
        Assert.Equal(2.3, fit.SlopeUpper, 12);
    }

    [Fact]
    public void Fit_TiesInX_SkipsVerticalPairsAndShrinksVariance()
    {
        double[] x = [1, 2, 2, 3, 4, 5, 6, 6, 7, 8];
        double[] y = [3.1, 4.0, 5.2, 5.9, 8.3, 9.7, 11.8, 12.1, 13.9, 16.2];

        var fit = TheilSen.Fit(x, y);

        Assert.Equal(1.9, fit.Slope, 12);
        Assert.Equal(0.65, fit.Intercept, 12);
        Assert.Equal(1.74, fit.SlopeLower, 12);
        Assert.Equal(2.0666666666666664, fit.SlopeUpper, 12);
    }

    [Fact]
    public void Fit_AllXEqual_Throws()
    {
        Assert.Throws<ArgumentException>(() => TheilSen.Fit([1, 1, 1], [1, 2, 3]));
    }
}
