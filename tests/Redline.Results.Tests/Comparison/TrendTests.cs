using Redline.Engine;
using Redline.Results.Comparison;
using Redline.Results.History;

namespace Redline.Results.Tests.Comparison;

public sealed class TrendTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static RunInfo Run(int index, double p95)
    {
        var latency = new LatencyStats(100, 1, p95 / 2, 1, p95 / 2, p95 * 0.7, p95 * 0.9, p95, p95 * 1.2, p95 * 1.3, p95 * 1.5);
        var measures = new Measures(100, 0, 10, latency, latency, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0);
        var environment = new EnvironmentInfo("m", "linux", "x64", "cpu", 2, 1L << 34, ".NET 10", "workstation", "abc", null, "main", false);
        var at = Start + TimeSpan.FromHours(6 * index);
        return new RunInfo($"run-{index:00}", "shop", at, at + TimeSpan.FromMinutes(1), Verdict.Passed, environment, new Dictionary<string, string>(),
            [new StoredSummary("steady", null, measures), new StoredSummary("steady", "home", measures)], at, null);
    }

    /// <summary>Independent noise of about 0.5 ms, the same for a given run index.</summary>
    private static double Noise(int i)
    {
        var random = new Random(1000 + i);
        return (random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5) * 0.6;
    }

    [Fact]
    public void Changes_StepInTheLevel_FindsTheFirstRunOfTheNewLevel()
    {
        var runs = Enumerable.Range(0, 20).Select(i => Run(i, (i < 12 ? 20 : 30) + Noise(i))).Reverse().ToList();

        var series = Trend.Series(runs, "steady", null, "response_time_p95");
        var shifts = Trend.Changes(series);

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"run-{i:00}"), series.Select(p => p.Run.Id));
        Assert.True(shifts.Count == 1, string.Join("; ", shifts));
        var shift = shifts[0];
        Assert.Equal("run-12", shift.RunId);
        Assert.InRange(shift.Before, 19.5, 20.5);
        Assert.InRange(shift.After, 29.5, 30.5);
    }

    [Fact]
    public void Changes_OneSlowRun_IsNotAChange()
    {
        var runs = Enumerable.Range(0, 20).Select(i => Run(i, (i == 9 ? 60 : 20) + Noise(i))).ToList();

        var shifts = Trend.Changes(Trend.Series(runs, "steady", null, "response_time_p95"));
        Assert.True(shifts.Count == 0, string.Join("; ", shifts));
    }

    [Fact]
    public void Judge_NewestFarAboveTheWeek_IsOutsideTheBand_AndWeekOverWeekIsReported()
    {
        var runs = Enumerable.Range(0, 40).Select(i => Run(i, (i == 39 ? 40 : 20) + Noise(i))).ToList();
        var series = Trend.Series(runs, "steady", "home", "response_time_p95");

        var trend = Trend.Judge("response_time_p95", series, TimeSpan.FromDays(7))!;

        Assert.True(trend.Outside);
        Assert.InRange(trend.Current, 39, 41);
        Assert.InRange(trend.WindowMedian, 19.5, 20.5);
        Assert.Equal(28, trend.Runs);
        Assert.NotNull(trend.WeekOverWeekPercent);
    }

    [Fact]
    public void Judge_NewestWithinTheNoise_IsInside()
    {
        var runs = Enumerable.Range(0, 30).Select(i => Run(i, 20 + Noise(i))).ToList();

        var trend = Trend.Judge("response_time_p95", Trend.Series(runs, "steady", null, "response_time_p95"), TimeSpan.FromDays(7))!;

        Assert.False(trend.Outside);
    }
}
