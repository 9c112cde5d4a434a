using HdrHistogram;

namespace Redline.Engine;

/// <summary>Summary statistics of a latency histogram, in milliseconds.</summary>
public sealed record LatencyStats(
    long Count,
    double Min,
    double Mean,
    double Stdev,
    double P50,
    double P75,
    double P90,
    double P95,
    double P99,
    double P999,
    double Max)
{
    /// <summary>Statistics of nothing: every field 0.</summary>
    public static LatencyStats Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>
    /// Statistics of <paramref name="histogram"/> (microseconds). Percentiles are the histogram's
    /// (within 0.1%); min and max are the exact recorded extremes when given.
    /// </summary>
    public static LatencyStats From(HistogramBase histogram, long exactMinMicros = -1, long exactMaxMicros = -1)
    {
        if (histogram.TotalCount == 0)
        {
            return Empty;
        }

        static double Ms(double micros) => Math.Round(micros / 1000.0, 3);

        var min = exactMinMicros >= 0 ? exactMinMicros : histogram.LowestEquivalentValue(histogram.GetValueAtPercentile(0));
        var max = exactMaxMicros >= 0 ? exactMaxMicros : histogram.GetMaxValue();
        return new LatencyStats(
            histogram.TotalCount,
            Ms(min),
            Ms(histogram.GetMean()),
            Ms(histogram.GetStdDeviation()),
            Ms(Math.Min(max, histogram.GetValueAtPercentile(50))),
            Ms(Math.Min(max, histogram.GetValueAtPercentile(75))),
            Ms(Math.Min(max, histogram.GetValueAtPercentile(90))),
            Ms(Math.Min(max, histogram.GetValueAtPercentile(95))),
            Ms(Math.Min(max, histogram.GetValueAtPercentile(99))),
            Ms(Math.Min(max, histogram.GetValueAtPercentile(99.9))),
            Ms(max));
    }

    /// <summary>The statistic named <paramref name="name"/> (min, mean, stdev, p50 ... p999, max), or null.</summary>
    public double? Get(string name) => name switch
    {
        "min" => Min,
        "mean" => Mean,
        "stdev" => Stdev,
        "p50" => P50,
        "p75" => P75,
        "p90" => P90,
        "p95" => P95,
        "p99" => P99,
        "p999" => P999,
        "max" => Max,
        _ => null,
    };
}
