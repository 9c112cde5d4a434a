namespace Redline.Results.Analysis.Statistics;

/// <summary>Which location a bootstrap compares.</summary>
internal enum BootstrapStatistic
{
    /// <summary>The median: robust to the odd slow second.</summary>
    Median,

    /// <summary>The mean: for sparse counts such as per-second error rates, whose median is often 0.</summary>
    Mean,
}

/// <summary>A ratio current/baseline with a percentile-bootstrap confidence interval.</summary>
/// <param name="Estimate">The ratio of the statistic on the full samples.</param>
/// <param name="Lower">Lower bound of the interval.</param>
/// <param name="Upper">Upper bound of the interval.</param>
/// <param name="Confidence">Two-sided coverage, such as 0.95.</param>
/// <param name="Iterations">Resamples drawn.</param>
internal sealed record RatioInterval(double Estimate, double Lower, double Upper, double Confidence, int Iterations)
{
    /// <summary>Whether the whole interval lies above 1.</summary>
    public bool ExcludesOneAbove => Lower > 1;

    /// <summary>Whether the whole interval lies below 1.</summary>
    public bool ExcludesOneBelow => Upper < 1;
}

/// <summary>Bootstrap confidence interval of the ratio of a statistic, current over baseline.</summary>
internal static class BootstrapRatio
{
    /// <summary>Resamples drawn unless told otherwise.</summary>
    public const int DefaultIterations = 2000;

    /// <summary>Two-sided coverage unless told otherwise.</summary>
    public const double DefaultConfidence = 0.95;

    /// <summary>
    /// Resamples both samples independently <paramref name="iterations"/> times with a generator
    /// seeded by <paramref name="seed"/>, so the same inputs always give the same interval. With
    /// <paramref name="blockLength"/> above 1 it draws circular blocks of consecutive values,
    /// which keeps the interval honest when neighbouring seconds are correlated. The
    /// baseline's statistic is raised to <paramref name="denominatorFloor"/> before dividing.
    /// Returns null when the baseline's statistic is not positive and there is no floor.
    /// </summary>
    public static RatioInterval? Compute(
        IReadOnlyList<double> baseline,
        IReadOnlyList<double> current,
        int seed,
        int iterations = DefaultIterations,
        double confidence = DefaultConfidence,
        BootstrapStatistic statistic = BootstrapStatistic.Median,
        double denominatorFloor = 0,
        int blockLength = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(confidence, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(confidence, 1.0);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockLength, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(denominatorFloor);
        if (baseline.Count == 0 || current.Count == 0)
        {
            throw new ArgumentException("The bootstrap needs at least one value in each sample.");
        }

        var baseArray = baseline.ToArray();
        var currentArray = current.ToArray();
        var denominator = Math.Max(Evaluate(baseArray.ToArray(), statistic), denominatorFloor);
        if (denominator <= 0)
        {
            return null;
        }

        var estimate = Evaluate(currentArray.ToArray(), statistic) / denominator;
        var random = new Random(seed);
        var baseBuffer = new double[baseArray.Length];
        var currentBuffer = new double[currentArray.Length];
        var ratios = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            Resample(baseArray, baseBuffer, blockLength, random);
            Resample(currentArray, currentBuffer, blockLength, random);
            var bottom = Math.Max(Evaluate(baseBuffer, statistic), denominatorFloor);
            var top = Evaluate(currentBuffer, statistic);
            // A resample whose baseline statistic is 0: no change if the current one is 0 too, else unbounded.
            ratios[i] = bottom > 0 ? top / bottom : top == 0 ? 1 : double.PositiveInfinity;
        }

        Array.Sort(ratios);
        var tail = (1 - confidence) / 2;
        return new RatioInterval(
            estimate,
            Descriptive.QuantileOfSorted(ratios, tail),
            Descriptive.QuantileOfSorted(ratios, 1 - tail),
            confidence,
            iterations);
    }

    private static void Resample(double[] source, double[] target, int blockLength, Random random)
    {
        var n = source.Length;
        for (var filled = 0; filled < n;)
        {
            var start = random.Next(n);
            for (var k = 0; k < blockLength && filled < n; k++)
            {
                target[filled++] = source[(start + k) % n];
            }
        }
    }

    /// <summary>The statistic of <paramref name="values"/>; reorders them for the median.</summary>
    private static double Evaluate(double[] values, BootstrapStatistic statistic) =>
        statistic == BootstrapStatistic.Mean ? Descriptive.Mean(values) : Descriptive.MedianInPlace(values);
}
