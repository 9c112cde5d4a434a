using HdrHistogram;
using HdrHistogram.Utilities;

namespace Redline.Engine;

/// <summary>The one histogram shape Redline records: microseconds from 1 µs to 1 h at 3 significant digits (≤ 0.1% error).</summary>
public static class Histograms
{
    /// <summary>The highest value recorded, in microseconds (one hour); longer values are clamped to it.</summary>
    public const long HighestMicros = 3_600_000_000;

    /// <summary>Significant decimal digits kept for every value.</summary>
    public const int SignificantDigits = 3;

    /// <summary>A new empty latency histogram.</summary>
    public static LongHistogram Create() => new(1, HighestMicros, SignificantDigits);

    /// <summary>Records <paramref name="micros"/>, clamped into the trackable range so that no value is ever lost.</summary>
    public static void RecordMicros(HistogramBase histogram, long micros) =>
        histogram.RecordValue(Math.Clamp(micros, 1, HighestMicros));

    // The encoder needs room for the uncompressed form (about 200 KB for this shape) although the
    // result is a few hundred bytes: one buffer per thread, reused, keeps that off the large-object heap.
    [ThreadStatic]
    private static ByteBuffer? _encodeBuffer;

    /// <summary>The histogram in HdrHistogram's compressed V2 encoding, as base64.</summary>
    public static string Encode(HistogramBase histogram)
    {
        ArgumentNullException.ThrowIfNull(histogram);
        var needed = histogram.GetNeededByteBufferCapacity();
        var buffer = _encodeBuffer is { } cached && cached.Capacity() >= needed ? cached : (_encodeBuffer = ByteBuffer.Allocate(needed));
        buffer.Position = 0;
        var length = HistogramEncoding.EncodeIntoCompressedByteBuffer(histogram, buffer);

        // ByteBuffer exposes no array accessor; the compressed form is a few hundred bytes.
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }

        return Convert.ToBase64String(bytes);
    }

    /// <summary>Decodes a histogram written by <see cref="Encode"/>.</summary>
    public static HistogramBase Decode(string base64)
    {
        var buffer = ByteBuffer.Allocate(Convert.FromBase64String(base64));
        return HistogramEncoding.DecodeFromCompressedByteBuffer(buffer, HighestMicros);
    }
}
