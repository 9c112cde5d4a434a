namespace Redline.Results.History;

/// <summary>
/// The second schema: a scenario's <see cref="Engine.ResourceReport"/>. <c>resource_reports</c> holds
/// one row per scenario that had a resource monitor; <c>resource_series</c> one row per series, its
/// summary in columns that SQL can compare across runs and its per-sample values as a JSON array (null
/// where a value could not be read) that lines up with the report's <c>sample_seconds</c>. A GC pause
/// summary is six columns under a prefix, all NULL when that runtime was not read. V1's
/// <c>resources</c> table, the target's CPU and memory samples, stays as it was.
/// </summary>
internal static class SchemaV2
{
    public const string Sql = """
        CREATE TABLE resource_reports (
            run_id TEXT NOT NULL,
            scenario TEXT NOT NULL,
            supported BIGINT NOT NULL,
            target_pid BIGINT,
            target_exited_at_s DOUBLE PRECISION,
            target_runtime_pid BIGINT,
            unavailable TEXT NOT NULL,
            sample_seconds TEXT NOT NULL,
            target_gc_count BIGINT, target_gc_total_ms DOUBLE PRECISION, target_gc_p50_ms DOUBLE PRECISION,
            target_gc_p95_ms DOUBLE PRECISION, target_gc_p99_ms DOUBLE PRECISION, target_gc_max_ms DOUBLE PRECISION,
            generator_gc_count BIGINT, generator_gc_total_ms DOUBLE PRECISION, generator_gc_p50_ms DOUBLE PRECISION,
            generator_gc_p95_ms DOUBLE PRECISION, generator_gc_p99_ms DOUBLE PRECISION, generator_gc_max_ms DOUBLE PRECISION,
            heap_growth_bytes_per_hour DOUBLE PRECISION,
            heap_growth_note TEXT,
            PRIMARY KEY (run_id, scenario)
        );

        CREATE TABLE resource_series (
            run_id TEXT NOT NULL,
            scenario TEXT NOT NULL,
            ordinal BIGINT NOT NULL,
            name TEXT NOT NULL,
            unit TEXT NOT NULL,
            value_count BIGINT NOT NULL,
            value_min DOUBLE PRECISION,
            value_mean DOUBLE PRECISION,
            value_p50 DOUBLE PRECISION,
            value_p95 DOUBLE PRECISION,
            value_max DOUBLE PRECISION,
            value_last DOUBLE PRECISION,
            sample_values TEXT NOT NULL,
            PRIMARY KEY (run_id, scenario, ordinal)
        );
        CREATE INDEX resource_series_by_name ON resource_series (name);
        """;
}
