using System.Data.Common;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>Reads a run's resource reports back, by scenario. A series' summary is recomputed from its values, as the engine computed it.</summary>
internal static class ResourceReader
{
    private static readonly string ReportSelect =
        $"SELECT scenario, supported, target_pid, target_exited_at_s, unavailable, sample_seconds, {string.Join(", ", GcPauseColumns.Names("target_gc_"))}, {string.Join(", ", GcPauseColumns.Names("generator_gc_"))}, heap_growth_bytes_per_hour, heap_growth_note, target_runtime_pid FROM resource_reports WHERE run_id = @id";

    private const string SeriesSelect = "SELECT scenario, name, unit, sample_values, value_count, value_min, value_mean, value_p50, value_p95, value_max, value_last FROM resource_series WHERE run_id = @id ORDER BY scenario, ordinal";

    public static async Task<Dictionary<string, ResourceReport>> ReadAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        var series = new Dictionary<string, List<ResourceSeries>>(StringComparer.Ordinal);
        await using (var command = Db.Command(connection, transaction, SeriesSelect).With("@id", runId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var scenario = reader.Text(0);
                if (!series.TryGetValue(scenario, out var list))
                {
                    series[scenario] = list = [];
                }

                var values = JsonColumns.ReadNumbers(reader.Text(3));
                var stored = reader.Long(4) > 0
                    ? new SeriesSummary((int)reader.Long(4), reader.Double(5), reader.Double(6), reader.Double(7), reader.Double(8), reader.Double(9), reader.Double(10))
                    : null;

                // Retention drops the per-second values and keeps the summary, which is then read from its columns.
                list.Add(values.Length > 0
                    ? new ResourceSeries(reader.Text(1), reader.Text(2), values)
                    : new ResourceSeries(reader.Text(1), reader.Text(2), values) { Summary = stored });
            }
        }

        var reports = new Dictionary<string, ResourceReport>(StringComparer.Ordinal);
        await using (var command = Db.Command(connection, transaction, ReportSelect).With("@id", runId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var scenario = reader.Text(0);
                reports[scenario] = new ResourceReport(
                    reader.Bool(1),
                    reader.LongOrNull(2) is { } pid ? (int)pid : null,
                    reader.DoubleOrNull(3),
                    JsonColumns.ReadTexts(reader.Text(4)),
                    [.. JsonColumns.ReadNumbers(reader.Text(5)).Select(s => s ?? double.NaN)],
                    series.GetValueOrDefault(scenario) ?? [],
                    GcPauseColumns.Read(reader, 6),
                    GcPauseColumns.Read(reader, 6 + GcPauseColumns.Suffixes.Length),
                    reader.DoubleOrNull(6 + (2 * GcPauseColumns.Suffixes.Length)))
                {
                    HeapGrowthNote = reader.TextOrNull(7 + (2 * GcPauseColumns.Suffixes.Length)),
                    TargetRuntimePid = reader.LongOrNull(8 + (2 * GcPauseColumns.Suffixes.Length)) is { } runtimePid ? (int)runtimePid : null,
                };
            }
        }

        return reports;
    }
}
