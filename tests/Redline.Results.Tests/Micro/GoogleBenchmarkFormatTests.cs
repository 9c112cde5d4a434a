using Redline.Engine;
using Redline.Results.Micro;
using static Redline.Results.Tests.Micro.MicroFixtures;

namespace Redline.Results.Tests.Micro;

/// <summary>Google Benchmark 1.7.1's JSON of a real run with five repetitions.</summary>
public sealed class GoogleBenchmarkFormatTests
{
    private static readonly MicroImport Import = MicroFormats.Read(PathOf("google-benchmark.json"), "google-benchmark");

    [Fact]
    public void Read_AggregateRowsAreNoBenchmarks_ArgsAreParametersAndThreadsTheJob()
    {
        Assert.Equal(
            ["BM_Copy(arg0=64)", "BM_Copy(arg0=512)", "BM_Sum(arg0=16) [threads:1]", "BM_Sum(arg0=16) [threads:2]"],
            Import.Benchmarks.Select(b => b.Id));
    }

    [Fact]
    public void Read_IterationRowsAreTheSamples_MeanRowTheValue_StddevRowTheBound()
    {
        var copy = Single(Import.Benchmarks, "BM_Copy(arg0=64)");
        var time = Metric(copy, "time_per_op");

        Assert.Equal([5.54164511115074, 4.380639728742376, 1.691156649030381, 1.6004514385381357, 30.286827157582067], time.Samples);
        Assert.Equal(8.700144017008741, time.Value);
        Assert.Equal("mean", time.Statistic);
        Assert.Equal(new MicroBound(8.700144017008741 - 12.187602925508376, 8.700144017008741 + 12.187602925508376, "sd"), time.Bound);
        Assert.Equal(1.7342751768379998, Metric(copy, "cpu_time_per_op").Value);
        Assert.Equal(5, Metric(copy, "cpu_time_per_op").Samples.Count);
    }

    [Fact]
    public void Read_MicrosecondRows_NormalisedToNanoseconds()
    {
        var sum = Single(Import.Benchmarks, "BM_Sum(arg0=16) [threads:2]");
        var time = Metric(sum, "time_per_op");

        Assert.Equal("ns", time.Unit);
        Assert.Equal(6.763339971154231, time.Value, 9);
        Assert.Equal(12.969737271009025, time.Samples[0], 9);
        Assert.Equal(4.269299177633866, Metric(sum, "cpu_time_per_op").Value, 9);
    }

    [Fact]
    public void Read_Counters_KeptUnderTheirNames_RatesHigherIsBetter()
    {
        var copy = Single(Import.Benchmarks, "BM_Copy(arg0=64)");
        var bytes = Metric(copy, "bytes_per_second");

        Assert.Equal("B/s", bytes.Unit);
        Assert.False(bytes.HigherIsWorse);
        Assert.Equal(37078475003.558365, bytes.Value);
        Assert.Equal(5, bytes.Samples.Count);
        Assert.Equal(37078475003.558365, Metric(copy, "items").Value);
        Assert.Null(Single(Import.Benchmarks, "BM_Sum(arg0=16) [threads:2]").Metric("items"));
    }

    [Fact]
    public void Read_Context_IsTheHost()
    {
        Assert.Equal("2", Import.Host["num_cpus"]);
        Assert.Equal("2096", Import.Host["mhz_per_cpu"]);
        Assert.Equal("./bm", Import.Host["executable"]);
    }

    [Fact]
    public void Read_NamedArgsAndRunSettings_SplitIntoParametersAndJob()
    {
        using var files = new MicroFixtures();
        var path = files.Write("named.json", """
            {"context":{"date":"x"},"benchmarks":[
             {"name":"BM_Map/size:8/4/min_time:0.010/real_time/threads:4","run_name":"BM_Map/size:8/4/min_time:0.010/real_time/threads:4",
              "run_type":"iteration","repetitions":1,"repetition_index":0,"threads":4,"iterations":10,"real_time":2.5,"cpu_time":2.0,"time_unit":"ms"}]}
            """);

        var map = Assert.Single(MicroFormats.Read(path).Benchmarks);

        Assert.Equal("BM_Map", map.Name);
        Assert.Equal([KeyValuePair.Create("size", "8"), KeyValuePair.Create("arg1", "4")], map.Parameters);
        Assert.Equal("min_time:0.010/real_time/threads:4", map.Job);
        Assert.Equal(2.5e6, Metric(map, "time_per_op").Value);
        Assert.Null(Metric(map, "time_per_op").Bound);
    }
}
