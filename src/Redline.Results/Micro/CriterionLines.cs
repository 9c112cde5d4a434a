using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Redline.Engine;

namespace Redline.Results.Micro;

/// <summary>
/// Criterion's line formats, read as <see cref="CriterionFormat.Name"/>: the bencher text of libtest's
/// <c>cargo bench</c> (and Criterion's <c>--output-format bencher</c>), and cargo-criterion's
/// <c>--message-format=json</c> messages.
/// </summary>
internal static partial class CriterionLines
{
    /// <summary>Whether the lines are bencher text (<c>test x ... bench: 1,234 ns/iter (+/- 56)</c>).</summary>
    public static bool IsBencherText(IEnumerable<string> lines) => lines.Any(l => BencherLine().IsMatch(l));

    /// <summary>Whether the lines are cargo-criterion messages (JSON objects with a <c>reason</c>, one per line).</summary>
    public static bool IsMessages(IReadOnlyList<string> lines) =>
        lines.Any(l => l.TrimStart().StartsWith('{') && l.Contains("\"reason\"", StringComparison.Ordinal))
        && lines.All(l => l.Trim().Length == 0 || l.TrimStart().StartsWith('{'));

    /// <summary>
    /// Bencher text. libtest's value is the median and its ± is the range (max minus min) of the samples, not a
    /// deviation: the bound says <c>max-min</c>.
    /// </summary>
    public static MicroImport ReadBencher(string file, IReadOnlyList<string> lines)
    {
        var benchmarks = new List<MicroBenchmark>();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (BencherLine().Match(line) is { Success: true } m)
            {
                var median = Number(m.Groups["value"].Value);
                var range = Number(m.Groups["range"].Value);
                var metrics = new List<MicroMetric>
                {
                    new("time_per_op", "ns", median, []) { Statistic = "median", Bound = MicroUnits.Around(median, range, "max-min") },
                };
                if (m.Groups["rate"].Success)
                {
                    var unit = m.Groups["rateUnit"].Value;
                    metrics.Add(new MicroMetric(unit, unit, Number(m.Groups["rate"].Value), []) { HigherIsWorse = false });
                }
                benchmarks.Add(new MicroBenchmark(m.Groups["name"].Value.Trim(), [], "", metrics));
            }
            else if (line.StartsWith("test ", StringComparison.Ordinal) && line.IndexOf("bench:", StringComparison.Ordinal) is var at and >= 0)
            {
                throw new MicroFormatException($"{file}:{i + 1}:{at + 1}: expected \"bench: <n> ns/iter (+/- <n>)\", found \"{line[at..].Trim()}\"");
            }
        }
        if (benchmarks.Count == 0)
        {
            throw new MicroFormatException($"{file}: no Criterion results in it (\"test x ... bench: 12 ns/iter (+/- 1)\" lines or cargo-criterion messages)");
        }
        return new MicroImport(CriterionFormat.Name, MicroIdentity.Unique(file, benchmarks));
    }

    /// <summary>
    /// cargo-criterion messages: each <c>benchmark-complete</c> gives its samples (measured values over iteration
    /// counts) and its typical estimate with bounds; the level is not written, and is cargo-criterion's default 95%.
    /// </summary>
    public static MicroImport ReadMessages(string file, IReadOnlyList<string> lines)
    {
        var benchmarks = new List<MicroBenchmark>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }
            using var doc = ParseLine(file, i + 1, lines[i]);
            var message = new JsonSpot(doc.RootElement, $"{file}:{i + 1}", "$");
            if (message.OptionalString("reason") == "benchmark-complete")
            {
                benchmarks.Add(Message(message));
            }
        }
        if (benchmarks.Count == 0)
        {
            throw new MicroFormatException($"{file}: no \"benchmark-complete\" message in it");
        }
        return new MicroImport(CriterionFormat.Name, MicroIdentity.Unique(file, benchmarks));
    }

    private static MicroBenchmark Message(JsonSpot message)
    {
        var unit = message.String("unit");
        var factor = MicroUnits.Nanoseconds(unit);
        var iterations = message.Required("iteration_count").Items().Select(v => v.Number()).ToArray();
        var measured = message.Required("measured_values").Items().Select(v => v.Number()).ToArray();
        if (iterations.Length != measured.Length)
        {
            throw message.Fail($"{iterations.Length} iteration counts but {measured.Length} measured values");
        }
        var typical = message.Required("typical");
        var typicalFactor = MicroUnits.Nanoseconds(typical.OptionalString("unit") ?? unit) ?? factor ?? 1;
        var value = typical.Number("estimate") * typicalFactor;
        var bound = new MicroBound(typical.Number("lower_bound") * typicalFactor, typical.Number("upper_bound") * typicalFactor, "ci95");
        var samples = measured.Zip(iterations, (v, n) => v / n * (factor ?? 1)).ToArray();
        var metric = factor is null
            ? new MicroMetric(unit, unit, value, samples)
            : new MicroMetric("time_per_op", "ns", value, samples);
        return new MicroBenchmark(message.String("id"), [], "", [metric with { Statistic = "typical", Bound = bound }]);
    }

    private static JsonDocument ParseLine(string file, int lineNumber, string line)
    {
        try
        {
            return JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new MicroFormatException($"{file}:{lineNumber}:{(e.BytePositionInLine ?? 0) + 1}: not valid JSON: {JsonSpot.WithoutPosition(e.Message)}", e);
        }
    }

    private static double Number(string text) => double.Parse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^test (?<name>.+?) \.\.\. bench:\s+(?<value>[0-9][0-9,]*(\.[0-9]+)?) ns/iter \(\+/- (?<range>[0-9][0-9,]*(\.[0-9]+)?)\)(\s*=\s*(?<rate>[0-9][0-9,]*(\.[0-9]+)?) (?<rateUnit>\S+))?\s*$")]
    private static partial Regex BencherLine();
}
