using Redline.Engine;
using Redline.Results.Micro;
using static Redline.Results.Tests.Micro.MicroFixtures;

namespace Redline.Results.Tests.Micro;

/// <summary>
/// Criterion's results folder, libtest's bencher text and cargo-criterion's JSON messages, written from their
/// documented shapes (Rust is not installable here; see the fixtures' README).
/// </summary>
public sealed class CriterionFormatTests
{
    [Fact]
    public void Read_ResultsFolder_EveryNewEstimateOnceNamedByFullId_BaseAndChangeIgnored()
    {
        var import = MicroFormats.Read(PathOf("criterion"));

        Assert.Equal("criterion", import.Format);
        Assert.Equal(["fib/iterative/20", "sort_vec"], import.Benchmarks.Select(b => b.Id));
        Assert.Empty(import.Host);
    }

    [Fact]
    public void Read_LinearSampling_ValueIsTheSlopeWithIts95Interval_SamplesAreTimesOverIterations()
    {
        var fib = Single(MicroFormats.Read(PathOf("criterion"), "criterion").Benchmarks, "fib/iterative/20");
        var time = Metric(fib, "time_per_op");

        Assert.Equal("slope", time.Statistic);
        Assert.Equal(26.65282889803127, time.Value);
        Assert.Equal(new MicroBound(26.484217746236716, 26.821440049825824, "ci95"), time.Bound);
        Assert.Equal(10, time.Samples.Count);
        Assert.Equal(49448.7 / 1853, time.Samples[0], 12);
    }

    [Fact]
    public void Read_FlatSampling_ValueIsTheMean()
    {
        var sort = Single(MicroFormats.Read(PathOf("criterion")).Benchmarks, "sort_vec");
        var time = Metric(sort, "time_per_op");

        Assert.Equal("mean", time.Statistic);
        Assert.Equal(48346.897524271844, time.Value);
        Assert.Equal(19562029.0 / 412, time.Samples[0], 9);
        Assert.Equal(time.Value, time.Samples.Average(), 6);
    }

    [Theory]
    [InlineData("criterion/fib/iterative/20")]
    [InlineData("criterion/fib/iterative/20/new/estimates.json")]
    [InlineData("criterion/fib")]
    public void Read_OneBenchmarksFolderOrFile_ThatBenchmark(string path)
    {
        var fib = Assert.Single(MicroFormats.Read(PathOf(path)).Benchmarks);

        Assert.Equal("fib/iterative/20", fib.Id);
        Assert.Equal(26.65282889803127, Metric(fib, "time_per_op").Value);
    }

    [Fact]
    public void Read_BencherText_MedianWithMaxMinusMinRange()
    {
        var import = MicroFormats.Read(PathOf("cargo-bench.txt"));

        Assert.Equal("criterion", import.Format);
        Assert.Equal(["bench_fib_10", "bench_fib_20", "bench_copy_4k", "parse::bench_json"], import.Benchmarks.Select(b => b.Id));
        var fib20 = Metric(Single(import.Benchmarks, "bench_fib_20"), "time_per_op");
        Assert.Equal(15436, fib20.Value);
        Assert.Equal("median", fib20.Statistic);
        Assert.Equal(new MicroBound(15436 - 1021, 15436 + 1021, "max-min"), fib20.Bound);
        Assert.Equal(2345.67, Metric(Single(import.Benchmarks, "parse::bench_json"), "time_per_op").Value);
        var rate = Metric(Single(import.Benchmarks, "bench_copy_4k"), "MB/s");
        Assert.Equal(3319, rate.Value);
        Assert.False(rate.HigherIsWorse);
    }

    [Fact]
    public void Read_CargoCriterionMessages_TypicalEstimateAndSamples()
    {
        var import = MicroFormats.Read(PathOf("cargo-criterion.jsonl"));

        Assert.Equal("criterion", import.Format);
        Assert.Equal(["fib/iterative/20", "fib/recursive/20"], import.Benchmarks.Select(b => b.Id));
        var time = Metric(Single(import.Benchmarks, "fib/recursive/20"), "time_per_op");
        Assert.Equal(811.2994805194805, time.Value);
        Assert.Equal(new MicroBound(811.0894805194805, 811.5094805194806, "ci95"), time.Bound);
        Assert.Equal(10, time.Samples.Count);
        Assert.Equal(812.4, time.Samples[0], 9);
    }

    [Fact]
    public void Read_BencherLineWithoutARange_ErrorNamesFileLineAndColumn()
    {
        using var files = new MicroFixtures();
        var path = files.Write("bench.txt", "running 1 test\ntest a ... bench:   12 ns/iter\n");

        var error = Assert.Throws<MicroFormatException>(() => MicroFormats.Read(path, "criterion"));

        Assert.Equal($"{path}:2:12: expected \"bench: <n> ns/iter (+/- <n>)\", found \"bench:   12 ns/iter\"", error.Message);
    }
}
