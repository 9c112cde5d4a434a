namespace Redline.Results.History;

/// <summary>
/// The sixth schema: the repeats of a scenario that ran several times (<c>--repeat</c>), each repeat's totals and
/// components (<c>repeat_summaries</c>), so that a stored run keeps the run-level spread its gate judged.
/// Runs stored before it, and runs without repeats, have none.
/// </summary>
internal static class SchemaV6
{
    public const string Sql = """
        CREATE TABLE repeat_summaries (
            run_id TEXT NOT NULL,
            scenario TEXT NOT NULL,
            repeat_number BIGINT NOT NULL,
            component TEXT NOT NULL,
            ordinal BIGINT NOT NULL,
            started_at BIGINT NOT NULL,
            duration_ms DOUBLE PRECISION NOT NULL,
            verdict TEXT NOT NULL,
            requests BIGINT NOT NULL,
            errors BIGINT NOT NULL,
            throughput_rps DOUBLE PRECISION,
            lat_count BIGINT NOT NULL, lat_min DOUBLE PRECISION, lat_mean DOUBLE PRECISION, lat_stdev DOUBLE PRECISION,
            lat_p50 DOUBLE PRECISION, lat_p75 DOUBLE PRECISION, lat_p90 DOUBLE PRECISION, lat_p95 DOUBLE PRECISION,
            lat_p99 DOUBLE PRECISION, lat_p999 DOUBLE PRECISION, lat_max DOUBLE PRECISION,
            svc_count BIGINT NOT NULL, svc_min DOUBLE PRECISION, svc_mean DOUBLE PRECISION, svc_stdev DOUBLE PRECISION,
            svc_p50 DOUBLE PRECISION, svc_p75 DOUBLE PRECISION, svc_p90 DOUBLE PRECISION, svc_p95 DOUBLE PRECISION,
            svc_p99 DOUBLE PRECISION, svc_p999 DOUBLE PRECISION, svc_max DOUBLE PRECISION,
            errors_by_type TEXT NOT NULL,
            status_codes TEXT NOT NULL,
            PRIMARY KEY (run_id, scenario, repeat_number, component)
        );
        """;
}
