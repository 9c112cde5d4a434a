using Redline.Results.Analysis;

namespace Redline.Results.Comparison;

/// <summary>The verdicts on one scope of a scenario: the whole scenario (null component) or one component.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Component">The component, or null for the scenario as a whole.</param>
/// <param name="Verdicts">One verdict per metric.</param>
public sealed record ScopeComparison(string Scenario, string? Component, IReadOnlyList<RegressionVerdict> Verdicts)
{
    /// <summary>"checkout" or "checkout / login".</summary>
    public string Label => Component is null ? Scenario : $"{Scenario} / {Component}";
}

/// <summary>A current run measured against a baseline run, metric by metric, with the memory-leak check.</summary>
/// <param name="BaselineRunId">The baseline's run id.</param>
/// <param name="CurrentRunId">The current run's id.</param>
/// <param name="Scopes">Every compared scope.</param>
/// <param name="Leaks">The leak verdict per scenario whose target memory was sampled.</param>
/// <param name="Unmatched">Scenarios of the current run that the baseline lacks.</param>
public sealed record RunComparison(
    string BaselineRunId,
    string CurrentRunId,
    IReadOnlyList<ScopeComparison> Scopes,
    IReadOnlyDictionary<string, LeakVerdict> Leaks,
    IReadOnlyList<string> Unmatched)
{
    /// <summary>The run-to-run bands the regressions were also judged against; empty without enough history.</summary>
    public IReadOnlyList<NoiseBand> Noise { get; init; } = [];

    /// <summary>What the comparison was judged against, in words; null when no history was looked at.</summary>
    public string? NoiseNote { get; init; }

    /// <summary>Every regression found, in scope order.</summary>
    public IEnumerable<(ScopeComparison Scope, RegressionVerdict Verdict)> Regressions =>
        Scopes.SelectMany(s => s.Verdicts.Where(v => v.IsRegression).Select(v => (s, v)));

    /// <summary>The worst severity found, leaks included.</summary>
    public RegressionSeverity WorstSeverity =>
        Regressions.Select(r => r.Verdict.Severity).Concat(Leaks.Values.Select(l => l.Severity)).DefaultIfEmpty(RegressionSeverity.None).Max();

    /// <summary>Whether anything asks to block the deployment (or, with <paramref name="failOn"/> warning, to review it).</summary>
    public bool Blocks(RegressionSeverity failOn = RegressionSeverity.Critical) =>
        Regressions.Any(r => Blocking(r.Verdict.Severity, r.Verdict.Action, failOn)) || Leaks.Values.Any(l => Blocking(l.Severity, l.Action, failOn));

    private static bool Blocking(RegressionSeverity severity, RegressionAction action, RegressionSeverity failOn) =>
        action == RegressionAction.BlockDeployment || (severity != RegressionSeverity.None && severity >= failOn);
}
