using Redline.Results.Micro;
using static Redline.Results.Tests.Micro.MicroFixtures;

namespace Redline.Results.Tests.Micro;

/// <summary>Format names, detection of every fixture by its content, and the errors a user sees.</summary>
public sealed class MicroFormatsTests
{
    [Fact]
    public void Names_TheSixFormats()
    {
        Assert.Equal(["benchmarkdotnet", "google-benchmark", "criterion", "pytest-benchmark", "go", "jmh"], MicroFormats.Names);
    }

    [Theory]
    [InlineData("bdn-report-full.json", "benchmarkdotnet", 7)]
    [InlineData("bdn-report-brief.json", "benchmarkdotnet", 7)]
    [InlineData("google-benchmark.json", "google-benchmark", 4)]
    [InlineData("pytest-benchmark.json", "pytest-benchmark", 3)]
    [InlineData("go-bench.txt", "go", 3)]
    [InlineData("jmh.json", "jmh", 5)]
    [InlineData("criterion", "criterion", 2)]
    [InlineData("criterion/sort_vec/new/estimates.json", "criterion", 1)]
    [InlineData("cargo-bench.txt", "criterion", 4)]
    [InlineData("cargo-criterion.jsonl", "criterion", 2)]
    public void Read_NoFormat_DetectedFromTheContent(string fixture, string format, int benchmarks)
    {
        var import = MicroFormats.Read(PathOf(fixture));

        Assert.Equal(format, import.Format);
        Assert.Equal(benchmarks, import.Benchmarks.Count);
        Assert.Equal(benchmarks, import.Benchmarks.Select(b => b.Id).Distinct().Count());
        Assert.All(import.Benchmarks, b => Assert.True(b.Metric("time_per_op") is not null || b.Metric("ops_per_s") is not null, b.Id));
    }

    [Fact]
    public void Read_FormatNameInAnyCase_Accepted()
    {
        Assert.Equal("jmh", MicroFormats.Read(PathOf("jmh.json"), "JMH").Format);
    }

    [Fact]
    public void Read_UnknownFormatName_ErrorListsTheFormats()
    {
        var error = Assert.Throws<MicroFormatException>(() => MicroFormats.Read(PathOf("jmh.json"), "nunit"));

        Assert.Equal(
            "unknown micro-benchmark format \"nunit\"; the formats are benchmarkdotnet, google-benchmark, criterion, pytest-benchmark, go, jmh",
            error.Message);
    }

    [Fact]
    public void Read_MalformedJson_ErrorNamesFileLineAndColumn()
    {
        using var files = new MicroFixtures();
        var path = files.Write("broken.json", "{\n  \"context\": {},\n  \"benchmarks\": [ {\"name\": } ]\n}\n");

        var error = Assert.Throws<MicroFormatException>(() => MicroFormats.Read(path));

        Assert.StartsWith($"{path}:3:28: not valid JSON: ", error.Message);
    }

    [Fact]
    public void Read_JsonOfNoKnownShape_ErrorNamesTheFileAndListsTheFormats()
    {
        using var files = new MicroFixtures();
        var path = files.Write("other.json", "{\"results\": [1, 2, 3]}");

        var error = Assert.Throws<MicroFormatException>(() => MicroFormats.Read(path));

        Assert.StartsWith($"{path}: JSON of no known micro-benchmark shape", error.Message);
        Assert.EndsWith("the formats are benchmarkdotnet, google-benchmark, criterion, pytest-benchmark, go, jmh", error.Message);
    }

    [Fact]
    public void Read_TextOfNoKnownFormat_ErrorNamesTheFileAndListsTheFormats()
    {
        using var files = new MicroFixtures();
        var path = files.Write("notes.txt", "PASS\nok\n");

        var error = Assert.Throws<MicroFormatException>(() => MicroFormats.Read(path));

        Assert.StartsWith($"{path}: neither JSON nor benchmark text of a known format", error.Message);
        Assert.Contains("go, jmh", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrongShapeForTheGivenFormat_ErrorNamesFileAndJsonPath()
    {
        using var files = new MicroFixtures();
        var path = files.Write("g.json", """{"context":{},"benchmarks":[{"name":"BM_A","run_type":"iteration","real_time":"fast","cpu_time":1,"time_unit":"ns"}]}""");

        var error = Assert.Throws<MicroFormatException>(() => MicroFormats.Read(path));

        Assert.Equal($"{path}: $.benchmarks[0].real_time: expected a number, found a string", error.Message);
    }

    [Fact]
    public void Read_TextFileAsAJsonFormat_ErrorSaysSo()
    {
        var error = Assert.Throws<MicroFormatException>(() => MicroFormats.Read(PathOf("go-bench.txt"), "jmh"));

        Assert.Equal($"{PathOf("go-bench.txt")}: not JSON, and jmh results are JSON", error.Message);
    }

    [Fact]
    public void Read_MissingFile_ErrorNamesIt()
    {
        var path = PathOf("no-such.json");

        var error = Assert.Throws<MicroFormatException>(() => MicroFormats.Read(path));

        Assert.Equal($"{path}: no such file or folder", error.Message);
    }

    [Fact]
    public void Read_SameIdentityTwice_ErrorNamesIt()
    {
        using var files = new MicroFixtures();
        var path = files.Write("twice.json", """
            [{"benchmark":"a.B.c","mode":"avgt","threads":1,"primaryMetric":{"score":1,"scoreError":"NaN","scoreUnit":"ns/op"}},
             {"benchmark":"a.B.c","mode":"avgt","threads":1,"primaryMetric":{"score":2,"scoreError":"NaN","scoreUnit":"ns/op"}}]
            """);

        var error = Assert.Throws<MicroFormatException>(() => MicroFormats.Read(path));

        Assert.Equal($"{path}: the benchmark a.B.c [avgt] appears twice; its results cannot be told apart", error.Message);
    }
}
