using Redline.Results.Micro;
using static Redline.Results.Tests.Micro.MicroFixtures;

namespace Redline.Results.Tests.Micro;

/// <summary>go test -bench . -benchmem -count 5 output of a real run (Go 1.19).</summary>
public sealed class GoBenchFormatTests
{
    private static readonly MicroImport Import = MicroFormats.Read(PathOf("go-bench.txt"), "go");

    [Fact]
    public void Read_GomaxprocsIsTheJob_KeyValueSubNamesAreParameters()
    {
        Assert.Equal(["BenchmarkConcat [-2]", "BenchmarkAlloc(size=16) [-2]", "BenchmarkAlloc(size=1024) [-2]"], Import.Benchmarks.Select(b => b.Id));
    }

    [Fact]
    public void Read_Count5_FiveSamplesPerBenchmarkOfTimeBytesAndAllocations()
    {
        var concat = Single(Import.Benchmarks, "BenchmarkConcat [-2]");
        var time = Metric(concat, "time_per_op");

        Assert.Equal([88.22, 100.6, 75.09, 43.06, 29.39], time.Samples);
        Assert.Equal(new[] { 88.22, 100.6, 75.09, 43.06, 29.39 }.Average(), time.Value);
        Assert.Null(time.Bound);
        Assert.Equal([16.0, 16, 16, 16, 16], Metric(concat, "allocated_per_op").Samples);
        Assert.Equal("B", Metric(concat, "allocated_per_op").Unit);
        Assert.Equal(1, Metric(concat, "allocations_per_op").Value);
        Assert.Equal("count", Metric(concat, "allocations_per_op").Unit);
        Assert.All(Import.Benchmarks, b => Assert.All(b.Metrics, m => Assert.Equal(5, m.Samples.Count)));
    }

    [Fact]
    public void Read_CustomUnit_KeptUnderItsOwnName()
    {
        var big = Single(Import.Benchmarks, "BenchmarkAlloc(size=1024) [-2]");

        Assert.Equal(1024, Metric(big, "bytes/item").Value);
        Assert.Equal("bytes/item", Metric(big, "bytes/item").Unit);
        Assert.Equal([1005, 580.6, 1341, 1092, 535.1], Metric(big, "time_per_op").Samples);
    }

    [Fact]
    public void Read_HeaderLines_AreTheHost()
    {
        Assert.Equal("linux", Import.Host["goos"]);
        Assert.Equal("amd64", Import.Host["goarch"]);
        Assert.Equal("example.com/fixture", Import.Host["pkg"]);
        Assert.Equal("Oxide Virtual Turin-like Processor", Import.Host["cpu"]);
    }

    [Fact]
    public void Read_TwoPackages_NamesCarryTheirPackage()
    {
        using var files = new MicroFixtures();
        var path = files.Write("two.txt", "pkg: a/x\nBenchmarkF-4  10  5 ns/op\nPASS\npkg: a/y\nBenchmarkF-4  10  7 ns/op\nok  \ta/y\t0.1s\n");

        Assert.Equal(["a/x.BenchmarkF [-4]", "a/y.BenchmarkF [-4]"], MicroFormats.Read(path).Benchmarks.Select(b => b.Id));
    }

    [Fact]
    public void Read_MalformedValue_ErrorNamesFileLineAndColumn()
    {
        using var files = new MicroFixtures();
        var path = files.Write("bad.txt", "goos: linux\nBenchmarkF-4   \t 10\t  5 ns/op\t x12 B/op\n");

        var error = Assert.Throws<MicroFormatException>(() => MicroFormats.Read(path, "go"));

        Assert.Equal($"{path}:2:32: expected a number before a unit, found \"x12\"", error.Message);
    }
}
