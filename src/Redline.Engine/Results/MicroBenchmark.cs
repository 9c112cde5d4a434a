using System.Globalization;

namespace Redline.Engine;

/// <summary>
/// One micro-benchmark's results, imported from the tool that ran it (BenchmarkDotNet, Google Benchmark, Criterion,
/// pytest-benchmark, <c>go test -bench</c>, JMH). Its identity is its full name, its parameters and its job, so that
/// overloads and parameter sets never collide.
/// </summary>
/// <param name="Name">The full name the tool gives it (<c>Bench.Sort.Quick</c>, <c>BM_Copy/64</c>, <c>test_sum</c>), without parameters.</param>
/// <param name="Parameters">Its parameters by name, in the tool's order (<c>N=10</c>); empty when it has none.</param>
/// <param name="Job">The job, runtime or configuration it ran under (<c>ShortRun</c>, <c>threads:4</c>, <c>-8</c>); empty when the tool gives none.</param>
/// <param name="Metrics">What was measured: time per operation, allocations, operations per second, the tool's own counters.</param>
public sealed record MicroBenchmark(string Name, IReadOnlyList<KeyValuePair<string, string>> Parameters, string Job, IReadOnlyList<MicroMetric> Metrics)
{
    /// <summary>The identity in one string: <c>Name(a=1, b=x) [job]</c>.</summary>
    public string Id =>
        Name
        + (Parameters.Count == 0 ? "" : "(" + string.Join(", ", Parameters.Select(p => $"{p.Key}={p.Value}")) + ")")
        + (Job.Length == 0 ? "" : $" [{Job}]");

    /// <summary>The metric named <paramref name="name"/>, or null.</summary>
    public MicroMetric? Metric(string name) => Metrics.FirstOrDefault(m => m.Name == name);
}

/// <summary>One measured quantity of a micro-benchmark, in a normalised unit.</summary>
/// <param name="Name">
/// What it is: <c>time_per_op</c> (ns), <c>cpu_time_per_op</c> (ns, CPU time, never called cycles),
/// <c>allocated_per_op</c> (bytes), <c>gen0_per_op</c>, <c>gen1_per_op</c>, <c>gen2_per_op</c> (collections per
/// operation), <c>allocations_per_op</c> (count), <c>ops_per_s</c>, or a tool's own counter by its name.
/// </param>
/// <param name="Unit">Its unit: <c>ns</c>, <c>B</c>, <c>count</c>, <c>ops/s</c>, or the tool's unit for its own counters.</param>
/// <param name="Value">The central value the tool reports (its mean, unless <see cref="Statistic"/> says otherwise).</param>
/// <param name="Samples">The raw samples behind it, in <paramref name="Unit"/>, when the format keeps them; empty otherwise.</param>
public sealed record MicroMetric(string Name, string Unit, double Value, IReadOnlyList<double> Samples)
{
    /// <summary>Which statistic <see cref="Value"/> is: <c>mean</c>, <c>median</c>, <c>score</c>, <c>point_estimate</c>.</summary>
    public string Statistic { get; init; } = "mean";

    /// <summary>A spread or interval the tool gave, with what it means; null when it gave none.</summary>
    public MicroBound? Bound { get; init; }

    /// <summary>Whether a higher value is worse (times, allocations) rather than better (operations per second).</summary>
    public bool HigherIsWorse { get; init; } = true;
}

/// <summary>
/// A spread or interval as the tool meant it: tools write "±" for different things (a standard deviation, a 99.9%
/// confidence interval, max minus min), and an importer that drops the meaning misleads.
/// </summary>
/// <param name="Lower">The lower end, in the metric's unit.</param>
/// <param name="Upper">The upper end, in the metric's unit.</param>
/// <param name="Meaning">
/// What the ends are: <c>sd</c> (mean ± one standard deviation), <c>se</c> (± one standard error), <c>ci95</c>,
/// <c>ci99.9</c> (a confidence interval at that level), <c>iqr</c> (first to third quartile), <c>max-min</c> (value ±
/// the range, as libtest writes it), <c>min-max</c> (the smallest and largest sample).
/// </param>
public sealed record MicroBound(double Lower, double Upper, string Meaning)
{
    /// <summary>A confidence interval's meaning for a level given as a fraction (0.95) or percent (99.9).</summary>
    public static string ConfidenceMeaning(double level)
    {
        var percent = level <= 1 ? level * 100 : level;
        return "ci" + Math.Round(percent, 3).ToString(CultureInfo.InvariantCulture);
    }
}
