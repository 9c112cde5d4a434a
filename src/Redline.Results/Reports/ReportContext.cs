using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Comparison;
using Redline.Results.Judgement;

namespace Redline.Results.Reports;

/// <summary>Everything a report is written from: the run, what it was compared with, and how it was judged.</summary>
/// <param name="Current">The run the report is about.</param>
public sealed record ReportContext(RunResult Current)
{
    /// <summary>The baseline run, when there was one.</summary>
    public RunResult? Baseline { get; init; }

    /// <summary>The current run measured against the baseline, when there was one.</summary>
    public RunComparison? Comparison { get; init; }

    /// <summary>The lowest severity that blocks (exit 3); a <c>block_deployment</c> action blocks at any.</summary>
    public RegressionSeverity FailOn { get; init; } = RegressionSeverity.Critical;

    /// <summary>The components' metrics against their baseline and target goals (<see cref="GoalCheck"/>).</summary>
    public IReadOnlyList<GoalRow> Goals { get; init; } = [];

    /// <summary>The headline metrics against their 7-day band, when the history had enough runs.</summary>
    public IReadOnlyList<TrendPoint>? Trends { get; init; }

    /// <summary>Where the full report will be published, for a link; null for none.</summary>
    public string? ReportUrl { get; init; }

    /// <summary>A context whose goals are checked against <paramref name="judgement"/>'s (none when null).</summary>
    public static ReportContext Of(RunResult current, RunJudgement? judgement) =>
        new(current) { Goals = judgement is null ? [] : GoalCheck.Check(current, judgement.Goals) };
}
