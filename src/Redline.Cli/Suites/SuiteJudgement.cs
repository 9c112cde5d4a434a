using Redline.Results.Judgement;

namespace Redline.Cli.Suites;

/// <summary>What a suite's runs are judged with: its <c>regression_thresholds</c> and its components' goals.</summary>
internal static class SuiteJudgement
{
    /// <summary>The thresholds and the baseline and target tables of <paramref name="suite"/>, stored with each run.</summary>
    public static RunJudgement Judgement(this Suite suite) =>
        new(suite.Thresholds, [.. suite.Components.Where(c => c.Baseline is not null || c.Target is not null).Select(Goals)]);

    /// <summary>The goals of one component.</summary>
    public static ComponentGoals Goals(this ComponentSpec component) => new(component.Name, Table(component.Baseline), Table(component.Target));

    private static GoalTable? Table(PerformanceTable? table) => table is null
        ? null
        : new GoalTable(table.P50?.TotalMilliseconds, table.P95?.TotalMilliseconds, table.P99?.TotalMilliseconds, table.Max?.TotalMilliseconds, table.Throughput);
}
