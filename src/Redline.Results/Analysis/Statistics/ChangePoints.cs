namespace Redline.Results.Analysis.Statistics;

/// <summary>A shift in a series' mean.</summary>
/// <param name="Index">Index of the first value after the change.</param>
/// <param name="MeanBefore">Mean of the segment that ends just before <paramref name="Index"/>.</param>
/// <param name="MeanAfter">Mean of the segment that starts at <paramref name="Index"/>.</param>
internal sealed record ChangePoint(int Index, double MeanBefore, double MeanAfter);

/// <summary>
/// Finds the points where a series' mean shifts, after the fact: PELT (Killick, Fearnhead and
/// Eckley 2012) with a squared-error cost, a minimum segment length and a BIC-like penalty.
/// </summary>
internal static class ChangePoints
{
    /// <summary>No segment, and so no change, shorter than this by default.</summary>
    public const int DefaultMinimumSegment = 5;

    /// <summary>
    /// The penalty per change is this many σ²·ln n. BIC's is 2 (a mean and a location per
    /// change); 3, as in ED-PELT, keeps false changes in pure noise near 1-2% per series of 100.
    /// </summary>
    public const double DefaultPenaltyFactor = 3;

    /// <summary>Sigmas from the running median beyond which a value is clipped before the search.</summary>
    private const double ClipSigmas = 3;

    /// <summary>
    /// The changes in <paramref name="series"/>, in order. <paramref name="penalty"/> overrides the
    /// default of <see cref="DefaultPenaltyFactor"/>·σ²·ln n, where σ is a robust long-run noise
    /// scale (see <see cref="NoiseSigma"/>) that neither the shifts nor the spikes inflate.
    /// </summary>
    public static IReadOnlyList<ChangePoint> Detect(IReadOnlyList<double> series, int minimumSegment = DefaultMinimumSegment, double? penalty = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumSegment, 2);
        var n = series.Count;
        if (n < 2 * minimumSegment)
        {
            return [];
        }

        var sigma = NoiseSigma(series, minimumSegment);
        var beta = penalty ?? DefaultPenaltyFactor * sigma * sigma * Math.Log(n);
        var ends = Search(Despike(series, minimumSegment, sigma), minimumSegment, beta);

        var changes = new List<ChangePoint>();
        for (var k = 1; k < ends.Count - 1; k++)
        {
            changes.Add(new ChangePoint(ends[k], SegmentMean(series, ends[k - 1], ends[k]), SegmentMean(series, ends[k], ends[k + 1])));
        }

        return changes;
    }

    /// <summary>
    /// The noise's scale for the penalty: a long-run standard deviation, so that noise whose
    /// neighbouring values are alike (drifting machines, warm caches) is not taken for shifts.
    /// The scaled MAD of lag-k differences over √2 estimates the marginal σ without being
    /// inflated by the shifts themselves; the lag-1 differences give σ²(1 - φ), whence the lag-1
    /// autocorrelation φ and the long-run variance σ²(1 + φ)/(1 - φ) of an AR(1) process.
    /// </summary>
    internal static double NoiseSigma(IReadOnlyList<double> series, int lag)
    {
        var shortScale = LagScale(series, 1);
        var longScale = LagScale(series, Math.Min(lag, series.Count / 4));
        if (shortScale <= 0 || longScale <= 0)
        {
            // A clean step or a quantised series: any positive σ keeps splits of flat stretches costly.
            return 1e-9 * Math.Max(series.Max(Math.Abs), 1);
        }

        var phi = Math.Clamp(1 - (shortScale * shortScale / (longScale * longScale)), 0, 0.9);
        return longScale * Math.Sqrt((1 + phi) / (1 - phi));
    }

    private static double LagScale(IReadOnlyList<double> series, int lag)
    {
        lag = Math.Max(lag, 1);
        var differences = new double[series.Count - lag];
        for (var i = lag; i < series.Count; i++)
        {
            differences[i - lag] = series[i] - series[i - lag];
        }

        return Descriptive.ScaledMad(differences) / Math.Sqrt(2);
    }

    /// <summary>
    /// Clips each value to within a few sigmas of a running median. A median window keeps the
    /// edges of real steps sharp but ignores bursts shorter than the minimum segment, so one
    /// spike, however tall, cannot pay for two changes around itself.
    /// </summary>
    private static double[] Despike(IReadOnlyList<double> series, int minimumSegment, double sigma)
    {
        var n = series.Count;
        var half = minimumSegment - 1;
        var result = new double[n];
        var window = new List<double>(2 * half + 1);
        for (var i = 0; i < n; i++)
        {
            window.Clear();
            for (var j = Math.Max(0, i - half); j <= Math.Min(n - 1, i + half); j++)
            {
                window.Add(series[j]);
            }

            var centre = Descriptive.Median(window);
            result[i] = Math.Clamp(series[i], centre - (ClipSigmas * sigma), centre + (ClipSigmas * sigma));
        }

        return result;
    }

    /// <summary>Segment boundaries 0 = e0 &lt; e1 &lt; ... &lt; ek = n of the optimal segmentation.</summary>
    private static List<int> Search(double[] values, int minimumSegment, double beta)
    {
        var n = values.Length;
        var centre = Descriptive.Median(values);
        var sum = new double[n + 1];
        var squares = new double[n + 1];
        for (var i = 0; i < n; i++)
        {
            var v = values[i] - centre;
            sum[i + 1] = sum[i] + v;
            squares[i + 1] = squares[i] + (v * v);
        }

        double Cost(int from, int to)
        {
            var total = sum[to] - sum[from];
            return squares[to] - squares[from] - (total * total / (to - from));
        }

        var best = new double[n + 1];
        var previous = new int[n + 1];
        best[0] = -beta;
        var candidates = new List<int> { 0 };
        for (var t = minimumSegment; t <= n; t++)
        {
            var fresh = t - minimumSegment;
            if (fresh >= minimumSegment)
            {
                candidates.Add(fresh);
            }

            best[t] = double.PositiveInfinity;
            foreach (var s in candidates)
            {
                var value = best[s] + Cost(s, t) + beta;
                if (value < best[t])
                {
                    best[t] = value;
                    previous[t] = s;
                }
            }

            // Pruning: s can never again beat the newest candidate, because every later end t'
            // is at least a minimum segment past it. Pruning against t itself would be wrong for
            // the ends in between, where t is not yet a legal boundary.
            if (fresh >= minimumSegment)
            {
                candidates.RemoveAll(s => s < fresh && best[s] + Cost(s, fresh) > best[fresh]);
            }
        }

        var ends = new List<int> { n };
        for (var t = n; t > 0; t = previous[t])
        {
            ends.Add(previous[t]);
        }

        ends.Reverse();
        return ends;
    }

    private static double SegmentMean(IReadOnlyList<double> series, int from, int to)
    {
        var total = 0.0;
        for (var i = from; i < to; i++)
        {
            total += series[i];
        }

        return total / (to - from);
    }
}
