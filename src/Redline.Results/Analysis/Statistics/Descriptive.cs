namespace Redline.Results.Analysis.Statistics;

/// <summary>Order statistics and robust scale estimates of a sample.</summary>
internal static class Descriptive
{
    /// <summary>Scales a median absolute deviation to the standard deviation of normal data.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>The median; NaN for an empty sample.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var copy = values.ToArray();
        Array.Sort(copy);
        return MedianOfSorted(copy);
    }

    /// <summary>The median of an already sorted span; NaN when empty.</summary>
    public static double MedianOfSorted(ReadOnlySpan<double> sorted)
    {
        var n = sorted.Length;
        if (n == 0)
        {
            return double.NaN;
        }

        var mid = n / 2;
        return n % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /// <summary>
    /// The median of <paramref name="values"/>, reordering them: quickselect, O(n) instead of a
    /// sort's O(n log n), which matters in a bootstrap that takes thousands of medians.
    /// </summary>
    public static double MedianInPlace(Span<double> values)
    {
        var n = values.Length;
        if (n == 0)
        {
            return double.NaN;
        }

        var upper = Select(values, n / 2);
        if (n % 2 == 1)
        {
            return upper;
        }

        // After selection everything left of n/2 is at most the upper middle; the lower middle is their maximum.
        var lower = values[0];
        for (var i = 1; i < n / 2; i++)
        {
            lower = Math.Max(lower, values[i]);
        }

        return (lower + upper) / 2;
    }

    /// <summary>The k-th smallest value (0-based), leaving smaller values before index k and larger after it.</summary>
    private static double Select(Span<double> values, int k)
    {
        int left = 0, right = values.Length - 1;
        while (right > left)
        {
            // Median of three as the pivot keeps sorted and reversed input linear.
            var mid = left + ((right - left) / 2);
            if (values[mid] < values[left])
            {
                (values[mid], values[left]) = (values[left], values[mid]);
            }

            if (values[right] < values[left])
            {
                (values[right], values[left]) = (values[left], values[right]);
            }

            if (values[right] < values[mid])
            {
                (values[right], values[mid]) = (values[mid], values[right]);
            }

            var pivot = values[mid];
            int i = left, j = right;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                return values[k];
            }
        }

        return values[k];
    }

    /// <summary>
    /// The <paramref name="p"/>-quantile of a sorted span by linear interpolation between order
    /// statistics (Hyndman and Fan type 7, the default of R and NumPy).
    /// </summary>
    public static double QuantileOfSorted(ReadOnlySpan<double> sorted, double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1.0);
        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        var h = (sorted.Length - 1) * p;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        var weight = h - lo;
        // Interpolating between two infinities (a ratio over a zero median) would give NaN.
        return weight == 0 || sorted[lo] == sorted[hi] ? sorted[lo] : sorted[lo] + (weight * (sorted[hi] - sorted[lo]));
    }

    /// <summary>The arithmetic mean; NaN for an empty sample.</summary>
    public static double Mean(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sum = 0.0;
        foreach (var value in values)
        {
            sum += value;
        }

        return sum / values.Count;
    }

    /// <summary>The median absolute deviation from the median, unscaled.</summary>
    public static double Mad(IReadOnlyList<double> values)
    {
        var median = Median(values);
        var deviations = new double[values.Count];
        for (var i = 0; i < deviations.Length; i++)
        {
            deviations[i] = Math.Abs(values[i] - median);
        }

        return Median(deviations);
    }

    /// <summary>The MAD scaled by 1.4826, a standard deviation that ignores outliers.</summary>
    public static double ScaledMad(IReadOnlyList<double> values) => MadToSigma * Mad(values);
}
