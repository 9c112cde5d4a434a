using System.Buffers.Binary;
using System.IO.Compression;
using HdrHistogram;
using HdrHistogram.Utilities;

namespace Redline.Engine;

/// <summary>
/// HdrHistogram's compressed V2 encoding, written straight from the counts into reused buffers.
/// The library's own encoder copies the whole counts array and an uncompressed buffer of its full
/// size (about 600 KB for Redline's shape, all on the large-object heap) for a result of a few
/// hundred bytes; a run encodes two histograms per component every second. The bytes are the
/// standard format, so every HdrHistogram decoder (this library's included) reads them.
/// </summary>
internal static class HistogramCodec
{
    // Cookies of the V2 format with the "9-byte word" flag (ZigZag LEB128 counts).
    private const int EncodingCookie = 0x1c849303 | 0x10;
    private const int CompressedEncodingCookie = 0x1c849304 | 0x10;
    private const int HeaderBytes = 40;
    private const int MaxVarLongBytes = 9;

    [ThreadStatic]
    private static byte[]? _raw;

    [ThreadStatic]
    private static MemoryStream? _compressed;

    [ThreadStatic]
    private static RecordingHistogram? _copy;

    /// <summary>The compressed V2 encoding of <paramref name="histogram"/>, as base64.</summary>
    public static string EncodeBase64(HistogramBase histogram)
    {
        var recording = histogram as RecordingHistogram ?? CopyOf(histogram);
        if (recording is null)
        {
            return LibraryEncode(histogram);
        }

        var raw = EncodeRaw(recording, out var rawLength);
        var compressed = _compressed ??= new MemoryStream(1024);
        compressed.SetLength(0);
        Span<byte> prefix = stackalloc byte[8];
        compressed.Write(prefix);
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw, 0, rawLength);
        }

        var bytes = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        BinaryPrimitives.WriteInt32BigEndian(bytes, CompressedEncodingCookie);
        BinaryPrimitives.WriteInt32BigEndian(bytes[4..], bytes.Length - 8);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>
    /// Decodes a compressed V2 histogram. The payload is inflated here in full and handed to the
    /// library's uncompressed decoder: its own compressed path reads the inflater once, and one
    /// read may return only part of a large payload.
    /// </summary>
    public static HistogramBase Decode(byte[] compressed)
    {
        var raw = Inflate(compressed, out var length);
        var buffer = ByteBuffer.Allocate(raw.AsSpan(0, length).ToArray());
        return HistogramEncoding.DecodeFromByteBuffer(buffer, Histograms.HighestMicros);
    }

    /// <summary>
    /// Adds the counts of an encoded histogram into <paramref name="target"/> without building a
    /// histogram first: what folding a run's seconds into its totals does every second, where the
    /// library's decoder would allocate a whole histogram (some 200 KB) each time.
    /// </summary>
    public static void AddTo(HistogramBase target, string base64)
    {
        var compressed = Convert.FromBase64String(base64);
        var raw = Inflate(compressed, out var length);
        var span = raw.AsSpan(0, length);
        if (length < HeaderBytes || BinaryPrimitives.ReadInt32BigEndian(span) != EncodingCookie
            || BinaryPrimitives.ReadInt32BigEndian(span[8..]) != 0
            || BinaryPrimitives.ReadInt32BigEndian(span[12..]) != Histograms.SignificantDigits
            || BinaryPrimitives.ReadInt64BigEndian(span[16..]) != 1)
        {
            // Another shape or an older encoding: the library knows every one.
            target.Add(Decode(compressed));
            return;
        }

        var end = HeaderBytes + Math.Min(BinaryPrimitives.ReadInt32BigEndian(span[4..]), length - HeaderBytes);
        var position = HeaderBytes;
        long index = 0;
        while (position < end)
        {
            var value = ReadZigZag(span, ref position);
            if (value < 0)
            {
                index -= value;
            }
            else
            {
                if (value > 0)
                {
                    target.RecordValueWithCount(ValueAt(index), value);
                }

                index++;
            }
        }
    }

    /// <summary>The lowest value of counts-array slot <paramref name="index"/> for Redline's shape (lowest value 1, three digits: 1,024 slots per half bucket).</summary>
    private static long ValueAt(long index)
    {
        const int HalfMagnitude = 10;
        const int HalfCount = 1 << HalfMagnitude;
        var bucket = (int)(index >> HalfMagnitude) - 1;
        var subBucket = (index & (HalfCount - 1)) + HalfCount;
        if (bucket < 0)
        {
            subBucket -= HalfCount;
            bucket = 0;
        }

        return subBucket << bucket;
    }

    private static long ReadZigZag(ReadOnlySpan<byte> buffer, ref int position)
    {
        ulong value = 0;
        var shift = 0;
        for (var i = 0; i < MaxVarLongBytes; i++)
        {
            var b = buffer[position++];
            if (i == MaxVarLongBytes - 1)
            {
                value |= (ulong)b << shift;
                break;
            }

            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                break;
            }

            shift += 7;
        }

        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    /// <summary>The uncompressed encoding, in a buffer of this thread's that is reused.</summary>
    private static byte[] Inflate(byte[] compressed, out int length)
    {
        if (compressed.Length < 10 || BinaryPrimitives.ReadInt32BigEndian(compressed) != CompressedEncodingCookie)
        {
            throw new FormatException("not a compressed HdrHistogram (V2)");
        }

        var declared = BinaryPrimitives.ReadInt32BigEndian(compressed.AsSpan(4));
        if (declared < 2 || declared > compressed.Length - 8)
        {
            throw new FormatException($"a compressed HdrHistogram of {declared} bytes in {compressed.Length - 8}");
        }

        using var deflated = new MemoryStream(compressed, 10, declared - 2, writable: false);
        using var inflater = new DeflateStream(deflated, CompressionMode.Decompress);
        var buffer = _raw ??= new byte[4096];
        length = 0;
        int read;
        while ((read = inflater.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, buffer.Length * 2);
                _raw = buffer;
            }
        }

        return buffer;
    }

    private static byte[] EncodeRaw(RecordingHistogram histogram, out int length)
    {
        var relevant = histogram.CountsLength;
        while (relevant > 0 && histogram.CountAt(relevant - 1) == 0)
        {
            relevant--;
        }

        var needed = HeaderBytes + (MaxVarLongBytes * Math.Max(relevant, 1));
        if (_raw is null || _raw.Length < needed)
        {
            // Grows only for histograms wider than any before on this thread; a second of latencies
            // a few milliseconds wide needs a few kilobytes.
            _raw = new byte[Math.Max(needed, 4096)];
        }

        var buffer = _raw.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(buffer, EncodingCookie);
        BinaryPrimitives.WriteInt32BigEndian(buffer[8..], 0); // normalizing index offset
        BinaryPrimitives.WriteInt32BigEndian(buffer[12..], histogram.NumberOfSignificantValueDigits);
        BinaryPrimitives.WriteInt64BigEndian(buffer[16..], histogram.LowestTrackableValue);
        BinaryPrimitives.WriteInt64BigEndian(buffer[24..], histogram.HighestTrackableValue);
        BinaryPrimitives.WriteDoubleBigEndian(buffer[32..], 1.0); // integer-to-double ratio
        var position = HeaderBytes;
        var index = 0;
        while (index < relevant)
        {
            var count = histogram.CountAt(index++);
            if (count == 0)
            {
                // A run of empty buckets is written as its negated length.
                long zeros = 1;
                while (index < relevant && histogram.CountAt(index) == 0)
                {
                    zeros++;
                    index++;
                }

                position += WriteZigZag(buffer[position..], zeros > 1 ? -zeros : 0);
            }
            else
            {
                position += WriteZigZag(buffer[position..], count);
            }
        }

        BinaryPrimitives.WriteInt32BigEndian(buffer[4..], position - HeaderBytes);
        length = position;
        return _raw;
    }

    /// <summary>ZigZag LEB128 in at most nine bytes, the V2 format's word.</summary>
    private static int WriteZigZag(Span<byte> target, long value)
    {
        var zigzag = (ulong)((value << 1) ^ (value >> 63));
        var written = 0;
        while (written < MaxVarLongBytes - 1 && zigzag >= 0x80)
        {
            target[written++] = (byte)((zigzag & 0x7F) | 0x80);
            zigzag >>= 7;
        }

        // The ninth byte carries all eight remaining bits.
        target[written++] = (byte)zigzag;
        return written;
    }

    /// <summary>A reused copy of a histogram of Redline's shape that was not recorded by Redline (a decoded one); null for any other shape.</summary>
    private static RecordingHistogram? CopyOf(HistogramBase histogram)
    {
        if (histogram.LowestTrackableValue != 1 || histogram.HighestTrackableValue != Histograms.HighestMicros || histogram.NumberOfSignificantValueDigits != Histograms.SignificantDigits)
        {
            return null;
        }

        var copy = _copy ??= new RecordingHistogram();
        copy.Reset();
        copy.Add(histogram);
        return copy;
    }

    private static string LibraryEncode(HistogramBase histogram)
    {
        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = HistogramEncoding.EncodeIntoCompressedByteBuffer(histogram, buffer);
        buffer.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = buffer.Get();
        }

        return Convert.ToBase64String(bytes);
    }
}

/// <summary>Redline's histogram shape, with its counts readable by index for <see cref="HistogramCodec"/>.</summary>
internal sealed class RecordingHistogram() : LongHistogram(1, Histograms.HighestMicros, Histograms.SignificantDigits)
{
    /// <summary>The length of the counts array: one half-bucket of sub-buckets per bucket, plus one.</summary>
    public int CountsLength => (BucketCount + 1) * (SubBucketCount / 2);

    public long CountAt(int index) => GetCountAtIndex(index);
}
