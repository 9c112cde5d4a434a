using System.Globalization;
using Redline.Engine;

namespace Redline.Results.Reports;

/// <summary>How a resource figure reads: the unit it is shown in.</summary>
public enum ResourceKind
{
    /// <summary>A percentage.</summary>
    Percent,
    /// <summary>A size in bytes.</summary>
    Bytes,
    /// <summary>Bytes per second.</summary>
    BytesPerSecond,
    /// <summary>A count or a rate of events.</summary>
    Count,
}

/// <summary>One row of the resources table: a series, its label and how it reads.</summary>
/// <param name="Series">The series' name in <see cref="ResourceReport"/>.</param>
/// <param name="Label">What the reader sees.</param>
/// <param name="Kind">How its values are shown.</param>
public sealed record ResourceRow(string Series, string Label, ResourceKind Kind);

/// <summary>The resource figures the console and the reports show beside the latencies, and the lines under them.</summary>
public static class ResourceHighlights
{
    /// <summary>The rows, in the order shown; a row whose series was not read is left out.</summary>
    public static IReadOnlyList<ResourceRow> Rows { get; } =
    [
        new("target.cpu_percent", "target CPU (100% = one core)", ResourceKind.Percent),
        new("target.rss_bytes", "target memory (RSS)", ResourceKind.Bytes),
        new("target.threads", "target threads", ResourceKind.Count),
        new("target.open_fds", "target open files", ResourceKind.Count),
        new("target.io_write_chars_per_s", "target writes", ResourceKind.BytesPerSecond),
        new("target.runtime.gc_heap_bytes", "GC heap", ResourceKind.Bytes),
        new("target.runtime.allocated_bytes_per_s", "allocation rate", ResourceKind.BytesPerSecond),
        new("target.runtime.gen0_collections", "GCs per second (all generations)", ResourceKind.Count),
        new("target.runtime.gen2_collections", "gen 2 GCs per second", ResourceKind.Count),
        new("target.runtime.time_in_gc_percent", "time in GC", ResourceKind.Percent),
        new("target.runtime.thread_pool_threads", "thread-pool threads", ResourceKind.Count),
        new("target.runtime.thread_pool_queue", "thread-pool queue", ResourceKind.Count),
        new("target.runtime.lock_contentions_per_s", "lock contentions /s", ResourceKind.Count),
        new("target.runtime.exceptions_per_s", "exceptions /s", ResourceKind.Count),
        new("system.cpu_user_percent", "machine CPU user (all cores)", ResourceKind.Percent),
        new("system.cpu_system_percent", "machine CPU system", ResourceKind.Percent),
        new("system.cpu_steal_percent", "machine CPU steal", ResourceKind.Percent),
        new("system.memory_available_bytes", "machine memory available", ResourceKind.Bytes),
        new("system.tcp.retransmits_per_s", "TCP retransmits /s", ResourceKind.Count),
        new("generator.runtime.gc_heap_bytes", "generator GC heap", ResourceKind.Bytes),
    ];

    /// <summary>The rows whose series were read, each with its summary.</summary>
    public static IEnumerable<(ResourceRow Row, SeriesSummary Summary)> Present(ResourceReport resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        foreach (var row in Rows)
        {
            if (resources.Summary(row.Series) is { } summary)
            {
                yield return (row, summary);
            }
        }
    }

    /// <summary>A value as its kind reads, e.g. 12.5%, 118.0 MB, 3.1 MB/s or 4.</summary>
    public static string Show(double value, ResourceKind kind) => kind switch
    {
        ResourceKind.Percent => value.ToString("0.#", CultureInfo.InvariantCulture) + "%",
        ResourceKind.Bytes => Bytes(value),
        ResourceKind.BytesPerSecond => Bytes(value) + "/s",
        _ => value.ToString("0.#", CultureInfo.InvariantCulture),
    };

    /// <summary>A criterion's measured value in its unit: sizes and growth with binary units, counts bare.</summary>
    public static string ShowCriterion(double value, string unit) => unit switch
    {
        "bytes" => Bytes(value),
        "bytes/h" => Bytes(value) + "/h",
        "count" => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.##", CultureInfo.InvariantCulture) + " " + unit,
    };

    /// <summary>A size with a binary unit: 512 B, 3.5 KB, 118.0 MB, 2.25 GB.</summary>
    public static string Bytes(double bytes)
    {
        var magnitude = Math.Abs(bytes);
        var sign = bytes < 0 ? "-" : "";
        return magnitude switch
        {
            < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes:0} B"),
            < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{sign}{magnitude / 1024:0.0} KB"),
            < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{sign}{magnitude / (1024 * 1024):0.0} MB"),
            _ => string.Create(CultureInfo.InvariantCulture, $"{sign}{magnitude / (1024.0 * 1024 * 1024):0.00} GB"),
        };
    }

    /// <summary>GC pauses, the heap's trend, queue depth and recovery, and what could not be read, in words.</summary>
    public static IEnumerable<string> Lines(ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Resources is not { } resources)
        {
            yield break;
        }

        if (!resources.Supported)
        {
            yield return resources.Status == "partial"
                ? "process and machine figures: unsupported on this platform (they are read from Linux's /proc)"
                : "resources: unsupported on this platform (they are read from Linux's /proc)";
        }

        if (resources.TargetGcPauses is { } pauses)
        {
            yield return pauses.Count == 0
                ? "GC pauses: none in the scenario"
                : string.Create(CultureInfo.InvariantCulture, $"GC pauses: {pauses.Count}, p50 {pauses.P50Ms:0.##} ms, p99 {pauses.P99Ms:0.##} ms, max {pauses.MaxMs:0.##} ms, {pauses.TotalMs:0.#} ms in all");
        }

        if (resources.HeapGrowthBytesPerHour is { } growth)
        {
            yield return $"GC heap trend: {(growth < 0 ? "" : "+")}{Bytes(growth)}/h";
        }

        if (resources.TargetExitedAtSeconds is { } exited)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"the target process was gone at {exited:0} s; its figures stop there");
        }

        if (scenario.Business is { } business)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"in flight: mean {business.QueueDepth.Mean:0.#}, max {business.QueueDepth.Max:0}") +
                (business.ErrorBursts.Count == 0 ? "; no error bursts" : business.Unrecovered
                    ? $"; {business.ErrorBursts.Count} error burst(s), the last not recovered by the end"
                    : string.Create(CultureInfo.InvariantCulture, $"; {business.ErrorBursts.Count} error burst(s), slowest recovery {business.RecoveryTimeSeconds:0} s"));
        }

        foreach (var (family, reason) in resources.Unavailable)
        {
            yield return $"not measured: {family}: {reason}";
        }
    }
}
