using Redline.Results.Judgement;
using Redline.Results.Tests.Reports;

namespace Redline.Results.Tests.Judgement;

public sealed class GoalCheckTests
{
    [Fact]
    public async Task Check_TargetAboveTheMeasuredP95_IsMet()
    {
        var runs = await ReportRuns.GetAsync();
        var measured = Measured(runs, ReportRuns.ScriptComponent).Latency.P95;

        var rows = GoalCheck.Check(runs.Current, [Goals(ReportRuns.ScriptComponent, target: new GoalTable(null, measured * 2, null, null, null))]);

        var row = Assert.Single(rows);
        Assert.Equal("response_time_p95", row.Metric);
        Assert.Equal("p95 ms", row.Label);
        Assert.Equal(measured, row.Measured);
        Assert.True(row.Met);
        Assert.Null(row.ImprovementPercent);
    }

    [Fact]
    public async Task Check_TargetBelowTheMeasuredP95_IsMissed()
    {
        var runs = await ReportRuns.GetAsync();
        var measured = Measured(runs, ReportRuns.ScriptComponent).Latency.P95;

        var row = Assert.Single(GoalCheck.Check(runs.Current, [Goals(ReportRuns.ScriptComponent, target: new GoalTable(null, measured / 2, null, null, null))]));

        Assert.False(row.Met);
        Assert.Equal("no", GoalText.Cells(row)[7]);
    }

    [Fact]
    public async Task Check_Throughput_HigherIsBetter()
    {
        var runs = await ReportRuns.GetAsync();
        var measured = Measured(runs, ReportRuns.ScriptComponent).ThroughputRps;
        var half = new GoalTable(null, null, null, null, measured / 2);

        var row = Assert.Single(GoalCheck.Check(runs.Current, [Goals(ReportRuns.ScriptComponent, baseline: half, target: half)]));

        Assert.True(row.Met);
        Assert.Equal(100, row.ImprovementPercent!.Value, 6);
        Assert.Equal("+100%", GoalText.Cells(row)[6]);
    }

    [Fact]
    public async Task Check_BaselineOnly_SaysNothingOfTheTarget()
    {
        var runs = await ReportRuns.GetAsync();
        var measured = Measured(runs, ReportRuns.ScriptComponent).Latency.P50;

        var row = Assert.Single(GoalCheck.Check(runs.Current, [Goals(ReportRuns.ScriptComponent, baseline: new GoalTable(measured * 2, null, null, null, null))]));

        Assert.Null(row.Met);
        Assert.Equal(50, row.ImprovementPercent!.Value, 6);
    }

    [Fact]
    public async Task Check_GoalsOfAComponentNotInTheRun_GiveNoRows()
    {
        var runs = await ReportRuns.GetAsync();

        Assert.Empty(GoalCheck.Check(runs.Current, [Goals("elsewhere", target: new GoalTable(1, 1, 1, 1, 1))]));
    }

    private static ComponentGoals Goals(string component, GoalTable? baseline = null, GoalTable? target = null) => new(component, baseline, target);

    private static Engine.Measures Measured(Runs runs, string component) =>
        runs.Scenario.Components.Single(c => c.Name == component).Measures;
}
