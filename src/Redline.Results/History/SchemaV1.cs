namespace Redline.Results.History;

/// <summary>
/// The first schema, in SQL that SQLite and PostgreSQL both accept (<c>{blob}</c> is BLOB or BYTEA).
/// Times are Unix milliseconds (UTC), flags are 0/1, latency columns are milliseconds. A scenario-wide
/// row has component <c>''</c>.
/// </summary>
internal static class SchemaV1
{
    public const string Sql = """
        CREATE TABLE runs (
            id TEXT NOT NULL PRIMARY KEY,
            suite TEXT NOT NULL,
            started_at BIGINT NOT NULL,
            ended_at BIGINT NOT NULL,
            verdict TEXT NOT NULL,
            git_commit TEXT,
            git_branch TEXT,
            git_dirty BIGINT,
            fingerprint TEXT NOT NULL,
            machine_name TEXT NOT NULL,
            os TEXT NOT NULL,
            architecture TEXT NOT NULL,
            cpu_model TEXT NOT NULL,
            cores BIGINT NOT NULL,
            memory_bytes BIGINT NOT NULL,
            runtime TEXT NOT NULL,
            gc_mode TEXT NOT NULL,
            stored_at BIGINT NOT NULL,
            intervals_pruned_at BIGINT
        );
        CREATE INDEX runs_by_started ON runs (started_at);
        CREATE INDEX runs_by_suite ON runs (suite, started_at);

        CREATE TABLE run_labels (
            run_id TEXT NOT NULL,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            PRIMARY KEY (run_id, name)
        );
        CREATE INDEX run_labels_by_pair ON run_labels (name, value);

        CREATE TABLE scenarios (
            run_id TEXT NOT NULL,
            name TEXT NOT NULL,
            ordinal BIGINT NOT NULL,
            model TEXT NOT NULL,
            description TEXT,
            started_at BIGINT NOT NULL,
            duration_ms DOUBLE PRECISION NOT NULL,
            verdict TEXT NOT NULL,
            stop_reason TEXT,
            notes TEXT NOT NULL,
            generator_cpu_percent DOUBLE PRECISION,
            generator_peak_cpu_percent DOUBLE PRECISION,
            generator_lag_p99_ms DOUBLE PRECISION,
            generator_lag_max_ms DOUBLE PRECISION,
            generator_saturated BIGINT NOT NULL,
            generator_reasons TEXT NOT NULL,
            has_target BIGINT NOT NULL,
            target_cpu_mean DOUBLE PRECISION,
            target_cpu_peak DOUBLE PRECISION,
            target_cpu_usage DOUBLE PRECISION,
            target_memory_peak_bytes BIGINT,
            target_memory_mean_bytes BIGINT,
            target_note TEXT,
            PRIMARY KEY (run_id, name)
        );
        CREATE INDEX scenarios_by_name ON scenarios (name);

        CREATE TABLE summaries (
            run_id TEXT NOT NULL,
            scenario TEXT NOT NULL,
            component TEXT NOT NULL,
            scenario_ordinal BIGINT NOT NULL,
            component_ordinal BIGINT NOT NULL,
            requests BIGINT NOT NULL,
            errors BIGINT NOT NULL,
            error_rate DOUBLE PRECISION NOT NULL,
            throughput_rps DOUBLE PRECISION,
            late BIGINT NOT NULL,
            dropped BIGINT NOT NULL,
            interrupted BIGINT NOT NULL,
            max_start_lag_ms DOUBLE PRECISION,
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
            PRIMARY KEY (run_id, scenario, component)
        );

        CREATE TABLE criteria (
            run_id TEXT NOT NULL,
            scenario TEXT NOT NULL,
            ordinal BIGINT NOT NULL,
            name TEXT NOT NULL,
            expression TEXT NOT NULL,
            actual DOUBLE PRECISION,
            unit TEXT NOT NULL,
            passed BIGINT NOT NULL,
            note TEXT,
            PRIMARY KEY (run_id, scenario, ordinal)
        );

        CREATE TABLE intervals (
            run_id TEXT NOT NULL,
            scenario TEXT NOT NULL,
            component TEXT NOT NULL,
            second BIGINT NOT NULL,
            at BIGINT NOT NULL,
            requests BIGINT NOT NULL,
            errors BIGINT NOT NULL,
            dropped BIGINT NOT NULL,
            late BIGINT NOT NULL,
            interrupted BIGINT NOT NULL,
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
            load DOUBLE PRECISION,
            in_flight BIGINT,
            generator_cpu_percent DOUBLE PRECISION,
            generator_lag_p99_ms DOUBLE PRECISION,
            generator_lag_max_ms DOUBLE PRECISION,
            target_elapsed_ms DOUBLE PRECISION,
            target_cpu_percent DOUBLE PRECISION,
            target_rss_bytes BIGINT,
            target_alive BIGINT,
            PRIMARY KEY (run_id, scenario, component, second)
        );

        CREATE TABLE resources (
            run_id TEXT NOT NULL,
            scenario TEXT NOT NULL,
            ordinal BIGINT NOT NULL,
            elapsed_ms DOUBLE PRECISION NOT NULL,
            cpu_percent DOUBLE PRECISION,
            rss_bytes BIGINT NOT NULL,
            alive BIGINT NOT NULL,
            PRIMARY KEY (run_id, scenario, ordinal)
        );

        CREATE TABLE rollups (
            suite TEXT NOT NULL,
            scenario TEXT NOT NULL,
            component TEXT NOT NULL,
            fingerprint TEXT NOT NULL,
            branch TEXT NOT NULL,
            granularity TEXT NOT NULL,
            bucket_start BIGINT NOT NULL,
            seconds BIGINT NOT NULL,
            requests BIGINT NOT NULL,
            errors BIGINT NOT NULL,
            dropped BIGINT NOT NULL,
            late BIGINT NOT NULL,
            interrupted BIGINT NOT NULL,
            errors_by_type TEXT NOT NULL,
            status_codes TEXT NOT NULL,
            latency_histogram {blob} NOT NULL,
            service_histogram {blob} NOT NULL,
            PRIMARY KEY (suite, scenario, component, fingerprint, branch, granularity, bucket_start)
        );
        CREATE INDEX rollups_by_age ON rollups (granularity, bucket_start);

        CREATE TABLE baselines (
            name TEXT NOT NULL PRIMARY KEY,
            run_id TEXT NOT NULL,
            set_at BIGINT NOT NULL
        );

        CREATE TABLE reports (
            id TEXT NOT NULL PRIMARY KEY,
            suite TEXT NOT NULL,
            scenario TEXT,
            base_run_id TEXT,
            head_run_id TEXT NOT NULL,
            outcome TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            body TEXT NOT NULL
        );
        CREATE INDEX reports_by_head ON reports (head_run_id);
        CREATE INDEX reports_by_base ON reports (base_run_id);
        """;
}
