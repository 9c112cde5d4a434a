namespace Redline.Results.History;

/// <summary>
/// The seventh schema: the micro-benchmarks of a run (<c>redline bench import</c>), one row per benchmark and metric,
/// with the benchmark's identity (name, parameters, job), the tool's format, the value, the bound with its meaning
/// and the raw samples (a JSON array). Load runs have none.
/// </summary>
internal static class SchemaV7
{
    public const string Sql = """
        CREATE TABLE micro_results (
            run_id TEXT NOT NULL,
            benchmark TEXT NOT NULL,
            ordinal BIGINT NOT NULL,
            name TEXT NOT NULL,
            parameters TEXT NOT NULL,
            job TEXT NOT NULL,
            format TEXT NOT NULL,
            metric TEXT NOT NULL,
            metric_ordinal BIGINT NOT NULL,
            unit TEXT NOT NULL,
            value DOUBLE PRECISION,
            statistic TEXT NOT NULL,
            higher_is_worse BIGINT NOT NULL,
            bound_lower DOUBLE PRECISION,
            bound_upper DOUBLE PRECISION,
            bound_meaning TEXT,
            samples TEXT NOT NULL,
            PRIMARY KEY (run_id, benchmark, metric)
        );
        """;
}
