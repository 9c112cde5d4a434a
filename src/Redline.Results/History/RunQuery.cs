namespace Redline.Results.History;

/// <summary>Which runs to list; every filter set must hold. Results come newest first.</summary>
public sealed record RunQuery
{
    /// <summary>The default number of runs returned.</summary>
    public const int DefaultLimit = 50;

    /// <summary>Only runs of this suite.</summary>
    public string? Suite { get; init; }

    /// <summary>Only runs that have this scenario.</summary>
    public string? Scenario { get; init; }

    /// <summary>Only runs on this git branch.</summary>
    public string? Branch { get; init; }

    /// <summary>Only runs on a machine with this fingerprint.</summary>
    public string? Fingerprint { get; init; }

    /// <summary>Only runs carrying every one of these labels with these values.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    /// <summary>Only runs at one of these git commits (e.g. a merge base and its ancestors).</summary>
    public IReadOnlyList<string>? Commits { get; init; }

    /// <summary>Only runs that started at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only runs that started before this time.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>Leave out this run (the one being compared).</summary>
    public string? ExcludeRunId { get; init; }

    /// <summary>Leave out runs that were aborted (kept in the store, but never a baseline).</summary>
    public bool ExcludeAborted { get; init; }

    /// <summary>At most this many runs; null for all.</summary>
    public int? Limit { get; init; } = DefaultLimit;
}

/// <summary>What <c>--baseline auto</c> looks for: the newest run of the same suite and scenario, on the baseline branch, on the same machine.</summary>
/// <param name="Suite">The suite's name.</param>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Branch">The baseline branch, e.g. <c>main</c>; null for any (a suite outside a git repository).</param>
/// <param name="Fingerprint">The machine fingerprint the baseline must share.</param>
public sealed record BaselineQuery(string Suite, string Scenario, string? Branch, string Fingerprint)
{
    /// <summary>Leave out this run (the current one, when it is already stored).</summary>
    public string? ExcludeRunId { get; init; }

    /// <summary>Only runs that started before this time.</summary>
    public DateTimeOffset? Before { get; init; }

    /// <summary>When set, only runs at one of these commits (merge-base aware lookups).</summary>
    public IReadOnlyList<string>? Commits { get; init; }
}
