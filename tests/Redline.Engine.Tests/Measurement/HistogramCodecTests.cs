using HdrHistogram;
using HdrHistogram.Utilities;

namespace Redline.Engine.Tests.Measurement;

public sealed class HistogramCodecTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(50_000)]
    public void Encode_DecodedByTheLibrary_GivesEveryCountBack(int values)
    {
        var histogram = Histograms.Create();
        var random = new Random(values);
        for (var i = 0; i < values; i++)
        {
            // From 1 µs to the top of the range, so that wide runs of empty buckets and counts of
            // several bytes are both written.
            Histograms.RecordMicros(histogram, (long)Math.Pow(Histograms.HighestMicros, random.NextDouble()));
        }

        Histograms.RecordMicros(histogram, Histograms.HighestMicros);
        histogram.RecordValueWithCount(5000, 1L << 40);

        var decoded = Library(Histograms.Encode(histogram));

        AssertSameCounts(histogram, decoded);
    }

    [Fact]
    public void Encode_AHistogramTheLibraryDecoded_IsEncodedAgainToTheSameCounts()
    {
        var histogram = Histograms.Create();
        for (var v = 1; v < 1_000_000; v += 997)
        {
            Histograms.RecordMicros(histogram, v);
        }

        var decoded = Histograms.Decode(Histograms.Encode(histogram));
        var again = Histograms.Decode(Histograms.Encode(decoded));

        Assert.IsNotType<RecordingHistogram>(decoded);
        AssertSameCounts(histogram, again);
    }

    [Fact]
    public void Encode_ALibraryEncoding_DecodesToTheSameHistogramAsOurs()
    {
        var histogram = Histograms.Create();
        for (var v = 10; v < 200_000; v += 131)
        {
            Histograms.RecordMicros(histogram, v);
        }

        var buffer = ByteBuffer.Allocate(histogram.GetNeededByteBufferCapacity());
        var length = HistogramEncoding.EncodeIntoCompressedByteBuffer(histogram, buffer);
        var libraryBytes = new byte[length];
        buffer.Position = 0;
        for (var i = 0; i < length; i++)
        {
            libraryBytes[i] = buffer.Get();
        }

        AssertSameCounts(Library(Convert.ToBase64String(libraryBytes)), Library(Histograms.Encode(histogram)));
    }

    [Fact]
    public void Encode_OneSecondOfLatencies_AllocatesNoLargeObject()
    {
        var histogram = Histograms.Create();
        for (var v = 100; v < 50_000; v += 7)
        {
            Histograms.RecordMicros(histogram, v);
        }

        Histograms.Encode(histogram); // buffers of this thread are made once
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10; i++)
        {
            Histograms.Encode(histogram);
        }

        var perEncode = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;

        // The library's encoder allocated about 600 KB per call; ours allocates the base64 string
        // and the compressor's small objects.
        Assert.InRange(perEncode, 1, 85_000 / 4);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(500)]
    [InlineData(50_000)]
    public void AddTo_EncodedSeconds_GivesTheSameCountsAsDecodingAndAdding(int values)
    {
        var random = new Random(values);
        var direct = Histograms.Create();
        var folded = Histograms.Create();
        for (var second = 0; second < 3; second++)
        {
            var histogram = Histograms.Create();
            for (var i = 0; i < values; i++)
            {
                Histograms.RecordMicros(histogram, (long)Math.Pow(Histograms.HighestMicros, random.NextDouble()));
            }

            histogram.RecordValueWithCount(1234, 1L << 33);
            var encoded = Histograms.Encode(histogram);
            direct.Add(Histograms.Decode(encoded));
            HistogramCodec.AddTo(folded, encoded);
        }

        AssertSameCounts(direct, folded);
        Assert.Equal(direct.GetMaxValue(), folded.GetMaxValue());
    }

    /// <summary>The library's own decoder of the uncompressed form, behind a standard inflater.</summary>
    private static HistogramBase Library(string base64)
    {
        var bytes = Convert.FromBase64String(base64);
        Assert.Equal(0x1c849314, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes));
        using var zlib = new System.IO.Compression.ZLibStream(new MemoryStream(bytes, 8, bytes.Length - 8), System.IO.Compression.CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        return HistogramEncoding.DecodeFromByteBuffer(ByteBuffer.Allocate(raw.ToArray()), Histograms.HighestMicros);
    }

    private static void AssertSameCounts(HistogramBase expected, HistogramBase actual)
    {
        Assert.Equal(expected.TotalCount, actual.TotalCount);
        var expectedValues = expected.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)).ToList();
        var actualValues = actual.RecordedValues().Select(v => (v.ValueIteratedTo, v.CountAtValueIteratedTo)).ToList();
        Assert.Equal(expectedValues, actualValues);
    }
}
