using HdrHistogram;
using HdrHistogram.Utilities;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>
/// Histograms as stored: HdrHistogram's compressed V2 bytes (the engine's base64 form, unwrapped),
/// so that any window's percentiles can be recomputed by merging them.
/// </summary>
internal static class HistogramBlobs
{
    public static byte[] FromEngine(string base64) => string.IsNullOrEmpty(base64) ? [] : Convert.FromBase64String(base64);

    public static string ToEngine(byte[] bytes) => bytes.Length == 0 ? "" : Convert.ToBase64String(bytes);

    public static byte[] Encode(HistogramBase histogram) => Convert.FromBase64String(Histograms.Encode(histogram));

    /// <summary>Adds the histogram in <paramref name="bytes"/> to <paramref name="sum"/>; empty bytes add nothing.</summary>
    public static void AddTo(LongHistogram sum, byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            return;
        }

        var decoded = HistogramEncoding.DecodeFromCompressedByteBuffer(ByteBuffer.Allocate(bytes), Histograms.HighestMicros);
        sum.Add(decoded);
    }
}
