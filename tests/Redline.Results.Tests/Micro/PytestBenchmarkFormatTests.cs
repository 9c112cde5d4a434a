using Redline.Results.Micro;
using static Redline.Results.Tests.Micro.MicroFixtures;

namespace Redline.Results.Tests.Micro;

/// <summary>pytest-benchmark 3.2.2's --benchmark-json of a real run (stats.data included).</summary>
public sealed class PytestBenchmarkFormatTests
{
    private static readonly MicroImport Import = MicroFormats.Read(PathOf("pytest-benchmark.json"), "pytest-benchmark");

    [Fact]
    public void Read_NameIsTheFullNameWithoutTheParamSuffix_ParamsAreTheParameters()
    {
        Assert.Equal(
            ["tests/test_sums.py::test_sum(n=10)", "tests/test_sums.py::test_sum(n=1000)", "tests/test_sums.py::test_join"],
            Import.Benchmarks.Select(b => b.Id));
    }

    [Fact]
    public void Read_SecondsBecomeNanoseconds_ValueSamplesAndDeviation()
    {
        var sum = Single(Import.Benchmarks, "tests/test_sums.py::test_sum(n=1000)");
        var time = Metric(sum, "time_per_op");

        Assert.Equal("ns", time.Unit);
        Assert.Equal(9352.597137746801, time.Value, 9);
        Assert.Equal(7, time.Samples.Count);
        Assert.Equal(9904.729995469098, time.Samples[0], 9);
        Assert.Equal(9786.699993128422, time.Samples[1], 9);
        Assert.Equal("sd", time.Bound!.Meaning);
        Assert.Equal(9352.597137746801 - 450.7956217627542, time.Bound.Lower, 9);
        Assert.Equal(time.Value, time.Samples.Average(), 9);
    }

    [Fact]
    public void Read_Ops_IsOpsPerSecondWhereHigherIsBetter()
    {
        var ops = Metric(Single(Import.Benchmarks, "tests/test_sums.py::test_join"), "ops_per_s");

        Assert.Equal(2270225.603396768, ops.Value);
        Assert.Equal("ops/s", ops.Unit);
        Assert.False(ops.HigherIsWorse);
    }

    [Fact]
    public void Read_MachineAndCommitInfo_AreTheHost()
    {
        Assert.Equal("AMD EPYC", Import.Host["cpu.brand"]);
        Assert.Equal("3.11.2", Import.Host["python_version"]);
        Assert.Equal("pyb-fixture", Import.Host["commit.project"]);
        Assert.Equal("3.2.2", Import.Host["pytest-benchmark.version"]);
    }
}
