namespace Redline.Results.History;

/// <summary>
/// The fifth schema: each step of a multi-step component (a flow), with its figures over the scenario
/// (<c>step_summaries</c>) and per second (<c>step_intervals</c>), so that a stored run compares step by step.
/// Runs stored before it have no steps.
/// </summary>
internal static class SchemaV5
{
    public const string Sql = """
        CREATE TABLE step_summaries (
            run_id TEXT NOT NULL,
            scenario TEXT NOT NULL,
            component TEXT NOT NULL,
            step TEXT NOT NULL,
            ordinal BIGINT NOT NULL,
            requests BIGINT NOT NULL,
            errors BIGINT NOT NULL,
            skipped BIGINT NOT NULL,
            throughput_rps DOUBLE PRECISION,
            lat_count BIGINT NOT NULL, lat_min DOUBLE PRECISION, lat_mean DOUBLE PRECISION, lat_stdev DOUBLE PRECISION,
            lat_p50 DOUBLE PRECISION, lat_p75 DOUBLE PRECISION, lat_p90 DOUBLE PRECISION, lat_p95 DOUBLE PRECISION,
            lat_p99 DOUBLE PRECISION, lat_p999 DOUBLE PRECISION, lat_max DOUBLE PRECISION,
            svc_count BIGINT NOT NULL, svc_min DOUBLE PRECISION, svc_mean DOUBLE PRECISION, svc_stdev DOUBLE PRECISION,
            svc_p50 DOUBLE PRECISION, svc_p75 DOUBLE PRECISION, svc_p90 DOUBLE PRECISION, svc_p95 DOUBLE PRECISION,
            svc_p99 DOUBLE PRECISION, svc_p999 DOUBLE PRECISION, svc_max DOUBLE PRECISION,
            connect TEXT NOT NULL,
            time_to_first_byte TEXT NOT NULL,
            errors_by_type TEXT NOT NULL,
            status_codes TEXT NOT NULL,
            error_samples TEXT NOT NULL,
            PRIMARY KEY (run_id, scenario, component, step)
        );

        CREATE TABLE step_intervals (
            run_id TEXT NOT NULL,
            scenario TEXT NOT NULL,
            component TEXT NOT NULL,
            step TEXT NOT NULL,
            second BIGINT NOT NULL,
            ordinal BIGINT NOT NULL,
            requests BIGINT NOT NULL,
            errors BIGINT NOT NULL,
            skipped BIGINT NOT NULL,
            errors_by_type TEXT NOT NULL,
            status_codes TEXT NOT NULL,
            lat_count BIGINT NOT NULL, lat_min DOUBLE PRECISION, lat_mean DOUBLE PRECISION, lat_stdev DOUBLE PRECISION,
            lat_p50 DOUBLE PRECISION, lat_p75 DOUBLE PRECISION, lat_p90 DOUBLE PRECISION, lat_p95 DOUBLE PRECISION,
            lat_p99 DOUBLE PRECISION, lat_p999 DOUBLE PRECISION, lat_max DOUBLE PRECISION,
            svc_count BIGINT NOT NULL, svc_min DOUBLE PRECISION, svc_mean DOUBLE PRECISION, svc_stdev DOUBLE PRECISION,
            svc_p50 DOUBLE PRECISION, svc_p75 DOUBLE PRECISION, svc_p90 DOUBLE PRECISION, svc_p95 DOUBLE PRECISION,
            svc_p99 DOUBLE PRECISION, svc_p999 DOUBLE PRECISION, svc_max DOUBLE PRECISION,
            latency_histogram {blob} NOT NULL,
            service_histogram {blob} NOT NULL,
            PRIMARY KEY (run_id, scenario, component, step, second)
        );
        """;
}
