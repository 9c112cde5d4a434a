using Redline.Results.Micro;
using static Redline.Results.Tests.Micro.MicroFixtures;

namespace Redline.Results.Tests.Micro;

/// <summary>BenchmarkDotNet 0.15.8's joined full and brief JSON reports of a real ShortRun run.</summary>
public sealed class BenchmarkDotNetFormatTests
{
    private static readonly MicroImport Full = MicroFormats.Read(PathOf("bdn-report-full.json"), "benchmarkdotnet");

    [Fact]
    public void Read_FullReport_OneBenchmarkPerMethodParameterAndClass_IdentitiesUnique()
    {
        Assert.Equal("benchmarkdotnet", Full.Format);
        Assert.Equal(
            [
                "Fixture.Strings.Sum [ShortRun]",
                "Fixture.Strings.Repeat(count=3) [ShortRun]",
                "Fixture.Strings.Repeat(count=7) [ShortRun]",
                "Fixture.Sums.Sum(N=10) [ShortRun]",
                "Fixture.Sums.Copy(N=10) [ShortRun]",
                "Fixture.Sums.Sum(N=100) [ShortRun]",
                "Fixture.Sums.Copy(N=100) [ShortRun]",
            ],
            Full.Benchmarks.Select(b => b.Id));
        var sum = Single(Full.Benchmarks, "Fixture.Sums.Sum(N=10) [ShortRun]");
        Assert.Equal("Fixture.Sums.Sum", sum.Name);
        Assert.Equal([KeyValuePair.Create("N", "10")], sum.Parameters);
        Assert.Equal("ShortRun", sum.Job);
    }

    [Fact]
    public void Read_FullReport_MeanIsStatisticsMeanSamplesAreTheResultMeasurementsAndTheIntervalIs99Point9()
    {
        var copy = Single(Full.Benchmarks, "Fixture.Sums.Copy(N=100) [ShortRun]");
        var time = Metric(copy, "time_per_op");

        Assert.Equal("ns", time.Unit);
        Assert.Equal("mean", time.Statistic);
        Assert.Equal(112.60457104444504, time.Value);
        Assert.Equal([120.28924089670181, 97.39654928445816, 120.12792295217514], time.Samples);
        Assert.True(time.HigherIsWorse);
        // ConfidenceInterval.Level is 12 in the file: the ordinal of L999.
        Assert.Equal(new Redline.Engine.MicroBound(-127.67948867848563, 352.88863076737573, "ci99.9"), time.Bound);
    }

    [Fact]
    public void Read_FullReport_MemoryCountsAreDividedByTheTotalOperations()
    {
        var copy10 = Single(Full.Benchmarks, "Fixture.Sums.Copy(N=10) [ShortRun]");
        var copy100 = Single(Full.Benchmarks, "Fixture.Sums.Copy(N=100) [ShortRun]");

        // Memory: Gen0Collections 256 and 1695 over TotalOperations 8388608; the Gen0Collects metric says 0.0305 per 1,000.
        Assert.Equal(256.0 / 8388608, Metric(copy10, "gen0_per_op").Value);
        Assert.Equal(0.030517578125 / 1000, Metric(copy10, "gen0_per_op").Value, 15);
        Assert.Equal(1695.0 / 8388608, Metric(copy100, "gen0_per_op").Value);
        Assert.Equal("count", Metric(copy100, "gen0_per_op").Unit);
        Assert.Equal(0, Metric(copy100, "gen1_per_op").Value);
        Assert.Equal(0, Metric(copy100, "gen2_per_op").Value);
        Assert.Equal(64, Metric(copy10, "allocated_per_op").Value);
        Assert.Equal(424, Metric(copy100, "allocated_per_op").Value);
        Assert.Equal("B", Metric(copy100, "allocated_per_op").Unit);
        // No MemoryDiagnoser on Strings: no memory metrics rather than zeros.
        Assert.Null(Single(Full.Benchmarks, "Fixture.Strings.Sum [ShortRun]").Metric("allocated_per_op"));
    }

    [Fact]
    public void Read_FullReport_HostHasVersionProcessorAndRuntime()
    {
        Assert.Equal("0.15.8", Full.Host["BenchmarkDotNetVersion"]);
        Assert.Equal("AMD EPYC", Full.Host["ProcessorName"]);
        Assert.Equal(".NET 10.0.12 (10.0.12, 10.0.1226.42308)", Full.Host["RuntimeVersion"]);
        Assert.Equal("1000000000", Full.Host["ChronometerFrequency.Hertz"]);
    }

    [Fact]
    public void Read_BriefReport_SameBenchmarksAndMeansWithSamplesFromOriginalValues()
    {
        var brief = MicroFormats.Read(PathOf("bdn-report-brief.json"));

        Assert.Equal("benchmarkdotnet", brief.Format);
        Assert.Equal(Full.Benchmarks.Select(b => b.Id), brief.Benchmarks.Select(b => b.Id));
        var repeat = Metric(Single(brief.Benchmarks, "Fixture.Strings.Repeat(count=7) [ShortRun]"), "time_per_op");
        Assert.Equal(11.75913260380427, repeat.Value);
        Assert.Equal(3, repeat.Samples.Count);
        Assert.Equal(Metric(Single(Full.Benchmarks, "Fixture.Strings.Repeat(count=7) [ShortRun]"), "time_per_op").Samples, repeat.Samples);
    }

    [Theory]
    [InlineData(0, "ci50")]
    [InlineData(7, "ci95")]
    [InlineData(11, "ci99")]
    [InlineData(12, "ci99.9")]
    [InlineData(13, "ci99.99")]
    public void Read_ConfidenceLevelOrdinal_MapsToItsPercentage(int ordinal, string meaning)
    {
        using var files = new MicroFixtures();
        var path = files.Write("level.json", """
            {"Title":"t","HostEnvironmentInfo":{},"Benchmarks":[{"Namespace":null,"Type":"T","Method":"M","Parameters":"","FullName":"T.M",
             "Statistics":{"Mean":10,"ConfidenceInterval":{"N":3,"Mean":10,"Level":LEVEL,"Margin":2,"Lower":8,"Upper":12}}}]}
            """.Replace("LEVEL", ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var time = Metric(Assert.Single(MicroFormats.Read(path).Benchmarks), "time_per_op");

        Assert.Equal(meaning, time.Bound!.Meaning);
        Assert.Equal("T.M", Assert.Single(MicroFormats.Read(path).Benchmarks).Id);
    }

    [Fact]
    public void Read_OneIterationInterval_EmptyStringsAreNoBoundAndTheMeanIsKept()
    {
        // BenchmarkDotNet 0.15.8 writes the interval of a one-iteration run (Job.Dry) with empty strings for its NaNs.
        using var files = new MicroFixtures();
        var path = files.Write("dry.json", """
            {"Title":"t","HostEnvironmentInfo":{},"Benchmarks":[{"Namespace":null,"Type":"T","Method":"M","Parameters":"","FullName":"T.M",
             "Statistics":{"Mean":827513,"ConfidenceInterval":{"N":1,"Mean":827513,"StandardError":0,"Level":12,"Margin":"","Lower":"","Upper":""}}}]}
            """);

        var time = Metric(Assert.Single(MicroFormats.Read(path).Benchmarks), "time_per_op");

        Assert.Equal(827513, time.Value);
        Assert.Null(time.Bound);
    }
}
