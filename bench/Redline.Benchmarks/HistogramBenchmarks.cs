using BenchmarkDotNet.Attributes;
using HdrHistogram;
using Redline.Engine;

namespace Redline.Benchmarks;

/// <summary>Encoding one second's latency histogram, done per component per second for intervals.ndjson.</summary>
[MemoryDiagnoser]
public class HistogramBenchmarks
{
    private LongHistogram _second = null!;

    [GlobalSetup]
    public void Setup()
    {
        _second = Histograms.Create();
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            Histograms.RecordMicros(_second, (long)(100 * Math.Pow(500, random.NextDouble())));
        }
    }

    [Benchmark]
    public string Encode() => Histograms.Encode(_second);
}
