namespace Redline.Results.Analysis.Statistics;

/// <summary>How a p-value was obtained.</summary>
internal enum PValueMethod
{
    /// <summary>From the exact permutation distribution of the rank sum (ties kept as midranks).</summary>
    Exact,

    /// <summary>From the normal approximation with tie and continuity corrections.</summary>
    NormalApproximation,
}

/// <summary>The outcome of a two-sided Mann-Whitney U test of current against baseline.</summary>
/// <param name="U">Pairs (baseline, current) where current is larger, ties counting one half.</param>
/// <param name="Z">The standardised U, tie- and continuity-corrected; positive when current tends to be larger.</param>
/// <param name="PValue">Two-sided p-value.</param>
/// <param name="RankBiserial">Effect size 2U/(n1·n2) - 1, in [-1, 1]; +1 when every current value is larger.</param>
/// <param name="Method">Whether <paramref name="PValue"/> is exact or approximate.</param>
internal sealed record MannWhitneyResult(double U, double Z, double PValue, double RankBiserial, PValueMethod Method);

/// <summary>The Mann-Whitney U (Wilcoxon rank-sum) test, which assumes nothing about the shape of either sample.</summary>
internal static class MannWhitney
{
    /// <summary>Both samples at most this large get an exact p-value.</summary>
    public const int ExactLimit = 10;

    /// <summary>Tests whether <paramref name="current"/> is shifted against <paramref name="baseline"/>.</summary>
    public static MannWhitneyResult Test(IReadOnlyList<double> baseline, IReadOnlyList<double> current, int exactLimit = ExactLimit)
    {
        int n1 = baseline.Count, n2 = current.Count, n = n1 + n2;
        if (n1 == 0 || n2 == 0)
        {
            throw new ArgumentException("Mann-Whitney needs at least one value in each sample.");
        }

        var ranks = Ranking.MidRanks(baseline, current, out var tieTerm);
        var currentRankSum = 0.0;
        for (var i = n1; i < n; i++)
        {
            currentRankSum += ranks[i];
        }

        var pairs = (double)n1 * n2;
        var u = currentRankSum - (n2 * (n2 + 1) / 2.0);
        var variance = pairs / 12.0 * (n + 1 - (tieTerm / ((double)n * (n - 1))));
        var deviation = u - (pairs / 2);
        var z = variance <= 0 || Math.Abs(deviation) <= 0.5
            ? 0
            : (deviation - (0.5 * Math.Sign(deviation))) / Math.Sqrt(variance);

        var exact = n1 <= exactLimit && n2 <= exactLimit;
        var p = variance <= 0 ? 1
            : exact ? ExactPValue(ranks, n1, currentRankSum)
            : Math.Min(1, 2 * NormalDistribution.UpperTail(Math.Abs(z)));
        return new MannWhitneyResult(u, z, p, (2 * u / pairs) - 1, exact ? PValueMethod.Exact : PValueMethod.NormalApproximation);
    }

    /// <summary>
    /// Two-sided exact p-value: twice the smaller tail of the current sample's rank sum over all
    /// ways to choose its positions among the pooled ranks. Midranks are doubled to integers, so
    /// ties are handled exactly (the conditional permutation distribution).
    /// </summary>
    private static double ExactPValue(double[] ranks, int n1, double currentRankSum)
    {
        var n2 = ranks.Length - n1;
        var doubled = ranks.Select(r => (int)Math.Round(2 * r)).ToArray();
        var maxSum = doubled.Sum();

        // ways[j, s]: subsets of j ranks among those seen so far whose doubled sum is s.
        var ways = new double[n2 + 1, maxSum + 1];
        ways[0, 0] = 1;
        var seen = 0;
        foreach (var rank in doubled)
        {
            seen += rank;
            for (var j = n2; j >= 1; j--)
            {
                for (var s = seen; s >= rank; s--)
                {
                    ways[j, s] += ways[j - 1, s - rank];
                }
            }
        }

        var observed = (int)Math.Round(2 * currentRankSum);
        double total = 0, atMost = 0, atLeast = 0;
        for (var s = 0; s <= maxSum; s++)
        {
            var count = ways[n2, s];
            total += count;
            atMost += s <= observed ? count : 0;
            atLeast += s >= observed ? count : 0;
        }

        return Math.Min(1, 2 * Math.Min(atMost, atLeast) / total);
    }
}
