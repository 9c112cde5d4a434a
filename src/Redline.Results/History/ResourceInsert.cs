using System.Data.Common;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>
/// Writes a scenario's <see cref="ResourceReport"/> as one <c>resource_reports</c> row and one
/// <c>resource_series</c> row per series, in the report's order.
/// </summary>
internal sealed class ResourceInsert : IAsyncDisposable
{
    /// <summary>The tables holding a run's resource reports, keyed by <c>run_id</c>.</summary>
    public static readonly string[] Tables = ["resource_reports", "resource_series"];

    public static readonly string[] ReportColumns =
    [
        "run_id", "scenario", "supported", "target_pid", "target_exited_at_s", "unavailable", "sample_seconds",
        .. GcPauseColumns.Names("target_gc_"), .. GcPauseColumns.Names("generator_gc_"),
        "heap_growth_bytes_per_hour",
        "heap_growth_note",
        "target_runtime_pid",
    ];

    public static readonly string[] SeriesColumns =
        ["run_id", "scenario", "ordinal", "name", "unit", "value_count", "value_min", "value_mean", "value_p50", "value_p95", "value_max", "value_last", "sample_values"];

    private readonly Insert _report;
    private readonly Insert _series;

    public ResourceInsert(DbConnection connection, DbTransaction transaction)
    {
        _report = new Insert(connection, transaction, "resource_reports", ReportColumns);
        _series = new Insert(connection, transaction, "resource_series", SeriesColumns);
    }

    public async Task WriteAsync(string runId, string scenario, ResourceReport report, CancellationToken cancellationToken)
    {
        _report.Set("run_id", runId).Set("scenario", scenario).Set("supported", Db.Flag(report.Supported))
            .Set("target_pid", (long?)report.TargetPid).Set("target_exited_at_s", report.TargetExitedAtSeconds)
            .Set("unavailable", JsonColumns.Texts(report.Unavailable))
            .Set("sample_seconds", JsonColumns.Numbers(report.Seconds.Select(s => (double?)s)))
            .Set("heap_growth_bytes_per_hour", report.HeapGrowthBytesPerHour)
            .Set("heap_growth_note", report.HeapGrowthNote)
            .Set("target_runtime_pid", (long?)report.TargetRuntimePid);
        SetPauses("target_gc_", report.TargetGcPauses);
        SetPauses("generator_gc_", report.GeneratorGcPauses);
        await _report.ExecuteAsync(cancellationToken).ConfigureAwait(false);

        for (var i = 0; i < report.Series.Count; i++)
        {
            var series = report.Series[i];
            var summary = series.Summary;
            await _series.Set("run_id", runId).Set("scenario", scenario).Set("ordinal", (long)i).Set("name", series.Name).Set("unit", series.Unit)
                .Set("value_count", (long)(summary?.Count ?? 0)).Set("value_min", summary?.Min).Set("value_mean", summary?.Mean)
                .Set("value_p50", summary?.P50).Set("value_p95", summary?.P95).Set("value_max", summary?.Max).Set("value_last", summary?.Last)
                .Set("sample_values", JsonColumns.Numbers(series.Values))
                .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _report.DisposeAsync().ConfigureAwait(false);
        await _series.DisposeAsync().ConfigureAwait(false);
    }

    private void SetPauses(string prefix, GcPauseSummary? pauses)
    {
        var values = GcPauseColumns.Values(pauses);
        for (var i = 0; i < values.Length; i++)
        {
            _report.Set(prefix + GcPauseColumns.Suffixes[i], values[i]);
        }
    }
}
