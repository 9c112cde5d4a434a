namespace Redline.Results.History;

/// <summary>The width of a rollup bucket.</summary>
public enum RollupGranularity
{
    /// <summary>One wall-clock hour (UTC).</summary>
    Hour,
    /// <summary>One calendar day (UTC).</summary>
    Day,
}

/// <summary>
/// Per-second intervals merged over an hour or a day, per suite, scenario, component, machine and
/// branch. Counts are sums and histograms are merges, so a bucket's percentiles are exactly those
/// of the raw intervals it replaced.
/// </summary>
/// <param name="Suite">The suite.</param>
/// <param name="Scenario">The scenario.</param>
/// <param name="Component">The component, or null for the scenario as a whole.</param>
/// <param name="Fingerprint">The machine fingerprint of the runs merged.</param>
/// <param name="Branch">Their git branch, or null when unknown.</param>
/// <param name="Granularity">Hour or day.</param>
/// <param name="Start">The bucket's start (UTC).</param>
/// <param name="Seconds">How many per-second intervals were merged.</param>
/// <param name="Requests">Completed iterations.</param>
/// <param name="Errors">Failed iterations.</param>
/// <param name="Dropped">Dropped iterations.</param>
/// <param name="Late">Late iterations.</param>
/// <param name="Interrupted">Interrupted iterations.</param>
/// <param name="ErrorsByType">Failures per error class.</param>
/// <param name="StatusCodes">Answers per status code.</param>
/// <param name="LatencyHistogram">The merged latency histogram, base64 as <see cref="Engine.Histograms.Decode"/> reads it.</param>
/// <param name="ServiceHistogram">The merged service-time histogram, in the same encoding.</param>
public sealed record RollupBucket(
    string Suite,
    string Scenario,
    string? Component,
    string Fingerprint,
    string? Branch,
    RollupGranularity Granularity,
    DateTimeOffset Start,
    long Seconds,
    long Requests,
    long Errors,
    long Dropped,
    long Late,
    long Interrupted,
    IReadOnlyDictionary<string, long> ErrorsByType,
    IReadOnlyDictionary<string, long> StatusCodes,
    string LatencyHistogram,
    string ServiceHistogram);

/// <summary>Which rollup buckets to read; every filter set must hold. Results come oldest first.</summary>
/// <param name="Suite">The suite.</param>
public sealed record RollupQuery(string Suite)
{
    /// <summary>Only this scenario.</summary>
    public string? Scenario { get; init; }

    /// <summary>Only this component; <see cref="string.Empty"/> selects the scenario-wide buckets; null selects all.</summary>
    public string? Component { get; init; }

    /// <summary>Only this machine.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>Only this branch.</summary>
    public string? Branch { get; init; }

    /// <summary>Only hourly or only daily buckets.</summary>
    public RollupGranularity? Granularity { get; init; }

    /// <summary>Only buckets starting at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only buckets starting before this time.</summary>
    public DateTimeOffset? Until { get; init; }
}
