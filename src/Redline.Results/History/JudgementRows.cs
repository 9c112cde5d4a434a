using System.Data.Common;
using Redline.Results.Analysis;
using Redline.Results.Judgement;

namespace Redline.Results.History;

/// <summary>Writes and reads a run's <see cref="RunJudgement"/>: its thresholds and goals (schema v3).</summary>
internal static class JudgementRows
{
    /// <summary>The tables holding a run's judgement, keyed by <c>run_id</c>.</summary>
    public static readonly string[] Tables = ["run_thresholds", "run_goals"];

    private static readonly string[] ThresholdColumns =
        ["run_id", "level", "alpha", "response_time_increase", "throughput_decrease", "error_rate_increase", "cpu_increase", "memory_increase", "memory_leak_mb_per_hour", "minor_degradation", "action"];

    private static readonly string[] GoalColumns = ["run_id", "ordinal", "component", "goal", "p50_ms", "p95_ms", "p99_ms", "max_ms", "throughput_rps"];

    public static async Task WriteAsync(DbConnection connection, DbTransaction transaction, string runId, RunJudgement judgement, CancellationToken cancellationToken)
    {
        var thresholds = judgement.Thresholds;
        await using (var insert = new Insert(connection, transaction, "run_thresholds", ThresholdColumns))
        {
            foreach (var (severity, level) in thresholds.Levels)
            {
                await insert.Set("run_id", runId).Set("level", severity.ToSeedName()).Set("alpha", thresholds.Alpha)
                    .Set("response_time_increase", level.ResponseTimeIncreasePercent).Set("throughput_decrease", level.ThroughputDecreasePercent)
                    .Set("error_rate_increase", level.ErrorRateIncreasePercent).Set("cpu_increase", level.CpuIncreasePercent)
                    .Set("memory_increase", level.MemoryIncreasePercent).Set("memory_leak_mb_per_hour", level.MemoryLeakMbPerHour)
                    .Set("minor_degradation", Db.Flag(level.MinorDegradation)).Set("action", level.Action.ToSeedName())
                    .ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await using var goals = new Insert(connection, transaction, "run_goals", GoalColumns);
        for (var i = 0; i < judgement.Goals.Count; i++)
        {
            var component = judgement.Goals[i];
            foreach (var (name, table) in new[] { ("baseline", component.Baseline), ("target", component.Target) })
            {
                if (table is null)
                {
                    continue;
                }

                await goals.Set("run_id", runId).Set("ordinal", (long)i).Set("component", component.Component).Set("goal", name)
                    .Set("p50_ms", table.P50Ms).Set("p95_ms", table.P95Ms).Set("p99_ms", table.P99Ms).Set("max_ms", table.MaxMs)
                    .Set("throughput_rps", table.ThroughputRps)
                    .ExecuteAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The run's judgement; null for a run stored without one (before schema v3, or saved without it).</summary>
    public static async Task<RunJudgement?> ReadAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        var levels = new Dictionary<string, LevelThresholds>(StringComparer.Ordinal);
        var alpha = RegressionThresholds.Default.Alpha;
        await using (var command = Db.Command(connection, transaction, $"SELECT {string.Join(", ", ThresholdColumns.Skip(1))} FROM run_thresholds WHERE run_id = @id").With("@id", runId))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                alpha = reader.Double(1);
                levels[reader.Text(0)] = new LevelThresholds
                {
                    ResponseTimeIncreasePercent = reader.DoubleOrNull(2),
                    ThroughputDecreasePercent = reader.DoubleOrNull(3),
                    ErrorRateIncreasePercent = reader.DoubleOrNull(4),
                    CpuIncreasePercent = reader.DoubleOrNull(5),
                    MemoryIncreasePercent = reader.DoubleOrNull(6),
                    MemoryLeakMbPerHour = reader.DoubleOrNull(7),
                    MinorDegradation = reader.Bool(8),
                    Action = RegressionNames.ParseAction(reader.Text(9)) ?? RegressionAction.None,
                };
            }
        }

        if (levels.Count == 0)
        {
            return null;
        }

        var defaults = RegressionThresholds.Default;
        var thresholds = new RegressionThresholds
        {
            Critical = levels.GetValueOrDefault("critical") ?? defaults.Critical,
            Warning = levels.GetValueOrDefault("warning") ?? defaults.Warning,
            Notice = levels.GetValueOrDefault("notice") ?? defaults.Notice,
            Alpha = alpha,
        };
        return new RunJudgement(thresholds, await ReadGoalsAsync(connection, transaction, runId, cancellationToken).ConfigureAwait(false));
    }

    private static async Task<IReadOnlyList<ComponentGoals>> ReadGoalsAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        var goals = new List<ComponentGoals>();
        await using var command = Db.Command(connection, transaction, $"SELECT {string.Join(", ", GoalColumns.Skip(1))} FROM run_goals WHERE run_id = @id ORDER BY ordinal, goal").With("@id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long? ordinal = null;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var table = new GoalTable(reader.DoubleOrNull(3), reader.DoubleOrNull(4), reader.DoubleOrNull(5), reader.DoubleOrNull(6), reader.DoubleOrNull(7));
            var baseline = reader.Text(2) == "baseline";
            if (ordinal != reader.Long(0))
            {
                ordinal = reader.Long(0);
                goals.Add(new ComponentGoals(reader.Text(1), null, null));
            }

            goals[^1] = baseline ? goals[^1] with { Baseline = table } : goals[^1] with { Target = table };
        }

        return goals;
    }
}
