using BenchmarkDotNet.Attributes;
using Redline.Engine;

namespace Redline.Benchmarks;

/// <summary>The lock-and-record path every finished iteration takes.</summary>
[MemoryDiagnoser]
public class RecorderBenchmarks
{
    private const int Batch = 4096;
    private const int SecondsPerBatch = 4;

    private readonly long[] _latencies = new long[Batch];
    private readonly Outcome _outcome = Outcome.Ok(200) with { TimeToFirstByte = TimeSpan.FromMicroseconds(350) };
    private ComponentRecorder _recorder = null!;
    private long _second;

    [GlobalSetup]
    public void Setup()
    {
        // Latencies from 100 µs to about 50 ms, log-spread, as a loaded HTTP service gives.
        var random = new Random(7);
        for (var i = 0; i < Batch; i++)
        {
            _latencies[i] = (long)(100 * Math.Pow(500, random.NextDouble()));
        }

        _recorder = new ComponentRecorder("hello");
        _second = 0;
    }

    /// <summary>One success into the current second.</summary>
    [Benchmark]
    public void RecordOne() => _recorder.Record(_second, 420, 400, _outcome);

    /// <summary>A batch spread over a few seconds, each second closed afterwards as the engine's ticker does.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public void RecordAcrossSeconds()
    {
        var first = _second;
        for (var i = 0; i < Batch; i++)
        {
            var latency = _latencies[i];
            _recorder.Record(first + (i * SecondsPerBatch / Batch), latency, latency - 20, _outcome);
        }

        _second = first + SecondsPerBatch;
        _recorder.CloseThrough(_second - 1, static _ => { });
    }
}
