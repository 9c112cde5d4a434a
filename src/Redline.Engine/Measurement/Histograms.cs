using HdrHistogram;

namespace Redline.Engine;

/// <summary>The one histogram shape Redline records: microseconds from 1 µs to 1 h at 3 significant digits (≤ 0.1% error).</summary>
public static class Histograms
{
    /// <summary>The highest value recorded, in microseconds (one hour); longer values are clamped to it.</summary>
    public const long HighestMicros = 3_600_000_000;

    /// <summary>Significant decimal digits kept for every value.</summary>
    public const int SignificantDigits = 3;

    /// <summary>A new empty latency histogram.</summary>
    public static LongHistogram Create() => new RecordingHistogram();

    /// <summary>Records <paramref name="micros"/>, clamped into the trackable range so that no value is ever lost.</summary>
    public static void RecordMicros(HistogramBase histogram, long micros) =>
        histogram.RecordValue(Math.Clamp(micros, 1, HighestMicros));

    /// <summary>The histogram in HdrHistogram's compressed V2 encoding, as base64.</summary>
    public static string Encode(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        return HistogramCodec.EncodeBase64(histogram);
    }

    /// <summary>Decodes a histogram written by <see cref="Encode"/> (or by any HdrHistogram's compressed V2 encoder).</summary>
    public static HistogramBase Decode(string base64) => HistogramCodec.Decode(Convert.FromBase64String(base64));
}
