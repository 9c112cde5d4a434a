using Redline.Results.Analysis.Statistics;

namespace Redline.Results.Tests.Analysis.Statistics;

public sealed class MannWhitneyTests
{
    [Fact]
    public void Test_HollanderWolfeExample_GivesRsExactAnswer()
    {
        // R's ?wilcox.test example: wilcox.test(x, y, alternative = "greater") gives W = 35,
        // p = 0.1272; two-sided it is 0.2544 (= 648/2547 of the C(15, 5) arrangements).
        double[] x = [0.80, 0.83, 1.89, 1.04, 1.45, 1.38, 1.91, 1.64, 0.73, 1.46];
        double[] y = [1.15, 0.88, 0.90, 0.74, 1.21];

        var result = MannWhitney.Test(baseline: y, current: x);

        Assert.Equal(35, result.U);
        Assert.Equal(PValueMethod.Exact, result.Method);
        Assert.Equal(0.2544122544122544, result.PValue, 12);
        Assert.Equal(0.4, result.RankBiserial, 12);
        Assert.Equal(1.1635076278220096, result.Z, 12);
    }

    [Fact]
    public void Test_SmallSamplesWithTies_ExactConditionalPValue()
    {
        // Brute force over all C(17, 9) placements of the midranks: 0.00872069107363225.
        double[] baseline = [1, 2, 2, 3, 4, 5, 5, 5];
        double[] current = [3, 4, 5, 6, 6, 7, 8, 9, 9];

        var result = MannWhitney.Test(baseline, current);

        Assert.Equal(62.5, result.U);
        Assert.Equal(0.00872069107363225, result.PValue, 12);
        Assert.Equal(2.5251680839360544, result.Z, 12);
    }

    [Fact]
    public void Test_LargerSamplesWithTies_NormalApproximationWithCorrections()
    {
        // Reference: U, tie-corrected variance and continuity-corrected z computed by hand in Python.
        double[] baseline = [10, 13, 8, 12, 9, 9, 14, 10, 10, 11, 12, 10, 11, 8];
        double[] current = [13, 13, 11, 10, 10, 13, 13, 13, 14, 11, 13, 14, 15, 12, 13, 9, 12];

        var result = MannWhitney.Test(baseline, current);

        Assert.Equal(PValueMethod.NormalApproximation, result.Method);
        Assert.Equal(183.5, result.U);
        Assert.Equal(2.5792008201859913, result.Z, 12);
        Assert.Equal(0.009902919810191249, result.PValue, 12);
    }

    [Fact]
    public void Test_CompleteSeparation_EffectSizeOneAndTinyPValue()
    {
        var baseline = Enumerable.Range(0, 50).Select(i => (double)i).ToArray();
        var current = Enumerable.Range(100, 50).Select(i => (double)i).ToArray();

        var result = MannWhitney.Test(baseline, current);

        Assert.Equal(2500, result.U);
        Assert.Equal(1, result.RankBiserial);
        Assert.True(result.PValue < 1e-15);
    }

    [Fact]
    public void Test_AllValuesEqual_PValueOne()
    {
        var result = MannWhitney.Test([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3], [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]);

        Assert.Equal(1, result.PValue);
        Assert.Equal(0, result.Z);
    }

    [Fact]
    public void Test_SwappedSamples_MirrorsStatistic()
    {
        double[] a = [1.1, 2.5, 3.3, 4.0, 5.2, 6.1, 7.7, 8.4, 9.9, 10.5, 11.0, 12.3];
        double[] b = [2.0, 4.4, 6.6, 8.8, 10.1, 12.9, 14.2, 15.5, 16.0, 17.3, 18.8];

        var forward = MannWhitney.Test(a, b);
        var backward = MannWhitney.Test(b, a);

        Assert.Equal(a.Length * b.Length - forward.U, backward.U, 12);
        Assert.Equal(-forward.Z, backward.Z, 12);
        Assert.Equal(forward.PValue, backward.PValue, 12);
    }
}
