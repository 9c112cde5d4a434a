namespace Redline.Results.Analysis.Statistics;

/// <summary>
/// A "3-sigma" band that noise cannot inflate: centre the median, width k scaled MADs. A few
/// bad runs in the window widen a standard-deviation band until it hides the next one; they
/// barely move the MAD.
/// </summary>
/// <param name="Median">Centre of the band.</param>
/// <param name="Sigma">Scaled MAD (1.4826·MAD), or the floor it was raised to.</param>
/// <param name="K">Half-width in sigmas.</param>
/// <param name="Count">Values in the window.</param>
internal sealed record RobustBand(double Median, double Sigma, double K, int Count)
{
    /// <summary>The seed's "3-sigma".</summary>
    public const double DefaultK = 3;

    /// <summary>The lowest value inside the band.</summary>
    public double Lower => Median - (K * Sigma);

    /// <summary>The highest value inside the band.</summary>
    public double Upper => Median + (K * Sigma);

    /// <summary>
    /// The band of <paramref name="window"/>. When most of the window is one repeated value the
    /// MAD is 0 and every other value would fall outside; <paramref name="minimumSigma"/> sets
    /// a floor (such as the metric's resolution) for that case.
    /// </summary>
    public static RobustBand From(IReadOnlyList<double> window, double k = DefaultK, double minimumSigma = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumSigma);
        if (window.Count == 0)
        {
            throw new ArgumentException("A band needs at least one value.", nameof(window));
        }

        return new RobustBand(Descriptive.Median(window), Math.Max(Descriptive.ScaledMad(window), minimumSigma), k, window.Count);
    }

    /// <summary>Whether <paramref name="value"/> lies strictly outside the band.</summary>
    public bool IsOutside(double value) => value < Lower || value > Upper;

    /// <summary>How many sigmas <paramref name="value"/> lies from the median (signed; infinite when the band has no width).</summary>
    public double Deviations(double value) =>
        Sigma > 0 ? (value - Median) / Sigma
        : value == Median ? 0
        : value > Median ? double.PositiveInfinity : double.NegativeInfinity;
}
