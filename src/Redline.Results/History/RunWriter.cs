using System.Data.Common;
using Redline.Engine;
using Redline.Results.Judgement;

namespace Redline.Results.History;

/// <summary>Writes one <see cref="RunResult"/> into the run tables, inside the caller's transaction.</summary>
internal static class RunWriter
{
    /// <summary>The tables holding a run's rows, all keyed by <c>run_id</c> (runs by <c>id</c>).</summary>
    public static readonly string[] RunTables = ["run_labels", "scenarios", "summaries", "criteria", "intervals", "resources", .. ResourceInsert.Tables, .. JudgementRows.Tables, EventRows.Table, .. StepRows.Tables, RepeatRows.Table, MicroRows.Table];

    private static readonly string[] RunColumns =
        ["id", "suite", "started_at", "ended_at", "verdict", "git_commit", "git_branch", "git_dirty", "fingerprint", "machine_name", "os", "architecture", "cpu_model", "cores", "memory_bytes", "runtime", "gc_mode", "stored_at"];

    private static readonly string[] ScenarioColumns =
        ["run_id", "name", "ordinal", "model", "description", "started_at", "duration_ms", "verdict", "stop_reason", "notes", "generator_cpu_percent", "generator_peak_cpu_percent", "generator_lag_p99_ms", "generator_lag_max_ms", "generator_saturated", "generator_reasons", "generator_cause", "has_target", "target_cpu_mean", "target_cpu_peak", "target_cpu_usage", "target_memory_peak_bytes", "target_memory_mean_bytes", "target_note"];

    private static readonly string[] SummaryColumns =
    [
        "run_id", "scenario", "component", "scenario_ordinal", "component_ordinal", "requests", "errors", "error_rate", "throughput_rps", "late", "dropped", "interrupted", "max_start_lag_ms",
        .. StatsColumns.Names("lat_"), .. StatsColumns.Names("svc_"),
        "connect", "time_to_first_byte", "errors_by_type", "status_codes", "error_samples",
    ];

    private static readonly string[] CriterionColumns = ["run_id", "scenario", "ordinal", "name", "expression", "actual", "unit", "passed", "note"];

    private static readonly string[] ResourceColumns = ["run_id", "scenario", "ordinal", "elapsed_ms", "cpu_percent", "rss_bytes", "alive"];

    public static async Task WriteAsync(DbConnection connection, DbTransaction transaction, RunResult run, IReadOnlyDictionary<string, string>? labels, RunJudgement? judgement, DateTimeOffset storedAt, CancellationToken cancellationToken)
    {
        await DeleteAsync(connection, transaction, run.RunId, cancellationToken).ConfigureAwait(false);
        var environment = run.Environment;
        await using (var insert = new Insert(connection, transaction, "runs", RunColumns))
        {
            await insert.Set("id", run.RunId).Set("suite", run.Suite).Set("started_at", Db.Millis(run.StartedAt)).Set("ended_at", Db.Millis(run.EndedAt))
                .Set("verdict", ResultsJsonWriter.VerdictName(run.Verdict))
                .Set("git_commit", environment.GitCommit).Set("git_branch", environment.GitBranch).Set("git_dirty", Db.Flag(environment.GitDirty))
                .Set("fingerprint", environment.Fingerprint).Set("machine_name", environment.MachineName).Set("os", environment.Os)
                .Set("architecture", environment.Architecture).Set("cpu_model", environment.CpuModel).Set("cores", (long)environment.Cores)
                .Set("memory_bytes", environment.MemoryBytes).Set("runtime", environment.Runtime).Set("gc_mode", environment.GcMode)
                .Set("stored_at", Db.Millis(storedAt))
                .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var insert = new Insert(connection, transaction, "run_labels", ["run_id", "name", "value"]))
        {
            foreach (var (name, value) in labels ?? new Dictionary<string, string>())
            {
                await insert.Set("run_id", run.RunId).Set("name", name).Set("value", value).ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (judgement is not null)
        {
            await JudgementRows.WriteAsync(connection, transaction, run.RunId, judgement, cancellationToken).ConfigureAwait(false);
        }

        await MicroRows.WriteAsync(connection, transaction, run, cancellationToken).ConfigureAwait(false);

        await using var scenarios = new Insert(connection, transaction, "scenarios", ScenarioColumns);
        await using var summaries = new Insert(connection, transaction, "summaries", SummaryColumns);
        await using var criteria = new Insert(connection, transaction, "criteria", CriterionColumns);
        await using var intervals = new IntervalInsert(connection, transaction);
        await using var resources = new Insert(connection, transaction, "resources", ResourceColumns);
        await using var reports = new ResourceInsert(connection, transaction);
        await using var events = EventRows.Open(connection, transaction);
        await using var steps = new StepRows(connection, transaction);
        await using var repeats = RepeatRows.Open(connection, transaction);
        for (var s = 0; s < run.Scenarios.Count; s++)
        {
            var scenario = run.Scenarios[s];
            await WriteScenarioAsync(scenarios, run.RunId, s, scenario, cancellationToken).ConfigureAwait(false);
            await WriteSummaryAsync(summaries, run.RunId, scenario.Name, s, "", -1, scenario.Totals, [], cancellationToken).ConfigureAwait(false);
            await RepeatRows.WriteAsync(repeats, run.RunId, scenario, cancellationToken).ConfigureAwait(false);
            for (var c = 0; c < scenario.Components.Count; c++)
            {
                var component = scenario.Components[c];
                await WriteSummaryAsync(summaries, run.RunId, scenario.Name, s, component.Name, c, component.Measures, component.ErrorSamples, cancellationToken).ConfigureAwait(false);
            }

            for (var i = 0; i < scenario.Criteria.Count; i++)
            {
                var criterion = scenario.Criteria[i];
                await criteria.Set("run_id", run.RunId).Set("scenario", scenario.Name).Set("ordinal", (long)i).Set("name", criterion.Name)
                    .Set("expression", criterion.Expression).Set("actual", criterion.Actual).Set("unit", criterion.Unit)
                    .Set("passed", Db.Flag(criterion.Passed)).Set("note", criterion.Note)
                    .ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            foreach (var point in scenario.Timeline)
            {
                await intervals.WriteAsync(run.RunId, scenario, point, cancellationToken).ConfigureAwait(false);
            }

            await steps.WriteAsync(run.RunId, scenario, cancellationToken).ConfigureAwait(false);

            var samples = scenario.Target?.Samples ?? [];
            for (var i = 0; i < samples.Count; i++)
            {
                var sample = samples[i];
                await resources.Set("run_id", run.RunId).Set("scenario", scenario.Name).Set("ordinal", (long)i)
                    .Set("elapsed_ms", sample.Elapsed.TotalMilliseconds).Set("cpu_percent", sample.CpuPercent)
                    .Set("rss_bytes", sample.RssBytes).Set("alive", Db.Flag(sample.Alive))
                    .ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }

            if (scenario.Resources is { } report)
            {
                await reports.WriteAsync(run.RunId, scenario.Name, report, cancellationToken).ConfigureAwait(false);
            }

            await EventRows.WriteAsync(events, run.RunId, scenario, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Removes every row of run <paramref name="runId"/>; named baselines and reports that mention it stay.</summary>
    public static async Task DeleteAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        foreach (var table in RunTables)
        {
            await Db.ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE run_id = @id", cancellationToken, ("@id", runId)).ConfigureAwait(false);
        }

        await Db.ExecuteAsync(connection, transaction, "DELETE FROM runs WHERE id = @id", cancellationToken, ("@id", runId)).ConfigureAwait(false);
    }

    private static Task WriteScenarioAsync(Insert insert, string runId, int ordinal, ScenarioResult scenario, CancellationToken cancellationToken)
    {
        var generator = scenario.Generator;
        var target = scenario.Target;
        return insert.Set("run_id", runId).Set("name", scenario.Name).Set("ordinal", (long)ordinal).Set("model", scenario.Model)
            .Set("description", scenario.Description).Set("started_at", Db.Millis(scenario.StartedAt))
            .Set("duration_ms", scenario.Duration.TotalMilliseconds).Set("verdict", ResultsJsonWriter.VerdictName(scenario.Verdict))
            .Set("stop_reason", scenario.StopReason).Set("notes", JsonColumns.Strings(scenario.Notes))
            .Set("generator_cpu_percent", generator.CpuPercent).Set("generator_peak_cpu_percent", generator.PeakCpuPercent)
            .Set("generator_lag_p99_ms", generator.ScheduleLagP99Ms).Set("generator_lag_max_ms", generator.MaxScheduleLagMs)
            .Set("generator_saturated", Db.Flag(generator.Saturated)).Set("generator_reasons", JsonColumns.Strings(generator.Reasons))
            .Set("generator_cause", generator.Cause.ToString().ToLowerInvariant())
            .Set("has_target", Db.Flag(target is not null))
            .Set("target_cpu_mean", target?.CpuPercentMean).Set("target_cpu_peak", target?.CpuPercentPeak).Set("target_cpu_usage", target?.CpuUsagePercent)
            .Set("target_memory_peak_bytes", target?.MemoryPeakBytes).Set("target_memory_mean_bytes", target?.MemoryMeanBytes).Set("target_note", target?.Note)
            .ExecuteAsync(cancellationToken);
    }

    private static Task WriteSummaryAsync(Insert insert, string runId, string scenario, int scenarioOrdinal, string component, int componentOrdinal, Measures measures, IReadOnlyList<string> errorSamples, CancellationToken cancellationToken) =>
        insert.Set("run_id", runId).Set("scenario", scenario).Set("component", component)
            .Set("scenario_ordinal", (long)scenarioOrdinal).Set("component_ordinal", (long)componentOrdinal)
            .Set("requests", measures.Requests).Set("errors", measures.Errors).Set("error_rate", measures.ErrorRatePercent)
            .Set("throughput_rps", measures.ThroughputRps).Set("late", measures.LateIterations).Set("dropped", measures.DroppedIterations)
            .Set("interrupted", measures.InterruptedIterations).Set("max_start_lag_ms", measures.MaxStartLagMs)
            .SetStats("lat_", measures.Latency).SetStats("svc_", measures.ServiceTime)
            .Set("connect", JsonColumns.Stats(measures.Connect)).Set("time_to_first_byte", JsonColumns.Stats(measures.TimeToFirstByte))
            .Set("errors_by_type", JsonColumns.Counts(measures.ErrorsByType)).Set("status_codes", JsonColumns.Counts(measures.StatusCodes))
            .Set("error_samples", JsonColumns.Strings(errorSamples))
            .ExecuteAsync(cancellationToken);
}
