using Redline.Results.Analysis.Statistics;

namespace Redline.Results.Tests.Analysis.Statistics;

public sealed class NormalDistributionTests
{
    // Reference values from 0.5·erfc(x/√2) (Python's math.erfc).
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(0.5, 0.3085375387259869)]
    [InlineData(1.96, 0.024997895148220435)]
    [InlineData(2.5, 0.006209665325776139)]
    [InlineData(3.0, 0.0013498980316300957)]
    [InlineData(3.5, 0.00023262907903552504)]
    [InlineData(5.0, 2.866515718791946e-07)]
    [InlineData(8.0, 6.220960574271819e-16)]
    [InlineData(10.0, 7.619853024160593e-24)]
    [InlineData(20.0, 2.7536241186063314e-89)]
    [InlineData(-1.5, 0.9331927987311419)]
    public void UpperTail_KnownPoints_MatchesToTwelveDigits(double x, double expected)
    {
        var actual = NormalDistribution.UpperTail(x);

        Assert.Equal(expected, actual, expected * 1e-12);
    }

    // Reference values from Python's statistics.NormalDist().inv_cdf (Wichura's AS241).
    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.975, 1.9599639845400536)]
    [InlineData(0.995, 2.5758293035489)]
    [InlineData(0.9, 1.2815515655446008)]
    [InlineData(0.01, -2.3263478740408408)]
    [InlineData(0.02425, -1.9729610513118845)]
    [InlineData(0.03, -1.8807936081512509)]
    [InlineData(1e-6, -4.753424308822899)]
    public void Quantile_KnownProbabilities_MatchesToTwelveDigits(double p, double expected)
    {
        Assert.Equal(expected, NormalDistribution.Quantile(p), 1e-12);
    }

    [Fact]
    public void Cdf_OfQuantile_RoundTrips()
    {
        foreach (var p in new[] { 1e-10, 0.001, 0.2, 0.5, 0.7, 0.999 })
        {
            Assert.Equal(p, NormalDistribution.Cdf(NormalDistribution.Quantile(p)), p * 1e-10);
        }
    }
}
