using System.Globalization;
using System.Text.Json;
using Redline.Engine;

namespace Redline.Results.Micro;

/// <summary>
/// Google Benchmark's JSON (<c>--benchmark_format=json</c> or <c>--benchmark_out</c>). Rows of one run share a
/// <c>run_name</c>: its iteration rows (one per repetition) are the samples, its aggregate rows (mean, median, stddev)
/// give the value and the spread and are no benchmarks of their own.
/// </summary>
internal static class GoogleBenchmarkFormat
{
    public const string Name = "google-benchmark";

    /// <summary>The members every row has; any other numeric member is a user counter.</summary>
    private static readonly HashSet<string> RowFields = new(StringComparer.Ordinal)
    {
        "name", "family_index", "per_family_instance_index", "run_name", "run_type", "repetitions", "repetition_index",
        "threads", "iterations", "real_time", "cpu_time", "time_unit", "aggregate_name", "aggregate_unit", "label",
        "error_occurred", "error_message", "big_o", "rms", "cpu_coefficient", "real_coefficient", "complexity_n",
    };

    /// <summary>Name parts that say how the benchmark ran rather than what it ran with.</summary>
    private static readonly string[] JobParts =
        ["threads:", "min_time:", "min_warmup_time:", "iterations:", "repeats:", "process_time", "real_time", "manual_time"];

    public static bool Detect(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("context", out _)
        && root.TryGetProperty("benchmarks", out var rows) && rows.ValueKind == JsonValueKind.Array
        && (rows.GetArrayLength() == 0 || (rows[0].ValueKind == JsonValueKind.Object
            && (rows[0].TryGetProperty("run_type", out _) || rows[0].TryGetProperty("time_unit", out _))));

    public static MicroImport Read(string file, JsonElement rootElement)
    {
        var root = new JsonSpot(rootElement, file, "$");
        var host = new Dictionary<string, string>();
        root.Optional("context")?.FlattenInto(host, "");
        var runs = new List<(string RunName, List<JsonSpot> Iterations, Dictionary<string, JsonSpot> Aggregates)>();
        foreach (var row in root.Required("benchmarks").Items())
        {
            if (row.Optional("error_occurred")?.Kind == JsonValueKind.True)
            {
                continue; // a run that failed measured nothing
            }
            var aggregate = row.OptionalString("run_type") == "aggregate" ? row.OptionalString("aggregate_name") ?? "" : null;
            var runName = row.OptionalString("run_name") ?? RunNameOf(row.String("name"), aggregate);
            var index = runs.FindIndex(r => r.RunName == runName);
            if (index < 0)
            {
                runs.Add((runName, [], []));
                index = runs.Count - 1;
            }
            if (aggregate is null)
            {
                runs[index].Iterations.Add(row);
            }
            else
            {
                runs[index].Aggregates[aggregate] = row;
            }
        }
        var benchmarks = runs
            .Where(r => r.Iterations.Count > 0 || r.Aggregates.ContainsKey("mean") || r.Aggregates.ContainsKey("median"))
            .Select(r => Benchmark(r.RunName, r.Iterations, r.Aggregates))
            .ToList();
        return new MicroImport(Name, MicroIdentity.Unique(file, benchmarks)) { Host = host };
    }

    private static string RunNameOf(string name, string? aggregate) =>
        aggregate is { Length: > 0 } && name.EndsWith("_" + aggregate, StringComparison.Ordinal) ? name[..^(aggregate.Length + 1)] : name;

    private static MicroBenchmark Benchmark(string runName, List<JsonSpot> iterations, Dictionary<string, JsonSpot> aggregates)
    {
        var metrics = new List<MicroMetric>
        {
            Metric("time_per_op", "ns", iterations, aggregates, row => row.Number("real_time") * TimeFactor(row)),
            Metric("cpu_time_per_op", "ns", iterations, aggregates, row => row.Number("cpu_time") * TimeFactor(row)),
        };
        var counters = iterations.Concat(aggregates.Values)
            .SelectMany(row => row.Properties())
            .Where(p => !RowFields.Contains(p.Name) && p.Value.Kind == JsonValueKind.Number)
            .Select(p => p.Name)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        foreach (var counter in counters)
        {
            var unit = counter switch { "bytes_per_second" => "B/s", "items_per_second" => "items/s", _ => "" };
            var metric = Metric(counter, unit, iterations.Where(r => r.Has(counter)).ToList(), aggregates, row => row.Number(counter));
            metrics.Add(metric with { HigherIsWorse = !MicroUnits.IsRate(counter) && !MicroUnits.IsRate(unit) });
        }
        var (name, parameters, job) = SplitName(runName);
        var threads = (iterations.Count > 0 ? iterations[0] : aggregates.Values.First()).OptionalNumber("threads") ?? 1;
        if (threads != 1 && !job.Contains("threads:", StringComparison.Ordinal))
        {
            job = (job.Length == 0 ? "" : job + "/") + "threads:" + threads.ToString(CultureInfo.InvariantCulture);
        }
        return new MicroBenchmark(name, parameters, job, metrics);
    }

    /// <summary>One quantity: samples from the iteration rows, value from the mean (else median) row, spread from the stddev row.</summary>
    private static MicroMetric Metric(
        string name, string unit, List<JsonSpot> iterations, Dictionary<string, JsonSpot> aggregates, Func<JsonSpot, double> read)
    {
        var samples = iterations.Select(read).ToArray();
        var statistic = "mean";
        double value;
        if (aggregates.TryGetValue("mean", out var mean) && HasValue(mean, name))
        {
            value = read(mean);
        }
        else if (samples.Length == 0 && aggregates.TryGetValue("median", out var median) && HasValue(median, name))
        {
            (value, statistic) = (read(median), "median");
        }
        else
        {
            value = MicroUnits.Mean(samples);
        }
        var spread = aggregates.TryGetValue("stddev", out var sd) && HasValue(sd, name) ? read(sd) : (double?)null;
        return new MicroMetric(name, unit, value, samples) { Statistic = statistic, Bound = MicroUnits.Around(value, spread, "sd") };
    }

    private static bool HasValue(JsonSpot row, string metric) =>
        metric switch { "time_per_op" => row.Has("real_time"), "cpu_time_per_op" => row.Has("cpu_time"), _ => row.Has(metric) };

    private static double TimeFactor(JsonSpot row)
    {
        var unit = row.OptionalString("time_unit") ?? "ns";
        return MicroUnits.Nanoseconds(unit) ?? throw row.Fail($"unknown time_unit \"{unit}\"");
    }

    /// <summary>
    /// <c>BM_Copy/64/size:8/threads:4</c>: the function, then its arguments (named <c>size:8</c> or positional
    /// <c>arg0</c>), then how it ran (threads, iterations, min_time...), which is the job.
    /// </summary>
    private static (string Name, IReadOnlyList<KeyValuePair<string, string>> Parameters, string Job) SplitName(string runName)
    {
        var parts = runName.Split('/');
        var parameters = new List<(string, string)>();
        var job = new List<string>();
        for (var i = 1; i < parts.Length; i++)
        {
            var part = parts[i];
            if (JobParts.Any(p => p.EndsWith(':') ? part.StartsWith(p, StringComparison.Ordinal) : part == p))
            {
                job.Add(part);
            }
            else if (part.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            {
                parameters.Add((part[..colon], part[(colon + 1)..]));
            }
            else
            {
                parameters.Add(("arg" + (i - 1).ToString(CultureInfo.InvariantCulture), part));
            }
        }
        return (parts[0], MicroIdentity.Pairs(parameters), string.Join("/", job));
    }
}
