namespace Redline.Engine.Tests.Monitoring;

public sealed class ResourceReportBuilderTests
{
    private const double MiB = 1024 * 1024;

    private static TimeSpan At(int second) => TimeSpan.FromSeconds(second);

    private static ResourceReport Build(IEnumerable<ResourceFrame> frames, ScriptedResourceMonitor? monitor = null)
    {
        var builder = new ResourceReportBuilder(monitor ?? new ScriptedResourceMonitor(e => new ResourceFrame(e, null, null, null, null)));
        foreach (var frame in frames)
        {
            builder.Add(frame);
        }

        return builder.Build();
    }

    [Fact]
    public void Build_SeriesFirstReadAtTheThirdFrame_IsPaddedWithLeadingNulls()
    {
        var frames = Enumerable.Range(1, 4).Select(s => new ResourceFrame(
            At(s),
            Frames.Process(At(s)),
            s >= 3 ? Frames.Runtime(At(s), heap: s * 1000) : null,
            null,
            null));

        var report = Build(frames);

        Assert.Equal([1.0, 2, 3, 4], report.Seconds);
        Assert.Equal([null, null, 3000.0, 4000], report.Find("target.runtime.gc_heap_bytes")!.Values);
        Assert.Equal([40.0, 40, 40, 40], report.Find("target.cpu_percent")!.Values);
        Assert.All(report.Series, s => Assert.Equal(4, s.Values.Count));
    }

    [Fact]
    public void Build_SeriesNoLongerRead_IsPaddedWithTrailingNulls()
    {
        var frames = Enumerable.Range(1, 4).Select(s => new ResourceFrame(At(s), null, null, s <= 2 ? Frames.System(At(s)) : null, null));

        var report = Build(frames);

        Assert.Equal([20.0, 20, null, null], report.Find("system.cpu_user_percent")!.Values);
        Assert.Equal(2, report.Summary("system.cpu_user_percent")!.Count);
    }

    [Fact]
    public void Build_TargetGone_ExitedAtTheFirstFrameThatSawItGone()
    {
        var frames = Enumerable.Range(1, 6).Select(s => new ResourceFrame(At(s), Frames.Process(At(s), alive: s < 4), null, null, null));

        var report = Build(frames);

        Assert.Equal(4, report.TargetExitedAtSeconds);
        Assert.Equal([1.0, 1, 1, null, null, null], report.Find("target.processes")!.Values);
    }

    [Fact]
    public void Build_TargetAlive_HasNoExitTime()
    {
        var report = Build(Enumerable.Range(1, 3).Select(s => new ResourceFrame(At(s), Frames.Process(At(s)), null, null, null)));

        Assert.Null(report.TargetExitedAtSeconds);
    }

    [Fact]
    public void Build_PausesAcrossFrames_AreSummarisedTogetherAndApartFromTheGenerators()
    {
        // Pauses of 1..200 ms, twenty to a frame, dealt out of order.
        var pauses = Enumerable.Range(1, 200).Select(p => (double)p).OrderBy(p => (p * 37) % 200).ToArray();
        var frames = Enumerable.Range(0, 10).Select(i => new ResourceFrame(
            At(i + 1),
            null,
            Frames.Runtime(At(i + 1), pauses[(i * 20)..((i + 1) * 20)]),
            null,
            Frames.Runtime(At(i + 1), i == 4 ? [50, 60] : [])));

        var report = Build(frames);

        // Nearest rank over 200: p50 is the 100th, p95 the 190th, p99 the 198th.
        Assert.Equal(new GcPauseSummary(200, 20_100, 100, 190, 198, 200), report.TargetGcPauses);
        Assert.Equal(new GcPauseSummary(2, 110, 50, 60, 60, 60), report.GeneratorGcPauses);
        Assert.Equal(200, report.Find("target.runtime.gc_pause_max_ms")!.Summary!.Max);
    }

    [Fact]
    public void Build_RuntimeReadWithoutPauses_HasZeroPauses()
    {
        var report = Build(Enumerable.Range(1, 3).Select(s => new ResourceFrame(At(s), null, Frames.Runtime(At(s)), null, null)));

        Assert.Equal(new GcPauseSummary(0, 0, 0, 0, 0, 0), report.TargetGcPauses);
        Assert.Null(report.GeneratorGcPauses);
    }

    [Fact]
    public void Build_RuntimeNeverConnected_HasNoPauseSummary()
    {
        var report = Build(Enumerable.Range(1, 3).Select(s => new ResourceFrame(At(s), null, RuntimeMetrics.NotConnected(At(s)), null, null)));

        Assert.Null(report.TargetGcPauses);
        Assert.Null(report.Summary("target.runtime.gc_heap_bytes"));
        Assert.Equal([null, null, null], report.Find("target.runtime.gc_heap_bytes")!.Values);
    }

    /// <summary>A heap growing 100 MB/h under a GC sawtooth: <paramref name="garbagePerSecond"/> MB/s of garbage, collected every <paramref name="period"/> seconds.</summary>
    /// <summary>A heap growing 100 MB/h under a sawtooth of garbage, collected every <paramref name="period"/> seconds.</summary>
    private static IEnumerable<ResourceFrame> Sawtooth(int seconds, int garbagePerSecond = 4, int period = 8, bool afterGcSizes = true) =>
        Enumerable.Range(1, seconds).Select(s =>
        {
            var floor = (200 * MiB) + (100 * MiB / 3600 * s);
            var collected = s % period == 0;
            var runtime = Frames.Runtime(At(s), heap: (long)(floor + (garbagePerSecond * MiB * (s % period)))) with
            {
                Gen0Collections = collected ? 1 : 0,
                HeapAfterGcBytes = collected && afterGcSizes ? (long)floor : null,
            };
            return new ResourceFrame(At(s), null, runtime, null, null);
        });

    [Theory]
    [InlineData(60, 4, 8)]
    [InlineData(120, 4, 8)]
    [InlineData(90, 6, 10)]
    [InlineData(120, 6, 10)]
    [InlineData(600, 6, 10)]
    [InlineData(60, 5, 12)]
    [InlineData(120, 5, 14)]
    public void Build_SawtoothHeapWithAGrowingFloor_RecoversTheGrowthFromTheSizesAfterCollections(int seconds, int garbagePerSecond, int period)
    {
        var report = Build(Sawtooth(seconds, garbagePerSecond, period));

        // Teeth of 28 to 70 MB against 1.7 to 17 MB of growth: a slope through the in-use sizes
        // is off by up to 5x when collections are 10 s or more apart; the sizes after them are not.
        Assert.NotNull(report.HeapGrowthBytesPerHour);
        Assert.InRange(report.HeapGrowthBytesPerHour.Value, 85 * MiB, 115 * MiB);
        Assert.Null(report.HeapGrowthNote);
    }

    [Fact]
    public void Build_CollectionsWithoutAfterGcSizes_HasNoGrowthAndSaysWhy()
    {
        var report = Build(Sawtooth(120, 6, 10, afterGcSizes: false));

        Assert.Null(report.HeapGrowthBytesPerHour);
        Assert.Contains("telling growth from garbage", report.HeapGrowthNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FourCollections_AreTooFewForATrend()
    {
        var report = Build(Sawtooth(48, 4, 12));

        Assert.Null(report.HeapGrowthBytesPerHour);
        Assert.Contains("4 seconds ended a collection", report.HeapGrowthNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoCollectionAtAll_TakesTheTrendOfTheHeapInUse()
    {
        // Nothing was collected, so there is no garbage in the in-use size: it is the heap.
        var frames = Enumerable.Range(1, 60).Select(s => new ResourceFrame(
            At(s), null, Frames.Runtime(At(s), heap: (long)((500 * MiB) - (s * 10_000))) with { Gen0Collections = 0 }, null, null));

        var report = Build(frames);

        Assert.Equal(-36_000_000, report.HeapGrowthBytesPerHour);
    }

    [Fact]
    public void Build_ShrinkingHeapAfterEachCollection_HasNegativeGrowth()
    {
        var frames = Enumerable.Range(1, 60).Select(s => new ResourceFrame(
            At(s), null, Frames.Runtime(At(s), heap: (long)((600 * MiB) - (s * 10_000))) with { HeapAfterGcBytes = (long)((500 * MiB) - (s * 10_000)) }, null, null));

        var report = Build(frames);

        Assert.Equal(-36_000_000, report.HeapGrowthBytesPerHour);
    }

    [Fact]
    public void Build_FewerThanThirtyHeapSizes_HasNoGrowth()
    {
        var short29 = Build(Sawtooth(29, period: 5));
        Assert.Null(short29.HeapGrowthBytesPerHour);
        Assert.Contains("needs 30 seconds", short29.HeapGrowthNote, StringComparison.Ordinal);
        Assert.NotNull(Build(Sawtooth(30, period: 5)).HeapGrowthBytesPerHour);
    }

    [Fact]
    public void Build_HeapSizesOnlyInSomeSeconds_CountsOnlyThoseTowardsTheThirty()
    {
        // Forty frames, but the runtime answered in only twenty of them.
        var frames = Sawtooth(40, period: 2).Select((f, i) => i % 2 == 0 ? f : f with { TargetRuntime = RuntimeMetrics.NotConnected(f.Elapsed) });

        Assert.Null(Build(frames).HeapGrowthBytesPerHour);
    }

    [Fact]
    public void Build_RuntimeReadInFewOfTheSeconds_DoesNotJudgeItsPausesAndSaysWhy()
    {
        // Connected in the last 2 of 10 seconds only: no pause seen there must not read as a 0 ms p99.
        var frames = Enumerable.Range(1, 10).Select(s => new ResourceFrame(
            At(s), null, s > 8 ? Frames.Runtime(At(s)) : RuntimeMetrics.NotConnected(At(s)), null, null));

        var report = Build(frames);

        Assert.Null(report.TargetGcPauses);
        Assert.Equal("the target's runtime answered in only 2 of 10 seconds, too few to judge its GC pauses", report.Unavailable["target.runtime"]);
    }

    [Fact]
    public void Build_UnsupportedMonitor_SaysUnsupported()
    {
        var monitor = new ScriptedResourceMonitor(e => new ResourceFrame(e, null, null, null, null))
        {
            Supported = false,
            TargetPid = null,
            Unavailable = new Dictionary<string, string> { ["system"] = "no /proc on this platform" },
        };

        var report = Build([new ResourceFrame(At(1), null, null, null, null)], monitor);

        Assert.False(report.Supported);
        Assert.Equal("unsupported", report.Status);
        Assert.Null(report.TargetPid);
        Assert.Equal("no /proc on this platform", report.Unavailable["system"]);
        Assert.Empty(report.Series);
    }

    [Fact]
    public void Build_SupportedMonitor_SaysMeasuredAndKeepsThePid()
    {
        var report = Build([new ResourceFrame(At(1), Frames.Process(At(1)), null, null, null)]);

        Assert.Equal("measured", report.Status);
        Assert.Equal(4242, report.TargetPid);
    }
}
