namespace Redline.Results.History;

/// <summary>
/// The fourth schema: each scenario's events (<c>run_events</c>: stage changes, target exits,
/// stops, notes, faults, in time order), whose fault a saturated generator was
/// (<c>scenarios.generator_cause</c>), and whether a second's generator CPU was read afresh
/// (<c>intervals.generator_cpu_measured</c>). Runs stored before it have no events and no cause.
/// </summary>
internal static class SchemaV4
{
    public const string Sql = """
        CREATE TABLE run_events (
            run_id TEXT NOT NULL,
            scenario TEXT NOT NULL,
            ordinal BIGINT NOT NULL,
            at_ms DOUBLE PRECISION NOT NULL,
            kind TEXT NOT NULL,
            text TEXT NOT NULL,
            component TEXT,
            data TEXT NOT NULL,
            PRIMARY KEY (run_id, scenario, ordinal)
        );

        ALTER TABLE scenarios ADD COLUMN generator_cause TEXT;
        ALTER TABLE intervals ADD COLUMN generator_cpu_measured BIGINT;
        """;
}
