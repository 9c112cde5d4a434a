using System.Globalization;
using System.Text.Json;
using Redline.Engine;

namespace Redline.Results.Micro;

/// <summary>
/// JMH's JSON (<c>-rf json</c>): a top-level array, one entry per benchmark, mode and parameter set. The score's
/// error is the half-width of a 99.9% confidence interval, written as the string <c>"NaN"</c> when there were too
/// few iterations to have one. Throughput modes become <c>ops_per_s</c>, time modes <c>time_per_op</c> in ns.
/// </summary>
internal static class JmhFormat
{
    public const string Name = "jmh";

    private static readonly string[] HostFields = ["jmhVersion", "jvm", "jvmArgs", "jdkVersion", "vmName", "vmVersion"];

    public static bool Detect(JsonElement root) =>
        root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0
        && root[0].ValueKind == JsonValueKind.Object && root[0].TryGetProperty("primaryMetric", out _);

    public static MicroImport Read(string file, JsonElement rootElement)
    {
        var root = new JsonSpot(rootElement, file, "$");
        var host = new Dictionary<string, string>();
        var benchmarks = new List<MicroBenchmark>();
        foreach (var entry in root.Items())
        {
            foreach (var field in HostFields)
            {
                if (!host.ContainsKey(field))
                {
                    entry.Optional(field)?.FlattenInto(host, field);
                }
            }
            benchmarks.Add(Benchmark(entry));
        }
        return new MicroImport(Name, MicroIdentity.Unique(file, benchmarks)) { Host = host };
    }

    private static MicroBenchmark Benchmark(JsonSpot entry)
    {
        var mode = entry.String("mode");
        var metrics = new List<MicroMetric> { Primary(entry.Required("primaryMetric"), mode) };
        if (entry.Optional("secondaryMetrics") is { } secondary)
        {
            metrics.AddRange(secondary.Properties().Select(p => Secondary(p.Name, p.Value)));
        }
        var parameters = entry.Optional("params") is { } given
            ? given.Properties().Select(p => (p.Name, p.Value.Text()))
            : [];
        // One method may run in several modes and thread counts: both are part of its identity.
        var threads = entry.OptionalNumber("threads") ?? 1;
        var job = threads == 1 ? mode : mode + "/threads:" + threads.ToString(CultureInfo.InvariantCulture);
        return new MicroBenchmark(entry.String("benchmark"), MicroIdentity.Pairs(parameters), job, metrics);
    }

    private static MicroMetric Primary(JsonSpot metric, string mode)
    {
        var unit = metric.String("scoreUnit");
        if (MicroUnits.OpsPerSecond(unit) is { } perSecond)
        {
            return Score(metric, "ops_per_s", "ops/s", perSecond) with { HigherIsWorse = false };
        }
        if (MicroUnits.NanosecondsPerOp(unit) is { } ns)
        {
            return Score(metric, "time_per_op", "ns", ns);
        }
        throw metric.Fail($"the {mode} score's unit \"{unit}\" is neither operations per time nor time per operation");
    }

    /// <summary>
    /// A profiler's or counter's metric: <c>·gc.alloc.rate.norm</c> (B/op) is <c>allocated_per_op</c>; the others
    /// keep their names (without the leading <c>·</c>) in their units, times and rates normalised.
    /// </summary>
    private static MicroMetric Secondary(string name, JsonSpot metric)
    {
        var unit = metric.String("scoreUnit");
        var bare = name.TrimStart('\u00b7');
        if (bare == "gc.alloc.rate.norm")
        {
            return Score(metric, "allocated_per_op", "B", 1);
        }
        if (MicroUnits.OpsPerSecond(unit) is { } perSecond)
        {
            return Score(metric, bare, "ops/s", perSecond) with { HigherIsWorse = false };
        }
        if (MicroUnits.NanosecondsPerOp(unit) is { } ns)
        {
            return Score(metric, bare, "ns", ns);
        }
        return Score(metric, bare, unit, 1);
    }

    private static MicroMetric Score(JsonSpot metric, string name, string unit, double factor)
    {
        var score = metric.Number("score") * factor;
        var samples = metric.Optional("rawData") is { } raw
            ? raw.Items().SelectMany(fork => fork.Items()).Select(v => v.Number() * factor).ToArray()
            : [];
        return new MicroMetric(name, unit, score, samples) { Statistic = "score", Bound = Confidence(metric, factor) };
    }

    /// <summary>The 99.9% interval from <c>scoreConfidence</c>, else from ± <c>scoreError</c>; none when either is NaN.</summary>
    private static MicroBound? Confidence(JsonSpot metric, double factor)
    {
        if (metric.Optional("scoreConfidence") is { } confidence && confidence.Items().Select(v => v.Number()).ToArray() is [var lo, var hi]
            && double.IsFinite(lo) && double.IsFinite(hi))
        {
            return new MicroBound(lo * factor, hi * factor, "ci99.9");
        }
        var error = metric.OptionalNumber("scoreError");
        return MicroUnits.Around(metric.Number("score") * factor, error * factor, "ci99.9");
    }
}
