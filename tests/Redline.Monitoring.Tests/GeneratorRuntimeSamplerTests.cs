using System.Diagnostics;
using Xunit.Abstractions;

namespace Redline.Monitoring.Tests;

/// <summary>
/// The sampler against this process's own runtime. Other test classes run, allocate and collect in
/// parallel, so every check is a lower bound that this test's own work guarantees.
/// </summary>
public sealed class GeneratorRuntimeSamplerTests(ITestOutputHelper output)
{
    private const int Collections = 4;
    private const long AllocatedBytes = 200L << 20;

    /// <summary>Allocates <see cref="AllocatedBytes"/> in short-lived 8 KB arrays, with a gen-0 collection after each quarter.</summary>
    private static void Churn()
    {
        const int Size = 8 << 10;
        byte[]? last = null;
        for (var round = 0; round < Collections; round++)
        {
            for (var i = 0; i < AllocatedBytes / Collections / Size; i++)
            {
                last = new byte[Size];
                last[i % Size] = 1;
            }

            GC.Collect(0);
        }

        GC.KeepAlive(last);
    }

    [Fact]
    public void Sample_AfterAllocatingAndCollecting_CountsTheCollectionsAndTheAllocation()
    {
        var wall = Stopwatch.StartNew();
        using var sampler = new GeneratorRuntimeSampler();

        Churn();
        var sample = sampler.Sample(TimeSpan.FromSeconds(1));
        var seconds = wall.Elapsed.TotalSeconds;

        output.WriteLine($"{sample.Gen0Collections} gen-0 collections, {sample.AllocatedBytesPerSecond / (1 << 20):0} MB/s over at most {seconds:0.000}s");
        Assert.True(sample.Connected);
        Assert.Equal(TimeSpan.FromSeconds(1), sample.Elapsed);
        Assert.True(sample.Gen0Collections >= Collections, $"{sample.Gen0Collections} gen-0 collections");

        // The sampler's interval lies inside the stopwatch's, so its rate is at least this; the
        // runtime's imprecise count may miss what sits in the threads' allocation contexts.
        Assert.True(sample.AllocatedBytesPerSecond >= 0.9 * AllocatedBytes / seconds, $"{sample.AllocatedBytesPerSecond} bytes/s");
        Assert.True(sample.GcHeapBytes > 0);
        Assert.True(sample.HeapAfterGcBytes > 0, "a collection ended in the interval, so the heap after it must be known");
        Assert.True(sample.WorkingSetBytes > 0);
        Assert.True(sample.ThreadPoolThreads >= 1, $"{sample.ThreadPoolThreads} thread-pool threads");
        Assert.InRange(sample.TimeInGcPercent!.Value, 0, 100);
    }

    [Fact]
    public void Sample_ExceptionsThrownBetweenSamples_AreCounted()
    {
        var wall = Stopwatch.StartNew();
        using var sampler = new GeneratorRuntimeSampler();

        for (var i = 0; i < 20; i++)
        {
            try
            {
                throw new InvalidOperationException("counted");
            }
            catch (InvalidOperationException)
            {
            }
        }

        var sample = sampler.Sample(TimeSpan.FromSeconds(1));

        Assert.True(sample.ExceptionsPerSecond >= 20 / wall.Elapsed.TotalSeconds, $"{sample.ExceptionsPerSecond} exceptions/s");
    }

    [Fact]
    public async Task Sample_AfterCollections_ReportsEachPauseOnceItsEventsArrive()
    {
        using var sampler = new GeneratorRuntimeSampler();
        _ = sampler.Sample(TimeSpan.Zero);

        Churn();

        // The runtime hands GC events to listeners on its own thread, a little later.
        var pauses = new List<double>();
        var deadline = Stopwatch.StartNew();
        for (var second = 1; pauses.Count < Collections && deadline.Elapsed < TimeSpan.FromSeconds(5); second++)
        {
            await Task.Delay(100);
            pauses.AddRange(sampler.Sample(TimeSpan.FromSeconds(second)).GcPausesMs);
        }

        output.WriteLine($"{pauses.Count} pauses after {deadline.Elapsed.TotalSeconds:0.0}s: {string.Join(", ", pauses.Select(p => p.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)))} ms");
        Assert.True(pauses.Count >= Collections, $"{pauses.Count} pauses seen");
        Assert.All(pauses, p => Assert.InRange(p, double.Epsilon, 1000));
    }
}
