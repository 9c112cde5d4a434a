using System.Globalization;
using System.Text.RegularExpressions;
using Redline.Engine;

namespace Redline.Results.Micro;

/// <summary>
/// <c>go test -bench</c> text output (the Go benchmark data format): <c>key: value</c> configuration lines
/// (<c>goos</c>, <c>goarch</c>, <c>pkg</c>, <c>cpu</c>) and result lines
/// <c>BenchmarkX/sub-8  1000000  1234 ns/op  48 B/op  2 allocs/op</c>. Each line of one benchmark is one sample
/// (<c>-count N</c> gives N); the <c>-8</c> suffix is GOMAXPROCS, the job; <c>key=value</c> parts of a
/// sub-benchmark's name are its parameters.
/// </summary>
internal static partial class GoBenchFormat
{
    public const string Name = "go";

    public static bool Detect(IEnumerable<string> lines) => lines.Any(l => ResultLine().IsMatch(l));

    public static MicroImport Read(string file, IReadOnlyList<string> lines)
    {
        var host = new Dictionary<string, string>();
        var packages = new List<string>();
        var pkg = "";
        var results = new List<(string Package, string Name, List<(string Unit, double Value)> Values)>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (ConfigLine().Match(line) is { Success: true } config)
            {
                var (key, value) = (config.Groups[1].Value, config.Groups[2].Value.Trim());
                if (key == "pkg")
                {
                    pkg = value;
                    if (!packages.Contains(value))
                    {
                        packages.Add(value);
                    }
                }
                host.TryAdd(key, value);
                continue;
            }
            if (ResultStart().IsMatch(line))
            {
                results.Add((pkg, line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries)[0], Values(file, i + 1, line)));
            }
        }
        if (results.Count == 0)
        {
            throw new MicroFormatException($"{file}: no benchmark result lines (BenchmarkName  N  1234 ns/op ...)");
        }
        if (packages.Count > 1)
        {
            host.Remove("pkg"); // each name carries its package instead
        }
        var benchmarks = new List<(string Id, MicroBenchmark Benchmark, List<List<(string Unit, double Value)>> Runs)>();
        foreach (var (package, fullName, values) in results)
        {
            var b = Identity(packages.Count > 1 && package.Length > 0 ? package + "." + fullName : fullName);
            var index = benchmarks.FindIndex(x => x.Id == b.Id);
            if (index < 0)
            {
                benchmarks.Add((b.Id, b, []));
                index = benchmarks.Count - 1;
            }
            benchmarks[index].Runs.Add(values);
        }
        return new MicroImport(Name, benchmarks.Select(b => b.Benchmark with { Metrics = Metrics(b.Runs) }).ToList()) { Host = host };
    }

    /// <summary>The value-unit pairs after the iteration count; a malformed pair fails with file:line:column.</summary>
    private static List<(string Unit, double Value)> Values(string file, int lineNumber, string line)
    {
        var fields = Fields().Matches(line).ToList();
        var values = new List<(string, double)>();
        for (var f = 2; f < fields.Count; f += 2)
        {
            var at = $"{file}:{lineNumber}:{fields[f].Index + 1}";
            if (!double.TryParse(fields[f].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new MicroFormatException($"{at}: expected a number before a unit, found \"{fields[f].Value}\"");
            }
            if (f + 1 >= fields.Count)
            {
                throw new MicroFormatException($"{at}: the value {fields[f].Value} has no unit");
            }
            values.Add((fields[f + 1].Value, value));
        }
        if (values.Count == 0)
        {
            throw new MicroFormatException($"{file}:{lineNumber}:1: a benchmark result line with no measurements");
        }
        return values;
    }

    private static MicroBenchmark Identity(string fullName)
    {
        var job = "";
        if (ProcsSuffix().Match(fullName) is { Success: true } procs)
        {
            job = procs.Value;
            fullName = fullName[..procs.Index];
        }
        var name = new List<string>();
        var parameters = new List<(string, string)>();
        foreach (var (part, i) in fullName.Split('/').Select((p, i) => (p, i)))
        {
            if (i > 0 && part.IndexOf('=', StringComparison.Ordinal) is var eq and > 0)
            {
                parameters.Add((part[..eq], part[(eq + 1)..]));
            }
            else
            {
                name.Add(part);
            }
        }
        return new MicroBenchmark(string.Join("/", name), MicroIdentity.Pairs(parameters), job, []);
    }

    /// <summary>One metric per unit, in the order the lines give them; each line is a sample.</summary>
    private static List<MicroMetric> Metrics(List<List<(string Unit, double Value)>> runs)
    {
        var units = runs.SelectMany(r => r.Select(v => v.Unit)).Distinct(StringComparer.Ordinal).ToList();
        return units.Select(unit =>
        {
            var (name, normalised, factor) = unit switch
            {
                "ns/op" => ("time_per_op", "ns", 1.0),
                "sec/op" => ("time_per_op", "ns", 1e9),
                "B/op" => ("allocated_per_op", "B", 1.0),
                "allocs/op" => ("allocations_per_op", "count", 1.0),
                _ => (unit, unit, 1.0),
            };
            var samples = runs.SelectMany(r => r.Where(v => v.Unit == unit).Select(v => v.Value * factor)).ToArray();
            var mean = MicroUnits.Mean(samples);
            // go test prints no spread of its own: the samples carry it.
            return new MicroMetric(name, normalised, mean, samples) { HigherIsWorse = !MicroUnits.IsRate(unit) };
        }).ToList();
    }

    /// <summary>A result line: a name starting with Benchmark, an iteration count, a value and a unit.</summary>
    [GeneratedRegex(@"^Benchmark\S*\s+\d+\s+[-+0-9.eE]+\s+\S+")]
    private static partial Regex ResultLine();

    /// <summary>A line that is a result line by its name and iteration count, whatever follows.</summary>
    [GeneratedRegex(@"^Benchmark\S*\s+\d+(\s|$)")]
    private static partial Regex ResultStart();

    [GeneratedRegex(@"^([a-z][^\s:]*):\s(.*)$")]
    private static partial Regex ConfigLine();

    [GeneratedRegex(@"\S+")]
    private static partial Regex Fields();

    [GeneratedRegex(@"-\d+$")]
    private static partial Regex ProcsSuffix();
}
