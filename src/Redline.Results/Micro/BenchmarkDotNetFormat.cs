using System.Globalization;
using System.Text.Json;
using Redline.Engine;

namespace Redline.Results.Micro;

/// <summary>
/// BenchmarkDotNet's JSON reports (<c>*-report-full.json</c>, <c>-full-compressed</c>, <c>-brief</c>): times are
/// already nanoseconds per operation; the samples are the result-stage workload measurements.
/// </summary>
internal static class BenchmarkDotNetFormat
{
    public const string Name = "benchmarkdotnet";

    /// <summary>
    /// <c>ConfidenceInterval.Level</c> is written as the ordinal of BenchmarkDotNet's confidence-level enum
    /// (<c>LegacyConfidenceLevel</c> in 0.15, <c>ConfidenceLevel</c> before): L50 = 0, L70, L75, L80, L85, L90, L92,
    /// L95, L96, L97, L98, L99, L999 = 12 (the default). Ordinals past 12 are read as further nines (L9999 ...
    /// L999999999), the levels the enum has been described with, should a writer have them.
    /// </summary>
    private static readonly double[] LevelPercents =
        [50, 70, 75, 80, 85, 90, 92, 95, 96, 97, 98, 99, 99.9, 99.99, 99.999, 99.9999, 99.99999, 99.999999, 99.9999999];

    public static bool Detect(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("Benchmarks", out _) && root.TryGetProperty("HostEnvironmentInfo", out _);

    public static MicroImport Read(string file, JsonElement rootElement)
    {
        var root = new JsonSpot(rootElement, file, "$");
        var host = new Dictionary<string, string>();
        if (root.OptionalString("Title") is { } title)
        {
            host["Title"] = title;
        }
        root.Optional("HostEnvironmentInfo")?.FlattenInto(host, "");
        var benchmarks = new List<MicroBenchmark>();
        foreach (var b in root.Required("Benchmarks").Items())
        {
            // A benchmark that failed to run has no statistics: there is nothing of it to import.
            if (b.Optional("Statistics") is { } statistics)
            {
                benchmarks.Add(ReadBenchmark(b, statistics));
            }
        }
        return new MicroImport(Name, MicroIdentity.Unique(file, benchmarks)) { Host = host };
    }

    private static MicroBenchmark ReadBenchmark(JsonSpot b, JsonSpot statistics)
    {
        var metrics = new List<MicroMetric> { Time(b, statistics) };
        var memory = b.Optional("Memory");
        var reported = (b.Optional("Metrics")?.Items() ?? []).Select(m => (Id: m.Required("Descriptor").String("Id"), Metric: m)).ToList();
        if (memory is { } mem && mem.Number("TotalOperations") is var operations and > 0)
        {
            // The collection counts are raw counts over all the operations the diagnoser ran.
            metrics.Add(Count("gen0_per_op", mem.Number("Gen0Collections") / operations));
            metrics.Add(Count("gen1_per_op", mem.Number("Gen1Collections") / operations));
            metrics.Add(Count("gen2_per_op", mem.Number("Gen2Collections") / operations));
            if (mem.OptionalNumber("BytesAllocatedPerOperation") is { } bytes)
            {
                metrics.Add(new MicroMetric("allocated_per_op", "B", bytes, []));
            }
        }
        else
        {
            // No raw counts: the Gen*Collects metrics are per 1,000 operations.
            foreach (var (id, m) in reported)
            {
                if (id is "Gen0Collects" or "Gen1Collects" or "Gen2Collects")
                {
                    metrics.Add(Count($"gen{id[3]}_per_op", m.Number("Value") / 1000));
                }
                else if (id == "Allocated Memory")
                {
                    metrics.Add(new MicroMetric("allocated_per_op", "B", m.Number("Value"), []));
                }
            }
        }
        foreach (var (id, m) in reported)
        {
            if (id is not ("Gen0Collects" or "Gen1Collects" or "Gen2Collects" or "Allocated Memory"))
            {
                var descriptor = m.Required("Descriptor");
                metrics.Add(new MicroMetric(id, descriptor.OptionalString("Unit") ?? "", m.Number("Value"), [])
                {
                    HigherIsWorse = descriptor.Optional("TheGreaterTheBetter")?.Element.ValueKind != JsonValueKind.True,
                });
            }
        }
        var (name, job) = NameAndJob(b);
        return new MicroBenchmark(name, Parameters(b.OptionalString("Parameters") ?? ""), job, metrics);
    }

    private static MicroMetric Time(JsonSpot b, JsonSpot statistics)
    {
        var samples = b.Optional("Measurements") is { } measurements
            ? measurements.Items()
                .Where(m => m.String("IterationMode") == "Workload" && m.String("IterationStage") == "Result")
                .Select(m => m.Number("Nanoseconds") / m.Number("Operations"))
                .ToArray()
            : [];
        if (samples.Length == 0 && statistics.Optional("OriginalValues") is { } original)
        {
            samples = original.Items().Select(v => v.Number()).ToArray();
        }
        return new MicroMetric("time_per_op", "ns", statistics.Number("Mean"), samples) { Bound = Interval(statistics) };
    }

    private static MicroBound? Interval(JsonSpot statistics)
    {
        if (statistics.Optional("ConfidenceInterval") is not { } ci)
        {
            return null;
        }
        var lower = ci.OptionalNumber("Lower");
        var upper = ci.OptionalNumber("Upper");
        if ((lower is null || upper is null) && ci.OptionalNumber("Margin") is { } margin && ci.OptionalNumber("Mean") is { } mean)
        {
            (lower, upper) = (mean - margin, mean + margin);
        }
        if (lower is not { } lo || upper is not { } hi || !double.IsFinite(lo) || !double.IsFinite(hi))
        {
            return null;
        }
        return new MicroBound(lo, hi, MicroBound.ConfidenceMeaning(Level(ci.Required("Level"))));
    }

    /// <summary>The level as a percentage, from the enum's ordinal or, where a writer used names, from <c>L999</c>.</summary>
    private static double Level(JsonSpot level)
    {
        if (level.Kind == JsonValueKind.String && level.String() is ['L', .. var digits] && digits.All(char.IsAsciiDigit) && digits.Length >= 2)
        {
            return double.Parse(digits[..2] + "." + digits[2..] + "0", CultureInfo.InvariantCulture);
        }
        var ordinal = level.Number();
        return ordinal >= 0 && ordinal < LevelPercents.Length && ordinal == Math.Floor(ordinal)
            ? LevelPercents[(int)ordinal]
            : throw level.Fail($"unknown confidence level {ordinal.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>
    /// The name is the full name without its argument list (<c>Ns.Type.Method</c>); the job is the job's id in
    /// <c>DisplayInfo</c> (<c>Type.Method: ShortRun(IterationCount=3) [N=10]</c>).
    /// </summary>
    private static (string Name, string Job) NameAndJob(JsonSpot b)
    {
        var fullName = b.OptionalString("FullName");
        string name;
        if (fullName is not null)
        {
            var paren = fullName.IndexOf('(', StringComparison.Ordinal);
            name = paren < 0 ? fullName : fullName[..paren];
        }
        else
        {
            var ns = b.OptionalString("Namespace");
            name = (ns is null ? "" : ns + ".") + b.String("Type") + "." + b.String("Method");
        }
        var job = "";
        if (b.OptionalString("DisplayInfo") is { } display && display.IndexOf(": ", StringComparison.Ordinal) is var colon and >= 0)
        {
            job = display[(colon + 2)..];
            if (job.EndsWith(']') && job.LastIndexOf(" [", StringComparison.Ordinal) is var bracket and >= 0)
            {
                job = job[..bracket];
            }
            if (job.IndexOf('(', StringComparison.Ordinal) is var characteristics and > 0)
            {
                job = job[..characteristics];
            }
        }
        return (name, job.Trim());
    }

    /// <summary>BenchmarkDotNet writes the parameters as <c>N=10&amp;Size=2</c>, params and arguments alike.</summary>
    private static List<KeyValuePair<string, string>> Parameters(string text) =>
        text.Length == 0
            ? []
            : text.Split('&').Select(p => p.Split('=', 2)).Select(kv => KeyValuePair.Create(kv[0], kv.Length > 1 ? kv[1] : "")).ToList();

    private static MicroMetric Count(string name, double value) => new(name, "count", value, []);
}
