using MathNet.Numerics.Distributions;

namespace Redline.Results.Analysis.Statistics;

/// <summary>
/// The interval of the ratio current/baseline from run-level values, one per repeat: a two-sample Student t interval
/// of the difference of means with the variance pooled over both sides' repeats, divided by the baseline mean. It
/// holds what a single run cannot show: how much a whole run varies from the next. A side that ran once counts as
/// one value and lends no spread.
/// </summary>
internal static class RepeatInterval
{
    /// <summary>The fewest degrees of freedom the interval is given for: with one, t(0.975) is 12.7 and the interval says nothing.</summary>
    public const int MinimumDegreesOfFreedom = 2;

    /// <summary>
    /// The interval with <paramref name="confidence"/> coverage; null when the repeats give fewer than
    /// <see cref="MinimumDegreesOfFreedom"/> degrees of freedom or the baseline mean (with <paramref name="floor"/>) is 0 or so near it that
    /// the bounds overflow.
    /// </summary>
    public static RatioInterval? Compute(IReadOnlyList<double> baseline, IReadOnlyList<double> current, double confidence, double floor = 0)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        var freedom = DegreesOfFreedom(baseline.Count, current.Count);
        if (freedom < MinimumDegreesOfFreedom || baseline.Count == 0 || current.Count == 0)
        {
            return null;
        }

        var before = baseline.Average();
        var after = current.Average();
        var denominator = Math.Max(Math.Abs(before), floor);
        if (denominator == 0)
        {
            return null;
        }

        var squares = baseline.Sum(v => (v - before) * (v - before)) + current.Sum(v => (v - after) * (v - after));
        var standardError = Math.Sqrt(squares / freedom) * Math.Sqrt((1.0 / baseline.Count) + (1.0 / current.Count));
        var t = StudentT.InvCDF(0, 1, freedom, 1 - ((1 - confidence) / 2));
        var difference = after - before;
        var (ratio, lower, upper) = (1 + (difference / denominator), 1 + ((difference - (t * standardError)) / denominator), 1 + ((difference + (t * standardError)) / denominator));
        return double.IsFinite(lower) && double.IsFinite(upper) ? new RatioInterval(ratio, lower, upper, confidence, 0) : null;
    }

    /// <summary>The pooled standard deviation of one run's value, in percent of the baseline mean: the run-to-run CV the repeats show; null as for <see cref="Compute"/>.</summary>
    public static double? PooledCvPercent(IReadOnlyList<double> baseline, IReadOnlyList<double> current)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(current);
        var freedom = DegreesOfFreedom(baseline.Count, current.Count);
        if (freedom < MinimumDegreesOfFreedom || baseline.Count == 0 || current.Count == 0 || baseline.Average() == 0)
        {
            return null;
        }

        var (before, after) = (baseline.Average(), current.Average());
        var squares = baseline.Sum(v => (v - before) * (v - before)) + current.Sum(v => (v - after) * (v - after));
        return 100 * Math.Sqrt(squares / freedom) / Math.Abs(before);
    }

    /// <summary>The pooled variance's degrees of freedom: each side's repeats less one.</summary>
    public static int DegreesOfFreedom(int baseline, int current) => Math.Max(baseline - 1, 0) + Math.Max(current - 1, 0);
}
