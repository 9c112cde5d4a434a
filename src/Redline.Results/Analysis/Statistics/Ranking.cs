namespace Redline.Results.Analysis.Statistics;

/// <summary>Ranks with ties, as the rank tests need them.</summary>
internal static class Ranking
{
    /// <summary>
    /// The 1-based midranks of <paramref name="first"/> followed by <paramref name="second"/>, in
    /// that order, and Σ(t³ - t) over the groups of t tied values.
    /// </summary>
    public static double[] MidRanks(IReadOnlyList<double> first, IReadOnlyList<double> second, out double tieTerm)
    {
        var n = first.Count + second.Count;
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = i < first.Count ? first[i] : second[i - first.Count];
            if (double.IsNaN(values[i]))
            {
                throw new ArgumentException("Samples must not contain NaN.");
            }
        }

        var order = Enumerable.Range(0, n).ToArray();
        Array.Sort(values.ToArray(), order);

        var ranks = new double[n];
        tieTerm = 0;
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && values[order[end]] == values[order[start]])
            {
                end++;
            }

            var midRank = (start + end + 1) / 2.0;
            for (var k = start; k < end; k++)
            {
                ranks[order[k]] = midRank;
            }

            double t = end - start;
            tieTerm += (t * t * t) - t;
            start = end;
        }

        return ranks;
    }

    /// <summary>The sizes of the groups of equal values that have more than one member.</summary>
    public static IEnumerable<int> TieGroupSizes(IReadOnlyList<double> values) =>
        values.GroupBy(v => v).Select(g => g.Count()).Where(count => count > 1);
}
