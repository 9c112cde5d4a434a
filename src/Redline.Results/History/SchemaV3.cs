namespace Redline.Results.History;

/// <summary>
/// The third schema: what each run was judged with, so that <c>compare</c> and <c>report</c> give the
/// verdict <c>run</c> gave. <c>run_thresholds</c> holds one row per level (critical, warning, notice)
/// of the run's <c>regression_thresholds</c>, a NULL threshold where the level has none, and the
/// run's α on each row; <c>run_goals</c> one row per component and table (<c>baseline</c> or
/// <c>target</c>). A run stored before this version has no rows and is judged with the defaults.
/// </summary>
internal static class SchemaV3
{
    public const string Sql = """
        CREATE TABLE run_thresholds (
            run_id TEXT NOT NULL,
            level TEXT NOT NULL,
            alpha DOUBLE PRECISION NOT NULL,
            response_time_increase DOUBLE PRECISION,
            throughput_decrease DOUBLE PRECISION,
            error_rate_increase DOUBLE PRECISION,
            cpu_increase DOUBLE PRECISION,
            memory_increase DOUBLE PRECISION,
            memory_leak_mb_per_hour DOUBLE PRECISION,
            minor_degradation BIGINT NOT NULL,
            action TEXT NOT NULL,
            PRIMARY KEY (run_id, level)
        );

        CREATE TABLE run_goals (
            run_id TEXT NOT NULL,
            ordinal BIGINT NOT NULL,
            component TEXT NOT NULL,
            goal TEXT NOT NULL,
            p50_ms DOUBLE PRECISION,
            p95_ms DOUBLE PRECISION,
            p99_ms DOUBLE PRECISION,
            max_ms DOUBLE PRECISION,
            throughput_rps DOUBLE PRECISION,
            PRIMARY KEY (run_id, ordinal, goal)
        );
        """;
}
