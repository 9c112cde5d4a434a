using System.Data.Common;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>A <see cref="LatencyStats"/> as eleven columns sharing a prefix (<c>lat_p95</c>, <c>svc_max</c>...).</summary>
internal static class StatsColumns
{
    public static readonly string[] Suffixes = ["count", "min", "mean", "stdev", "p50", "p75", "p90", "p95", "p99", "p999", "max"];

    public static IEnumerable<string> Names(string prefix) => Suffixes.Select(s => prefix + s);

    public static object[] Values(LatencyStats stats) =>
        [stats.Count, stats.Min, stats.Mean, stats.Stdev, stats.P50, stats.P75, stats.P90, stats.P95, stats.P99, stats.P999, stats.Max];

    /// <summary>Reads the eleven columns starting at <paramref name="ordinal"/>.</summary>
    public static LatencyStats Read(DbDataReader reader, int ordinal) => new(
        reader.Long(ordinal),
        reader.Double(ordinal + 1),
        reader.Double(ordinal + 2),
        reader.Double(ordinal + 3),
        reader.Double(ordinal + 4),
        reader.Double(ordinal + 5),
        reader.Double(ordinal + 6),
        reader.Double(ordinal + 7),
        reader.Double(ordinal + 8),
        reader.Double(ordinal + 9),
        reader.Double(ordinal + 10));
}
