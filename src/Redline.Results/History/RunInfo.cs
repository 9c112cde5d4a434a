using Redline.Engine;
using Redline.Results.Judgement;

namespace Redline.Results.History;

/// <summary>A stored run's header and summaries: what <c>history list</c> shows and what baselines and trends compare.</summary>
/// <param name="Id">The run id.</param>
/// <param name="Suite">The suite's name.</param>
/// <param name="StartedAt">When the run started (millisecond precision).</param>
/// <param name="EndedAt">When the run ended (millisecond precision).</param>
/// <param name="Verdict">How the run ended.</param>
/// <param name="Environment">The machine, its fingerprint, and the git state.</param>
/// <param name="Labels">The run's labels (<c>--label key=value</c>).</param>
/// <param name="Summaries">One summary per scenario (component null) and per component, in the run's order.</param>
/// <param name="StoredAt">When the run was stored.</param>
/// <param name="IntervalsPrunedAt">When retention rolled the run's per-second intervals up into hourly buckets; null while they are kept.</param>
public sealed record RunInfo(
    string Id,
    string Suite,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    Verdict Verdict,
    EnvironmentInfo Environment,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<StoredSummary> Summaries,
    DateTimeOffset StoredAt,
    DateTimeOffset? IntervalsPrunedAt)
{
    /// <summary>The run's scenarios, in order.</summary>
    public IReadOnlyList<string> Scenarios => [.. Summaries.Where(s => s.Component is null).Select(s => s.Scenario)];

    /// <summary>The components of <paramref name="scenario"/>, in order.</summary>
    public IReadOnlyList<string> ComponentsOf(string scenario) =>
        [.. Summaries.Where(s => s.Scenario == scenario && s.Component is not null).Select(s => s.Component!)];

    /// <summary>The summary of <paramref name="scenario"/>, or of one of its components, or null.</summary>
    public StoredSummary? Summary(string scenario, string? component = null) =>
        Summaries.FirstOrDefault(s => s.Scenario == scenario && s.Component == component);
}

/// <summary>What a scenario (<paramref name="Component"/> null) or one of its components measured over a stored run.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Component">The component's name, or null for the scenario as a whole.</param>
/// <param name="Measures">Requests, errors, error rate, throughput, latency and service time statistics, and the rest.</param>
public sealed record StoredSummary(string Scenario, string? Component, Measures Measures);

/// <summary>A stored run loaded back: its header and the run itself, rebuilt for analysers and exporters.</summary>
/// <param name="Info">The header, labels and summaries.</param>
/// <param name="Result">
/// The run as the engine produced it (timestamps to the millisecond). Its scenarios' timelines hold the
/// per-second intervals with their histograms until retention rolls them up, and are empty after.
/// </param>
public sealed record StoredRun(RunInfo Info, RunResult Result)
{
    /// <summary>The thresholds and goals the run was judged with; null for a run stored without them (before schema v3).</summary>
    public RunJudgement? Judgement { get; init; }
}
