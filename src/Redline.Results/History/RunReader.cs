using System.Data.Common;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>Rebuilds a stored run as the <see cref="RunResult"/> the engine produced.</summary>
internal static class RunReader
{
    private const string ScenarioSelect =
        "SELECT name, model, description, started_at, duration_ms, verdict, stop_reason, notes, generator_cpu_percent, generator_peak_cpu_percent, generator_lag_p99_ms, generator_lag_max_ms, generator_saturated, generator_reasons, has_target, target_cpu_mean, target_cpu_peak, target_cpu_usage, target_memory_peak_bytes, target_memory_mean_bytes, target_note, generator_cause FROM scenarios WHERE run_id = @id ORDER BY ordinal";

    public static async Task<StoredRun?> LoadAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        var (runs, rows) = await RunInfoReader.ReadAsync(connection, transaction, "WHERE r.id = @id", c => c.With("@id", runId), cancellationToken).ConfigureAwait(false);
        if (runs.Count == 0)
        {
            return null;
        }

        var info = runs[0];
        var summaries = rows.TryGetValue(runId, out var r) ? r : [];
        var criteria = await ReadCriteriaAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);
        var resources = await ReadResourcesAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);
        var reports = await ResourceReader.ReadAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);
        var events = await EventRows.ReadAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);
        var timelines = await TimelineReader.ReadAsync(connection, transaction, runId, summaries, cancellationToken).ConfigureAwait(false);
        var steps = await StepRows.ReadSummariesAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);
        var repeats = await RepeatRows.ReadAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);

        var scenarios = new List<ScenarioResult>();
        await using (var command = Db.Command(connection, transaction, ScenarioSelect).With("@id", runId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var name = reader.Text(0);
                var totals = summaries.FirstOrDefault(s => s.Summary.Scenario == name && s.Summary.Component is null)?.Summary.Measures ?? Empty;
                var components = summaries.Where(s => s.Summary.Scenario == name && s.Summary.Component is not null)
                    .Select(s => new ComponentResult(s.Summary.Component!, s.Summary.Measures, s.ErrorSamples)
                    {
                        Steps = steps.GetValueOrDefault((name, s.Summary.Component!)) ?? [],
                    }).ToList();
                var generator = new GeneratorReport(reader.Double(8), reader.Double(9), reader.Double(10), reader.Double(11), reader.Bool(12), JsonColumns.ReadStrings(reader.Text(13)))
                {
                    Cause = Enum.TryParse<SaturationCause>(reader.TextOrNull(21), ignoreCase: true, out var cause) ? cause : SaturationCause.None,
                };
                var target = reader.Bool(14)
                    ? new TargetReport(reader.Double(15), reader.Double(16), reader.Double(17), reader.LongOrNull(18) ?? 0, reader.LongOrNull(19) ?? 0, resources.GetValueOrDefault(name) ?? [], reader.TextOrNull(20))
                    : null;
                var timeline = timelines.GetValueOrDefault(name) ?? [];
                var report = reports.GetValueOrDefault(name);

                // Business metrics derive from what is stored, so they are recomputed, not kept; once a
                // run's intervals are pruned there is no timeline to find bursts and queue depth in.
                var business = info.IntervalsPrunedAt is null ? BusinessReport.From(totals, timeline, report) : null;
                scenarios.Add(new ScenarioResult(
                    name,
                    reader.Text(1),
                    reader.TextOrNull(2),
                    Db.Time(reader.Long(3)),
                    Millis(reader.Double(4)),
                    RunInfoReader.ParseVerdict(reader.Text(5)),
                    reader.TextOrNull(6),
                    totals,
                    components,
                    criteria.GetValueOrDefault(name) ?? [],
                    generator,
                    target,
                    timeline)
                {
                    Notes = JsonColumns.ReadStrings(reader.Text(7)),
                    Resources = report,
                    Business = business,
                    Events = events.GetValueOrDefault(name) ?? [],
                    Repeats = repeats.GetValueOrDefault(name) ?? [],
                });
            }
        }

        var (micro, format) = await MicroRows.ReadAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);
        var result = new RunResult(info.Id, info.Suite, info.StartedAt, info.EndedAt, info.Verdict, scenarios, info.Environment) { Micro = micro, MicroFormat = format };
        var judgement = await JudgementRows.ReadAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false);
        return new StoredRun(info, result) { Judgement = judgement };
    }

    private static Measures Empty { get; } = new(0, 0, 0, LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0);

    private static async Task<Dictionary<string, List<CriterionOutcome>>> ReadCriteriaAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        var byScenario = new Dictionary<string, List<CriterionOutcome>>(StringComparer.Ordinal);
        await using var command = Db.Command(connection, transaction, "SELECT scenario, name, expression, actual, unit, passed, note FROM criteria WHERE run_id = @id ORDER BY scenario, ordinal").With("@id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var scenario = reader.Text(0);
            if (!byScenario.TryGetValue(scenario, out var list))
            {
                byScenario[scenario] = list = [];
            }

            list.Add(new CriterionOutcome(reader.Text(1), reader.Text(2), reader.DoubleOrNull(3), reader.Text(4), reader.Bool(5), reader.TextOrNull(6)));
        }

        return byScenario;
    }

    private static async Task<Dictionary<string, List<ResourceSample>>> ReadResourcesAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        var byScenario = new Dictionary<string, List<ResourceSample>>(StringComparer.Ordinal);
        await using var command = Db.Command(connection, transaction, "SELECT scenario, elapsed_ms, cpu_percent, rss_bytes, alive FROM resources WHERE run_id = @id ORDER BY scenario, ordinal").With("@id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var scenario = reader.Text(0);
            if (!byScenario.TryGetValue(scenario, out var list))
            {
                byScenario[scenario] = list = [];
            }

            list.Add(new ResourceSample(Millis(reader.Double(1)), reader.Double(2), reader.Long(3), reader.Bool(4)));
        }

        return byScenario;
    }

    public static TimeSpan Millis(double milliseconds) => TimeSpan.FromTicks((long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond));
}
