namespace Redline.Results.Analysis.Statistics;

/// <summary>A Theil-Sen line y = Intercept + Slope·x with Sen's confidence interval of the slope.</summary>
/// <param name="Slope">The median of the pairwise slopes.</param>
/// <param name="Intercept">The median of y - Slope·x.</param>
/// <param name="SlopeLower">Lower bound of the slope's interval.</param>
/// <param name="SlopeUpper">Upper bound of the slope's interval.</param>
/// <param name="Confidence">Two-sided coverage of the interval.</param>
/// <param name="Count">Points fitted.</param>
internal sealed record TheilSenFit(double Slope, double Intercept, double SlopeLower, double SlopeUpper, double Confidence, int Count);

/// <summary>
/// The Theil-Sen estimator: a straight line that up to 29% of wild points cannot drag, which is
/// what a memory series with GC drops and the odd spike needs. O(n²) in time and memory.
/// </summary>
internal static class TheilSen
{
    /// <summary>Fits y against x.</summary>
    public static TheilSenFit Fit(IReadOnlyList<double> x, IReadOnlyList<double> y, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(confidence, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(confidence, 1.0);
        var n = x.Count;
        if (y.Count != n)
        {
            throw new ArgumentException("x and y must have the same length.");
        }

        var slopes = new List<double>(n * (n - 1) / 2);
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var dx = x[j] - x[i];
                if (dx != 0)
                {
                    slopes.Add((y[j] - y[i]) / dx);
                }
            }
        }

        if (slopes.Count == 0)
        {
            throw new ArgumentException("Theil-Sen needs at least two points with different x.");
        }

        slopes.Sort();
        var sorted = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(slopes);
        var slope = Descriptive.MedianOfSorted(sorted);
        var residuals = new double[n];
        for (var i = 0; i < n; i++)
        {
            residuals[i] = y[i] - (slope * x[i]);
        }

        var (lower, upper) = SenInterval(sorted, x, y, confidence);
        return new TheilSenFit(slope, Descriptive.Median(residuals), lower, upper, confidence, n);
    }

    /// <summary>
    /// Sen (1968): the interval runs between the order statistics (N ∓ z·√Var(S))/2 of the N
    /// sorted slopes, where Var(S) is the variance of Kendall's S with ties in x and y removed.
    /// </summary>
    private static (double Lower, double Upper) SenInterval(ReadOnlySpan<double> sorted, IReadOnlyList<double> x, IReadOnlyList<double> y, double confidence)
    {
        double n = x.Count;
        static double TieSum(IReadOnlyList<double> values) =>
            Ranking.TieGroupSizes(values).Sum(t => (double)t * (t - 1) * ((2.0 * t) + 5));

        var variance = ((n * (n - 1) * ((2 * n) + 5)) - TieSum(x) - TieSum(y)) / 18;
        var spread = NormalDistribution.Quantile(1 - ((1 - confidence) / 2)) * Math.Sqrt(Math.Max(variance, 0));
        var count = sorted.Length;
        var lowerIndex = Math.Clamp((int)Math.Round((count - spread) / 2) - 1, 0, count - 1);
        var upperIndex = Math.Clamp((int)Math.Round((count + spread) / 2), 0, count - 1);
        return (sorted[lowerIndex], sorted[upperIndex]);
    }
}
