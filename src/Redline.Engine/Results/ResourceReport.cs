namespace Redline.Engine;

/// <summary>Summary statistics of one resource series over a scenario, over the seconds it was read in.</summary>
/// <param name="Count">Seconds with a value.</param>
/// <param name="Min">Smallest value.</param>
/// <param name="Mean">Mean value.</param>
/// <param name="P50">Median of the per-second values.</param>
/// <param name="P95">95th percentile of the per-second values.</param>
/// <param name="Max">Largest value.</param>
/// <param name="Last">The last value read.</param>
public sealed record SeriesSummary(int Count, double Min, double Mean, double P50, double P95, double Max, double Last);

/// <summary>One resource figure read every second of a scenario.</summary>
/// <param name="Name">Its dotted name, e.g. <c>target.cpu_percent</c> (see <see cref="ResourceValues"/>).</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Values">One value per entry of <see cref="ResourceReport.Seconds"/>; null where it could not be read.</param>
public sealed record ResourceSeries(string Name, string Unit, IReadOnlyList<double?> Values)
{
    /// <summary>Statistics over the values read; null when none was. A store that dropped the values keeps them.</summary>
    public SeriesSummary? Summary { get; init; } = Summarise(Values);

    private static SeriesSummary? Summarise(IReadOnlyList<double?> values)
    {
        var read = values.Where(v => v.HasValue).Select(v => v!.Value).ToArray();
        if (read.Length == 0)
        {
            return null;
        }

        var last = read[^1];
        Array.Sort(read);
        return new SeriesSummary(read.Length, read[0], read.Average(), Quantile(read, 0.50), Quantile(read, 0.95), read[^1], last);
    }

    /// <summary>The nearest-rank quantile of sorted values.</summary>
    internal static double Quantile(IReadOnlyList<double> sorted, double q) =>
        sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}

/// <summary>The GC pauses of one .NET runtime over a scenario.</summary>
/// <param name="Count">Pauses seen.</param>
/// <param name="TotalMs">Their sum.</param>
/// <param name="P50Ms">Median pause.</param>
/// <param name="P95Ms">95th percentile.</param>
/// <param name="P99Ms">99th percentile (what <c>gc_pause_p99</c> criteria compare).</param>
/// <param name="MaxMs">Longest pause.</param>
public sealed record GcPauseSummary(int Count, double TotalMs, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    /// <summary>Summarises <paramref name="pauses"/>; a runtime that was read but did not pause has all zeros.</summary>
    public static GcPauseSummary From(IEnumerable<double> pauses)
    {
        var sorted = pauses.Order().ToArray();
        return sorted.Length == 0
            ? new GcPauseSummary(0, 0, 0, 0, 0, 0)
            : new GcPauseSummary(
                sorted.Length,
                Math.Round(sorted.Sum(), 3),
                Math.Round(ResourceSeries.Quantile(sorted, 0.50), 3),
                Math.Round(ResourceSeries.Quantile(sorted, 0.95), 3),
                Math.Round(ResourceSeries.Quantile(sorted, 0.99), 3),
                Math.Round(sorted[^1], 3));
    }
}

/// <summary>The resources of the target, its runtime, the machine and the generator's runtime over one scenario.</summary>
/// <param name="Supported">False on a platform without /proc: the process and system series are then absent and <see cref="Status"/> says "partial" or "unsupported".</param>
/// <param name="TargetPid">The watched target process, when there was one.</param>
/// <param name="TargetExitedAtSeconds">When the target was first seen gone, in seconds from the scenario's start.</param>
/// <param name="Unavailable">What could not be read and why, by metric family.</param>
/// <param name="Seconds">The time of each sample, in seconds from the scenario's start.</param>
/// <param name="Series">Every figure read, one value per sample.</param>
/// <param name="TargetGcPauses">The target runtime's GC pauses, when its runtime was read.</param>
/// <param name="GeneratorGcPauses">The generator's GC pauses.</param>
/// <param name="HeapGrowthBytesPerHour">The trend of the target's managed heap: a robust slope over its sizes after each collection, when its runtime was read for at least 30 s and collected at least 5 times (or never).</param>
public sealed record ResourceReport(
    bool Supported,
    int? TargetPid,
    double? TargetExitedAtSeconds,
    IReadOnlyDictionary<string, string> Unavailable,
    IReadOnlyList<double> Seconds,
    IReadOnlyList<ResourceSeries> Series,
    GcPauseSummary? TargetGcPauses,
    GcPauseSummary? GeneratorGcPauses,
    double? HeapGrowthBytesPerHour)
{
    /// <summary>The process whose .NET runtime was read, when it was: the target itself, or the service behind a wrapper.</summary>
    public int? TargetRuntimePid { get; init; }

    /// <summary>Why <see cref="HeapGrowthBytesPerHour"/> is null although the target's runtime was read.</summary>
    public string? HeapGrowthNote { get; init; }

    /// <summary>
    /// "measured"; "partial" on a platform without /proc where some figures (a .NET target's runtime,
    /// read over its diagnostics port) were read all the same; "unsupported" when nothing was.
    /// </summary>
    public string Status => Supported ? "measured" : Series.Any(s => s.Summary is not null) ? "partial" : "unsupported";

    /// <summary>The series named <paramref name="name"/>, or null.</summary>
    public ResourceSeries? Find(string name) => Series.FirstOrDefault(s => s.Name == name);

    /// <summary>The summary of the series named <paramref name="name"/>, or null when it was not read.</summary>
    public SeriesSummary? Summary(string name) => Find(name)?.Summary;
}
