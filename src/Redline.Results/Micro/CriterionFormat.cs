using System.Text.Json;
using Redline.Engine;

namespace Redline.Results.Micro;

/// <summary>
/// Criterion.rs's results folder: <c>target/criterion/&lt;id&gt;/new/</c> holds <c>estimates.json</c> (mean, median,
/// slope, std_dev, median_abs_dev, each a point estimate with a confidence interval, in ns), <c>sample.json</c>
/// (iteration counts and total times per sample) and <c>benchmark.json</c> (the id). The value is Criterion's typical
/// estimate: the slope when it has one (linear sampling), else the mean. A benchmark's name is its full id
/// (<c>group/function/value</c>), as <c>cargo bench</c>'s text and cargo-criterion's messages also give it, so that
/// every way of reading one benchmark gives one identity. The text variants are in <see cref="CriterionLines"/>.
/// </summary>
internal static class CriterionFormat
{
    public const string Name = "criterion";

    /// <summary>An <c>estimates.json</c> file.</summary>
    public static bool Detect(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty("mean", out var mean)
        && mean.ValueKind == JsonValueKind.Object && mean.TryGetProperty("point_estimate", out _);

    /// <summary>Whether <paramref name="file"/> is one of a benchmark's <c>new/</c> files (estimates, sample, benchmark).</summary>
    public static bool IsResultFile(string file) =>
        Path.GetFileName(file) is "estimates.json" or "sample.json" or "benchmark.json"
        && File.Exists(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file))!, "estimates.json"));

    /// <summary>Every benchmark under <paramref name="directory"/> (<c>target/criterion</c>, a group, or one benchmark's folder).</summary>
    public static MicroImport ReadDirectory(string directory)
    {
        var root = Path.GetFullPath(directory);
        var estimates = Directory.EnumerateFiles(root, "estimates.json", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == "new")
            .Order(StringComparer.Ordinal)
            .ToList();
        if (estimates.Count == 0)
        {
            throw new MicroFormatException($"{directory}: no Criterion results in it (no <benchmark>/new/estimates.json)");
        }
        var benchmarks = estimates.Select(f => ReadBenchmark(f, root)).ToList();
        return new MicroImport(Name, MicroIdentity.Unique(directory, benchmarks));
    }

    /// <summary>One benchmark from its <c>estimates.json</c> (or a sibling file), with the sample and id beside it.</summary>
    public static MicroImport ReadFile(string file)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var estimates = Path.Combine(folder, "estimates.json");
        return new MicroImport(Name, [ReadBenchmark(estimates, Path.GetDirectoryName(folder)!)]);
    }

    private static MicroBenchmark ReadBenchmark(string estimatesFile, string root)
    {
        var folder = Path.GetDirectoryName(estimatesFile)!;
        using var estimatesDoc = Load(estimatesFile);
        var estimates = new JsonSpot(estimatesDoc.RootElement, estimatesFile, "$");
        var slope = estimates.Optional("slope");
        var (statistic, typical) = slope is { } s ? ("slope", s) : ("mean", estimates.Required("mean"));
        var value = typical.Number("point_estimate");
        var samples = ReadSamples(Path.Combine(folder, "sample.json"));
        var time = new MicroMetric("time_per_op", "ns", value, samples) { Statistic = statistic, Bound = Interval(typical) };
        return new MicroBenchmark(ReadName(folder, root), [], "", [time]);
    }

    /// <summary>A point estimate's confidence interval, with its level (Criterion's default is 0.95).</summary>
    public static MicroBound? Interval(JsonSpot estimate)
    {
        if (estimate.Optional("confidence_interval") is not { } ci)
        {
            return null;
        }
        var level = ci.OptionalNumber("confidence_level") ?? 0.95;
        return new MicroBound(ci.Number("lower_bound"), ci.Number("upper_bound"), MicroBound.ConfidenceMeaning(level));
    }

    /// <summary>Each sample's time per iteration: its total time over its iteration count, in ns.</summary>
    private static double[] ReadSamples(string file)
    {
        if (!File.Exists(file))
        {
            return [];
        }
        using var doc = Load(file);
        var sample = new JsonSpot(doc.RootElement, file, "$");
        var iters = sample.Required("iters").Items().Select(v => v.Number()).ToArray();
        var times = sample.Required("times").Items().Select(v => v.Number()).ToArray();
        if (iters.Length != times.Length)
        {
            throw sample.Fail($"{iters.Length} iteration counts but {times.Length} times");
        }
        return times.Zip(iters, (t, n) => t / n).ToArray();
    }

    /// <summary>The full id from <c>benchmark.json</c>, else the folder's path under the results folder.</summary>
    private static string ReadName(string newFolder, string root)
    {
        var file = Path.Combine(newFolder, "benchmark.json");
        if (File.Exists(file))
        {
            using var doc = Load(file);
            var id = new JsonSpot(doc.RootElement, file, "$");
            if (id.OptionalString("full_id") is { } fullId)
            {
                return fullId;
            }
            var parts = new[] { id.OptionalString("group_id"), id.OptionalString("function_id"), id.OptionalString("value_str") };
            return string.Join("/", parts.Where(p => p is not null));
        }
        var benchmarkFolder = Path.GetDirectoryName(newFolder)!;
        var relative = Path.GetRelativePath(root, benchmarkFolder);
        return relative == "." ? Path.GetFileName(benchmarkFolder) : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static JsonDocument Load(string file) => JsonSpot.Parse(file, MicroFormats.ReadText(file));
}
