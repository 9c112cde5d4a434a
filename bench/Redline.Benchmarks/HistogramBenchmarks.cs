using BenchmarkDotNet.Attributes;
using HdrHistogram;
using HdrHistogram.Utilities;
using Redline.Engine;

namespace Redline.Benchmarks;

/// <summary>
/// Encoding one second's latency histogram, done twice per component per second (latency and
/// service time) for the interval stream. <see cref="EncodeWithLibrary"/> is the library's own
/// encoder with a reused target buffer, which is what Redline used before it wrote the encoding
/// itself: the baseline of the same run.
/// </summary>
[MemoryDiagnoser]
public class HistogramBenchmarks
{
    private LongHistogram _second = null!;
    private ByteBuffer _target = null!;

    [GlobalSetup]
    public void Setup()
    {
        _second = Histograms.Create();
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            Histograms.RecordMicros(_second, (long)(100 * Math.Pow(500, random.NextDouble())));
        }

        _target = ByteBuffer.Allocate(_second.GetNeededByteBufferCapacity());
    }

    [Benchmark]
    public string Encode() => Histograms.Encode(_second);

    [Benchmark(Baseline = true)]
    public string EncodeWithLibrary()
    {
        _target.Position = 0;
        var length = HistogramEncoding.EncodeIntoCompressedByteBuffer(_second, _target);
        _target.Position = 0;
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = _target.Get();
        }

        return Convert.ToBase64String(bytes);
    }

    [Benchmark]
    public HistogramBase Decode() => Histograms.Decode(_encoded ??= Histograms.Encode(_second));

    private string? _encoded;
}
