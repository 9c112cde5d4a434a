namespace Redline.Engine.Tests.Measurement;

public sealed class IntervalMergeTests
{
    [Fact]
    public void CloseThrough_IntervalsMergedEqualOneHistogramOfEverything()
    {
        var random = new Random(42);
        var recorder = new ComponentRecorder("c");
        var direct = Histograms.Create();
        var merged = Histograms.Create();
        long requests = 0;
        for (var i = 0; i < 50_000; i++)
        {
            // Log-uniform from 1 µs to ~10 s, over 30 seconds, so every bucket range is exercised.
            var micros = (long)Math.Exp(random.NextDouble() * Math.Log(10_000_000));
            var second = random.Next(30);
            recorder.Record(second, micros, micros, Outcome.Ok(200));
            Histograms.RecordMicros(direct, micros);
        }

        recorder.CloseThrough(29, bucket =>
        {
            merged.Add(bucket.Latency);
            requests += bucket.Requests;
        });

        Assert.Equal(direct.TotalCount, merged.TotalCount);
        Assert.Equal(50_000, requests);
        foreach (var percentile in new[] { 0.0, 50, 75, 90, 95, 99, 99.9, 100 })
        {
            Assert.Equal(direct.GetValueAtPercentile(percentile), merged.GetValueAtPercentile(percentile));
        }

        foreach (var value in direct.RecordedValues())
        {
            Assert.Equal(value.CountAtValueIteratedTo, merged.GetCountAtValue(value.ValueIteratedTo));
        }
    }

    [Fact]
    public void Encode_RoundTrip_KeepsEveryCount()
    {
        var histogram = Histograms.Create();
        for (var v = 1; v < 100_000; v += 37)
        {
            Histograms.RecordMicros(histogram, v);
        }

        var decoded = Histograms.Decode(Histograms.Encode(histogram));

        Assert.Equal(histogram.TotalCount, decoded.TotalCount);
        Assert.Equal(histogram.GetValueAtPercentile(99), decoded.GetValueAtPercentile(99));
    }

    [Fact]
    public void Record_LateRecordForAClosedSecond_LandsInTheNextOpenSecond()
    {
        var recorder = new ComponentRecorder("c");
        recorder.Record(0, 100, 100, Outcome.Ok());
        var closed = new List<long>();
        recorder.CloseThrough(0, b => closed.Add(b.Requests));

        recorder.Record(0, 100, 100, Outcome.Fail(ErrorKind.Timeout));
        recorder.CloseThrough(1, b => closed.Add(b.Requests));

        Assert.Equal([1L, 1], closed);
    }

    [Fact]
    public void LatencyStats_FromHistogram_WithinTheHistogramsPrecision()
    {
        var histogram = Histograms.Create();
        for (var v = 1; v <= 10_000; v++)
        {
            Histograms.RecordMicros(histogram, v * 10);
        }

        var stats = LatencyStats.From(histogram, 10, 100_000);

        Assert.Equal(50.0, stats.P50, 0.05);
        Assert.Equal(99.0, stats.P99, 0.1);
        Assert.Equal(0.01, stats.Min);
        Assert.Equal(100.0, stats.Max);
        Assert.Equal(50.005, stats.Mean, 0.05);
    }
}
