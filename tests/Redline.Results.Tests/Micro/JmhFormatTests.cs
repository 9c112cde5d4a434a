using Redline.Results.Micro;
using static Redline.Results.Tests.Micro.MicroFixtures;

namespace Redline.Results.Tests.Micro;

/// <summary>A JMH 1.37 JSON result written from its documented shape (JMH is not installable here; see the fixtures' README).</summary>
public sealed class JmhFormatTests
{
    private static readonly MicroImport Import = MicroFormats.Read(PathOf("jmh.json"), "jmh");

    [Fact]
    public void Read_ModeAndThreadsAreTheJob_ParamsTheParameters()
    {
        Assert.Equal(
            [
                "org.sample.HashBench.murmur(size=16) [thrpt]",
                "org.sample.HashBench.murmur(size=1024) [thrpt]",
                "org.sample.HashBench.murmur(size=16) [avgt]",
                "org.sample.SortBench.sort [avgt]",
                "org.sample.SortBench.sortParallel [thrpt/threads:4]",
            ],
            Import.Benchmarks.Select(b => b.Id));
    }

    [Fact]
    public void Read_Throughput_OpsPerMillisecondBecomeOpsPerSecondHigherIsBetterWithThe999Interval()
    {
        var ops = Metric(Single(Import.Benchmarks, "org.sample.HashBench.murmur(size=16) [thrpt]"), "ops_per_s");

        Assert.Equal("ops/s", ops.Unit);
        Assert.False(ops.HigherIsWorse);
        Assert.Equal("score", ops.Statistic);
        Assert.Equal(41559457.33333333, ops.Value, 6);
        Assert.Equal(6, ops.Samples.Count);
        Assert.Equal(41234512, ops.Samples[0], 6);
        Assert.Equal("ci99.9", ops.Bound!.Meaning);
        Assert.Equal(40467437.81540232, ops.Bound.Lower, 6);
        Assert.Equal(42651476.85126434, ops.Bound.Upper, 6);
    }

    [Fact]
    public void Read_AverageTime_MicrosecondsPerOpBecomeNanoseconds()
    {
        var time = Metric(Single(Import.Benchmarks, "org.sample.HashBench.murmur(size=16) [avgt]"), "time_per_op");

        Assert.Equal("ns", time.Unit);
        Assert.True(time.HigherIsWorse);
        Assert.Equal(24.268333333333333, time.Value, 9);
        Assert.Equal(23.805713341569525, time.Bound!.Lower, 9);
    }

    [Fact]
    public void Read_NaNScoreError_AcceptedWithNoBound()
    {
        var time = Metric(Single(Import.Benchmarks, "org.sample.SortBench.sort [avgt]"), "time_per_op");

        Assert.Equal(18342.7, time.Value);
        Assert.Null(time.Bound);
        Assert.Equal([18342.7], time.Samples);
    }

    [Fact]
    public void Read_GcProfiler_AllocRateNormIsAllocatedPerOp_OthersKeepTheirNames()
    {
        var murmur = Single(Import.Benchmarks, "org.sample.HashBench.murmur(size=1024) [thrpt]");

        Assert.Equal(1040.0021666666667, Metric(murmur, "allocated_per_op").Value);
        Assert.Equal("B", Metric(murmur, "allocated_per_op").Unit);
        Assert.Equal(1189.95, Metric(murmur, "gc.alloc.rate").Value);
        Assert.Equal("MB/sec", Metric(murmur, "gc.alloc.rate").Unit);
        Assert.Equal(14.666666666666666, Metric(murmur, "gc.count").Value);
    }

    [Fact]
    public void Read_JvmInfo_IsTheHost()
    {
        Assert.Equal("1.37", Import.Host["jmhVersion"]);
        Assert.Equal("17.0.13", Import.Host["jdkVersion"]);
        Assert.Equal("[\"-Xmx2g\"]", Import.Host["jvmArgs"]);
    }
}
