using System.Data.Common;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>A <see cref="GcPauseSummary"/> as six columns sharing a prefix (<c>target_gc_p99_ms</c>...); all NULL when there is none.</summary>
internal static class GcPauseColumns
{
    public static readonly string[] Suffixes = ["count", "total_ms", "p50_ms", "p95_ms", "p99_ms", "max_ms"];

    public static IEnumerable<string> Names(string prefix) => Suffixes.Select(s => prefix + s);

    public static object?[] Values(GcPauseSummary? pauses) => pauses is null
        ? new object?[Suffixes.Length]
        : [(long)pauses.Count, pauses.TotalMs, pauses.P50Ms, pauses.P95Ms, pauses.P99Ms, pauses.MaxMs];

    /// <summary>Reads the six columns starting at <paramref name="ordinal"/>; null when the count is NULL.</summary>
    public static GcPauseSummary? Read(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal)
        ? null
        : new GcPauseSummary(
            (int)reader.Long(ordinal),
            reader.Double(ordinal + 1),
            reader.Double(ordinal + 2),
            reader.Double(ordinal + 3),
            reader.Double(ordinal + 4),
            reader.Double(ordinal + 5));
}
