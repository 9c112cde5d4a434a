using System.Text.Json;
using Redline.Engine;

namespace Redline.Results.Micro;

/// <summary>
/// pytest-benchmark's JSON (<c>--benchmark-json</c>, or a saved run under <c>.benchmarks/</c>). Its times are
/// seconds per iteration; <c>stats.data</c> (per round, already divided by the iterations) is in the JSON report and
/// in saved runs made with <c>--benchmark-save-data</c>.
/// </summary>
internal static class PytestBenchmarkFormat
{
    public const string Name = "pytest-benchmark";

    public static bool Detect(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("machine_info", out _)
        && root.TryGetProperty("benchmarks", out var rows) && rows.ValueKind == JsonValueKind.Array;

    public static MicroImport Read(string file, JsonElement rootElement)
    {
        var root = new JsonSpot(rootElement, file, "$");
        var host = new Dictionary<string, string>();
        root.Optional("machine_info")?.FlattenInto(host, "");
        root.Optional("commit_info")?.FlattenInto(host, "commit");
        if (root.OptionalString("version") is { } version)
        {
            host["pytest-benchmark.version"] = version;
        }
        if (root.OptionalString("datetime") is { } at)
        {
            host["datetime"] = at;
        }
        var benchmarks = root.Required("benchmarks").Items().Select(Benchmark).ToList();
        return new MicroImport(Name, MicroIdentity.Unique(file, benchmarks)) { Host = host };
    }

    private static MicroBenchmark Benchmark(JsonSpot b)
    {
        const double Ns = 1e9;
        var stats = b.Required("stats");
        var samples = stats.Optional("data") is { } data ? data.Items().Select(v => v.Number() * Ns).ToArray() : [];
        var mean = stats.Number("mean") * Ns;
        var metrics = new List<MicroMetric>
        {
            new("time_per_op", "ns", mean, samples) { Bound = MicroUnits.Around(mean, stats.OptionalNumber("stddev") * Ns, "sd") },
        };
        if (stats.OptionalNumber("ops") is { } ops)
        {
            metrics.Add(new MicroMetric("ops_per_s", "ops/s", ops, []) { HigherIsWorse = false });
        }
        var fullName = b.OptionalString("fullname") ?? b.String("name");
        var parameters = new List<(string, string)>();
        if (b.Optional("params") is { } given)
        {
            parameters.AddRange(given.Properties().Select(p => (p.Name, p.Value.Text())));
        }
        else if (b.OptionalString("param") is { } param)
        {
            parameters.Add(("param", param));
        }
        var name = parameters.Count > 0 ? WithoutParamSuffix(fullName) : fullName;
        return new MicroBenchmark(name, MicroIdentity.Pairs(parameters), "", metrics);
    }

    /// <summary><c>tests/test_x.py::test_sum[10]</c> without its <c>[10]</c>, which the parameters carry.</summary>
    private static string WithoutParamSuffix(string name)
    {
        if (!name.EndsWith(']'))
        {
            return name;
        }
        var open = name.IndexOf('[', name.LastIndexOf("::", StringComparison.Ordinal) + 1);
        return open > 0 ? name[..open] : name;
    }
}
