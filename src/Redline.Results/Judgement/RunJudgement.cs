using Redline.Results.Analysis;

namespace Redline.Results.Judgement;

/// <summary>
/// What a run is judged with: the <c>regression_thresholds</c> (with α) its comparisons use and the
/// components' <c>baseline:</c> and <c>target:</c> goals. Stored with the run, so that a later
/// <c>compare</c> or <c>report</c> gives the verdict <c>run</c> gave.
/// </summary>
/// <param name="Thresholds">The regression thresholds and significance level.</param>
/// <param name="Goals">The goals of each component that has any, in the suite's order.</param>
public sealed record RunJudgement(RegressionThresholds Thresholds, IReadOnlyList<ComponentGoals> Goals)
{
    /// <summary>The seed's thresholds and no goals: what a run stored before judgements were kept is judged with.</summary>
    public static RunJudgement Default { get; } = new(RegressionThresholds.Default, []);

    /// <summary>
    /// The judgement of a comparison: the head (current) run's, because the run under judgement carries the
    /// rules its change was made under; the defaults when it was stored without one.
    /// </summary>
    public static RunJudgement ForComparison(RunJudgement? head) => head ?? Default;
}

/// <summary>One component's goals, as its suite's <c>baseline:</c> and <c>target:</c> tables give them.</summary>
/// <param name="Component">The component's name.</param>
/// <param name="Baseline">The performance before optimisation, if given.</param>
/// <param name="Target">The performance it should reach, if given.</param>
public sealed record ComponentGoals(string Component, GoalTable? Baseline, GoalTable? Target);

/// <summary>A row of a baseline or target table; every value is optional.</summary>
/// <param name="P50Ms">Median latency, ms.</param>
/// <param name="P95Ms">95th percentile latency, ms.</param>
/// <param name="P99Ms">99th percentile latency, ms.</param>
/// <param name="MaxMs">Maximum latency, ms.</param>
/// <param name="ThroughputRps">Requests per second.</param>
public sealed record GoalTable(double? P50Ms, double? P95Ms, double? P99Ms, double? MaxMs, double? ThroughputRps)
{
    /// <summary>The goal for the catalog metric <paramref name="metric"/>, or null.</summary>
    public double? For(string metric) => metric switch
    {
        "response_time_p50" => P50Ms,
        "response_time_p95" => P95Ms,
        "response_time_p99" => P99Ms,
        "response_time_max" => MaxMs,
        "throughput" => ThroughputRps,
        _ => null,
    };
}
