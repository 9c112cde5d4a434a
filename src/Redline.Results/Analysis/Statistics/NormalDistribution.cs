namespace Redline.Results.Analysis.Statistics;

/// <summary>The standard normal distribution: tails and quantiles to near double precision.</summary>
internal static class NormalDistribution
{
    private const double LogSqrtTwoPi = 0.91893853320467274178;

    /// <summary>The density at <paramref name="x"/>.</summary>
    public static double Density(double x) => Math.Exp((-0.5 * x * x) - LogSqrtTwoPi);

    /// <summary>P(Z ≤ x).</summary>
    public static double Cdf(double x) => UpperTail(-x);

    /// <summary>
    /// P(Z &gt; x), computed directly rather than as 1 - Cdf so that the tiny p-values of large
    /// shifts keep their precision instead of rounding to 0.
    /// </summary>
    public static double UpperTail(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < 0)
        {
            return 1 - UpperTail(-x);
        }

        if (x < 3)
        {
            // Marsaglia (2004): Φ(x) = 1/2 + φ(x)·Σ x^(2k+1) / (1·3·5···(2k+1)); exact to rounding here.
            double sum = x, term = x, previous = 0, q = x * x, i = 1;
            while (sum != previous)
            {
                previous = sum;
                i += 2;
                term *= q / i;
                sum += term;
            }

            return 0.5 - (sum * Density(x));
        }

        if (x > 40)
        {
            return 0;
        }

        // Laplace's continued fraction Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + ...)))),
        // evaluated from the bottom; 200 levels converge fully for x ≥ 3.
        var fraction = x;
        for (var k = 200; k >= 1; k--)
        {
            fraction = x + (k / fraction);
        }

        return Density(x) / fraction;
    }

    /// <summary>The <paramref name="p"/>-quantile: z with P(Z ≤ z) = p.</summary>
    public static double Quantile(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1.0);

        // Acklam's rational approximation (relative error 1.15e-9), then one Halley step
        // against the exact tail above, which brings it to full precision.
        var z = Acklam(p);
        var error = Cdf(z) - p;
        var u = error / Density(z);
        return z - (u / (1 + (z * u / 2)));
    }

    private static double Acklam(double p)
    {
        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double Low = 0.02425;

        if (p < Low || p > 1 - Low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p < Low ? p : 1 - p));
            var tail = Horner(c, q) / ((Horner(d, q) * q) + 1);
            return p < Low ? tail : -tail;
        }

        var r = p - 0.5;
        var s = r * r;
        return Horner(a, s) * r / ((Horner(b, s) * s) + 1);
    }

    /// <summary>c[0]·x^(k-1) + ... + c[k-1].</summary>
    private static double Horner(ReadOnlySpan<double> coefficients, double x)
    {
        var result = 0.0;
        foreach (var coefficient in coefficients)
        {
            result = (result * x) + coefficient;
        }

        return result;
    }
}
