using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Redline.Cli.Tests.Suites;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary>
/// <c>redline bench import</c> and <c>bench run</c> through the real CLI and a real store: each tool's file imported as
/// a baseline, then a copy with one benchmark made three times slower (found, exit 3) and an unchanged copy (quiet, exit 0).
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class BenchEndToEndTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-bench-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) => Path.Combine(SuiteSchemaTests.RepositoryRoot(), "tests", "Redline.Results.Tests", "Micro", "Fixtures", name);

    private Task<(int Code, string Stdout, string Stderr)> ImportAsync(string file, string outDir, params string[] extra) =>
        RedlineProcess.RunAsync(Limit, ["bench", "import", file, "--store", Path.Combine(_dir, "history.db"), "--out", Path.Combine(_dir, outDir), .. extra]);

    /// <summary>Each tool's fixture, its format, the identity of the benchmark slowed in it, and its name in the file.</summary>
    public static TheoryData<string, string, string, string> Formats => new()
    {
        { "google-benchmark.json", "google-benchmark", "BM_Copy(arg0=512)", "BM_Copy/512" },
        { "pytest-benchmark.json", "pytest-benchmark", "tests/test_sums.py::test_join", "test_join" },
        { "go-bench.txt", "go", "BenchmarkConcat [-2]", "BenchmarkConcat" },
        { "jmh.json", "jmh", "org.sample.HashBench.murmur(size=16) [avgt", "org.sample.HashBench.murmur" },
        { "criterion", "criterion", "fib/iterative/20", "fib/iterative/20" },
    };

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task Import_OneBenchmarkTripled_IsFoundAndTheUnchangedCopyStaysQuiet(string fixture, string format, string slowed, string key)
    {
        var source = Fixture(fixture);
        var first = await ImportAsync(source, "base", "--suite", "micro");
        Assert.True(first.Code == 0, first.Stdout + first.Stderr);
        Assert.Contains($"({format})", first.Stdout, StringComparison.Ordinal);
        using (var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "base", "results.json"))))
        {
            var micro = results.RootElement.GetProperty("micro");
            Assert.Equal(format, micro.GetProperty("format").GetString());
            Assert.Contains(micro.GetProperty("benchmarks").EnumerateArray(), b => b.GetProperty("id").GetString()!.StartsWith(slowed, StringComparison.Ordinal));
        }

        var same = await ImportAsync(Copy(source, fixture, null), "same", "--suite", "micro", "--baseline", "auto", "--fail-on", "notice");
        Assert.True(same.Code == 0, same.Stdout + same.Stderr);
        Assert.Empty(Regressions(Path.Combine(_dir, "same")));

        var slow = await ImportAsync(Copy(source, fixture, key), "slow", "--suite", "micro", "--baseline", "auto");
        Assert.True(slow.Code == 3, $"exit {slow.Code}\n{slow.Stdout}\n{slow.Stderr}");
        var regressions = Regressions(Path.Combine(_dir, "slow"));
        Assert.NotEmpty(regressions);
        Assert.All(regressions, r => Assert.StartsWith($"micro / {slowed}", r.Scope, StringComparison.Ordinal));
        Assert.Contains(regressions, r => r is { Metric: "time_per_op" or "cpu_time_per_op", Severity: "critical" });
        var comment = File.ReadAllText(Path.Combine(_dir, "slow", "pr-comment.md")).Replace("\\", "", StringComparison.Ordinal);
        Assert.Contains($"{slowed}", comment, StringComparison.Ordinal);
        Assert.Contains("| no change |", comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_BadInput_ExitsTwoNamingTheFileAndStoresNothing()
    {
        var file = Path.Combine(_dir, "broken.json");
        File.WriteAllText(file, "{ \"benchmarks\": [ { \"name\": ");

        var broken = await ImportAsync(file, "broken");
        var unknown = await ImportAsync(Fixture("go-bench.txt"), "unknown", "--format", "nunit");

        Assert.Equal(2, broken.Code);
        Assert.Contains("broken.json", broken.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", broken.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, unknown.Code);
        Assert.Contains("--format: expected one of benchmarkdotnet, google-benchmark, criterion, pytest-benchmark, go, jmh, got 'nunit'", unknown.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "history.db")));
    }

    [Fact]
    public async Task Run_BenchmarkDotNetProject_ImportsItThenATripledCopyOfItsResultIsACriticalRegression()
    {
        var project = Path.Combine(SuiteSchemaTests.RepositoryRoot(), "examples", "micro-benchmarks");
        var run = await RedlineProcess.RunAsync(
            TimeSpan.FromMinutes(6),
            ["bench", "run", project, "--store", Path.Combine(_dir, "history.db"), "--out", Path.Combine(_dir, "run"), "--", "--filter", "*Functions*", "--iterationCount", "10", "--warmupCount", "1", "--launchCount", "1"]);
        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using (var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "run", "results.json"))))
        {
            var benchmark = results.RootElement.GetProperty("micro").GetProperty("benchmarks").EnumerateArray().Single();
            Assert.Equal("MicroBenchmarks.Functions.SumOfSquares", benchmark.GetProperty("name").GetString());
            var time = benchmark.GetProperty("metrics").EnumerateArray().First(m => m.GetProperty("name").GetString() == "time_per_op");
            Assert.InRange(time.GetProperty("samples").GetArrayLength(), 5, 10);
            Assert.InRange(time.GetProperty("value").GetDouble(), 10, 1e6);
        }

        var report = Directory.GetFiles(Path.Combine(_dir, "run", "benchmarkdotnet", "results"), "*-report-full.json").Single();
        var slow = await ImportAsync(Copy(report, "bdn", "MicroBenchmarks.Functions.SumOfSquares"), "slow", "--suite", "bench:micro-benchmarks", "--baseline", "auto");

        Assert.True(slow.Code == 3, $"exit {slow.Code}\n{slow.Stdout}\n{slow.Stderr}");
        Assert.Contains(Regressions(Path.Combine(_dir, "slow")), r => r is { Metric: "time_per_op", Severity: "critical" });
    }

    [Fact]
    public async Task Import_WithAThresholdsFile_IsGradedByItAndABadFileStoresNothing()
    {
        var source = Fixture("google-benchmark.json");
        var thresholds = Path.Combine(_dir, "thresholds.yaml");
        File.WriteAllText(thresholds, """
            regression_thresholds:
              critical: { response_time_increase: ">500%" }
              warning: { response_time_increase: ">100%" }
            """);
        var broken = Path.Combine(_dir, "broken.yaml");
        File.WriteAllText(broken, "regression_thresholds:\n  critical: { response_time_increase: fast }\n");

        var first = await ImportAsync(source, "base", "--suite", "graded");
        var slow = await ImportAsync(Copy(source, "google-benchmark.json", "BM_Copy/512"), "slow", "--suite", "graded", "--baseline", "auto", "--thresholds", thresholds);
        var bad = await ImportAsync(source, "bad", "--suite", "graded", "--thresholds", broken);

        Assert.True(first.Code == 0, first.Stdout + first.Stderr);

        // Three times slower is +200%: critical by the seed's +20%, a warning by this file's.
        Assert.True(slow.Code == 0, $"exit {slow.Code}\n{slow.Stdout}\n{slow.Stderr}");
        Assert.Contains(Regressions(Path.Combine(_dir, "slow")), r => r is { Metric: "time_per_op" or "cpu_time_per_op", Severity: "warning" });
        Assert.DoesNotContain(Regressions(Path.Combine(_dir, "slow")), r => r.Severity == "critical");
        Assert.Equal(2, bad.Code);
        Assert.Contains("broken.yaml: regression_thresholds.critical.response_time_increase", bad.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "bad")));
    }

    private static List<(string Scope, string Metric, string Severity)> Regressions(string dir)
    {
        using var analysis = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "analysis.json")));
        return [.. analysis.RootElement.GetProperty("regressions").EnumerateArray()
            .Select(r => (r.GetProperty("scope").GetString()!, r.GetProperty("metric").GetString()!, r.GetProperty("severity").GetString()!))];
    }

    /// <summary>A copy of a fixture in the work folder, with every time of the benchmark named <paramref name="slowed"/> tripled (none when null).</summary>
    private string Copy(string source, string fixture, string? slowed)
    {
        var target = Path.Combine(_dir, $"{Guid.NewGuid():N}-{Path.GetFileName(source)}");
        if (Directory.Exists(source))
        {
            CopyTree(source, target);
            if (slowed is not null)
            {
                foreach (var file in new[] { "estimates.json", "sample.json" }.Select(f => Path.Combine(target, Path.Combine(slowed.Split('/')), "new", f)))
                {
                    var node = JsonNode.Parse(File.ReadAllText(file))!;
                    Triple(node, ["point_estimate", "lower_bound", "upper_bound", "times"]);
                    File.WriteAllText(file, node.ToJsonString());
                }
            }

            return target;
        }

        var text = File.ReadAllText(source);
        if (slowed is null)
        {
            File.WriteAllText(target, text);
            return target;
        }

        if (fixture == "go-bench.txt")
        {
            var name = slowed;
            File.WriteAllText(target, string.Join('\n', text.Split('\n').Select(line => line.StartsWith(name + "-", StringComparison.Ordinal)
                ? NsPerOp().Replace(line, m => (double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 3).ToString(CultureInfo.InvariantCulture) + " ns/op")
                : line)));
            return target;
        }

        var root = JsonNode.Parse(text)!;
        switch (fixture)
        {
            case "bdn":
                foreach (var benchmark in root["Benchmarks"]!.AsArray().Where(b => (string?)b!["FullName"] == slowed))
                {
                    Triple(benchmark!["Statistics"]!, ["OriginalValues", "Min", "LowerFence", "Q1", "Median", "Mean", "Q3", "UpperFence", "Max", "InterquartileRange", "StandardError", "Variance", "StandardDeviation", "Lower", "Upper", "Margin", "P0", "P25", "P50", "P67", "P80", "P85", "P90", "P95", "P100"]);
                    Triple(benchmark["Measurements"]!, ["Nanoseconds"]);
                }

                break;
            case "google-benchmark.json":
                foreach (var row in root["benchmarks"]!.AsArray().Where(r => (string?)r!["run_name"] == slowed))
                {
                    Triple(row!, ["real_time", "cpu_time"]);
                }

                break;
            case "pytest-benchmark.json":
                foreach (var benchmark in root["benchmarks"]!.AsArray().Where(b => (string?)b!["name"] == slowed))
                {
                    Triple(benchmark!["stats"]!, ["min", "max", "mean", "stddev", "median", "iqr", "q1", "q3", "ld15iqr", "hd15iqr", "total", "data"]);
                    benchmark["stats"]!["ops"] = (double)benchmark["stats"]!["ops"]! / 3;
                }

                break;
            case "jmh.json":
                foreach (var benchmark in root.AsArray().Where(b => (string?)b!["benchmark"] == slowed && (string?)b!["mode"] == "avgt"))
                {
                    Triple(benchmark!["primaryMetric"]!, ["score", "scoreError", "scoreConfidence", "scorePercentiles", "rawData"]);
                }

                break;
            default:
                throw new ArgumentException($"no slowdown for {fixture}", nameof(fixture));
        }

        File.WriteAllText(target, root.ToJsonString());
        return target;
    }

    /// <summary>Triples every number at or under a property named in <paramref name="keys"/>.</summary>
    private static void Triple(JsonNode node, IReadOnlyCollection<string> keys, bool inside = false)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (value is JsonValue leaf && (inside || keys.Contains(key)) && leaf.TryGetValue<double>(out var number))
                    {
                        obj[key] = number * 3;
                    }
                    else if (value is not null and not JsonValue)
                    {
                        Triple(value, keys, inside || keys.Contains(key));
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is JsonValue leaf && inside && leaf.TryGetValue<double>(out var number))
                    {
                        array[i] = number * 3;
                    }
                    else if (array[i] is { } child and not JsonValue)
                    {
                        Triple(child, keys, inside);
                    }
                }

                break;
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            CopyTree(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    [GeneratedRegex(@"([0-9.]+) ns/op")]
    private static partial Regex NsPerOp();
}
