namespace Redline.Monitoring.Tests;

public sealed class RuntimeFiguresTests
{
    [Fact]
    public void Take_BeforeConnecting_IsNotConnected()
    {
        var figures = new RuntimeFigures();
        figures.Add(new CounterReading("gc-heap-size", 5_000_000, IsIncrement: false, 1));

        var sample = figures.Take(TimeSpan.FromSeconds(1));

        Assert.False(sample.Connected);
        Assert.Null(sample.GcHeapBytes);
        Assert.Equal(TimeSpan.FromSeconds(1), sample.Elapsed);
    }

    [Fact]
    public void Take_ConnectedBeforeAnyCounter_IsConnectedWithNullFigures()
    {
        var figures = new RuntimeFigures();
        figures.MarkConnected();

        var sample = figures.Take(TimeSpan.FromSeconds(1));

        Assert.True(sample.Connected);
        Assert.Null(sample.GcHeapBytes);
        Assert.Null(sample.Gen0Collections);
        Assert.Null(sample.AllocatedBytesPerSecond);
        Assert.Empty(sample.GcPausesMs);
    }

    [Fact]
    public void Take_CollectionIncrements_AreSummedOncePerSample()
    {
        var figures = Connected();
        figures.Add(new CounterReading("gen-0-gc-count", 3, IsIncrement: true, 1));
        figures.Add(new CounterReading("gen-0-gc-count", 4, IsIncrement: true, 1));
        figures.Add(new CounterReading("gen-2-gc-count", 1, IsIncrement: true, 1));

        var first = figures.Take(TimeSpan.FromSeconds(1));
        var second = figures.Take(TimeSpan.FromSeconds(2));

        Assert.Equal(7, first.Gen0Collections);
        Assert.Equal(1, first.Gen2Collections);
        Assert.Null(first.Gen1Collections);
        Assert.Equal(0, second.Gen0Collections);
    }

    [Fact]
    public void Take_Rates_DivideIncrementsByTheirIntervalsAndStandWhenNoneArrived()
    {
        var figures = Connected();
        figures.Add(new CounterReading("alloc-rate", 60_000_000, IsIncrement: true, 2));
        figures.Add(new CounterReading("alloc-rate", 30_000_000, IsIncrement: true, 1));
        figures.Add(new CounterReading("exception-count", 5, IsIncrement: true, 0.5));

        var first = figures.Take(TimeSpan.FromSeconds(1));
        var second = figures.Take(TimeSpan.FromSeconds(2));

        Assert.Equal(30_000_000, first.AllocatedBytesPerSecond);
        Assert.Equal(10, first.ExceptionsPerSecond);
        Assert.Equal(30_000_000, second.AllocatedBytesPerSecond);
    }

    [Fact]
    public void Take_Gauges_KeepTheLatestValue()
    {
        var figures = Connected();
        figures.Add(new CounterReading("gc-heap-size", 1_000_000, IsIncrement: false, 1));
        figures.Add(new CounterReading("gc-heap-size", 2_500_000, IsIncrement: false, 1));
        figures.Add(new CounterReading("threadpool-thread-count", 4, IsIncrement: false, 1));

        _ = figures.Take(TimeSpan.FromSeconds(1));
        var later = figures.Take(TimeSpan.FromSeconds(2));

        Assert.Equal(2_500_000, later.GcHeapBytes);
        Assert.Equal(4, later.ThreadPoolThreads);
    }

    [Fact]
    public void Take_Pauses_AreThoseSinceThePreviousSample()
    {
        var figures = Connected();
        figures.AddPause(1.5);
        figures.AddPause(0.25);

        Assert.Equal([1.5, 0.25], figures.Take(TimeSpan.FromSeconds(1)).GcPausesMs);
        Assert.Empty(figures.Take(TimeSpan.FromSeconds(2)).GcPausesMs);
    }

    [Fact]
    public void Take_AfterTheSessionEnded_IsNotConnected()
    {
        var figures = Connected();
        figures.Add(new CounterReading("gc-heap-size", 1_000_000, IsIncrement: false, 1));
        figures.MarkEnded();
        figures.MarkConnected();

        var sample = figures.Take(TimeSpan.FromSeconds(1));

        Assert.False(sample.Connected);
        Assert.Null(sample.GcHeapBytes);
    }

    private static RuntimeFigures Connected()
    {
        var figures = new RuntimeFigures();
        figures.MarkConnected();
        return figures;
    }
}
