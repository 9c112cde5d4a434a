using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Comparison;
using Redline.Results.History;
using Redline.Results.Tests.Analysis;
using Redline.Results.Tests.History;

namespace Redline.Results.Tests.Comparison;

/// <summary>The seed's 3-sigma over earlier runs in the gate: a change no larger than the machine's run-to-run noise is not reported.</summary>
public sealed class RunToRunNoiseTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Bands_FourEarlierRuns_NoBand_FiveEarlierRuns_OneForEachTrendedMetric()
    {
        var current = SampleRuns.Synthetic("current", Now, components: ["home"]);

        Assert.Empty(RunToRunNoise.Bands(Earlier(20, 21, 19, 20), current, RunToRunNoise.DefaultWindow));
        var bands = RunToRunNoise.Bands(Earlier(20, 21, 19, 20, 22), current, RunToRunNoise.DefaultWindow);

        var p95 = bands.Single(b => b.Scenario == "steady" && b.Component is null && b.Metric == "response_time_p95");
        Assert.Equal(5, p95.Runs);
        Assert.Equal(20, p95.Median, 9);
        Assert.Contains(bands, b => b.Component == "home" && b.Metric == "throughput");
    }

    [Fact]
    public void Bands_RunsOutsideTheWindowOrAfterTheCurrentOne_AreLeftOut()
    {
        var current = SampleRuns.Synthetic("current", Now, components: ["home"]);
        var runs = Earlier(20, 21, 19, 20).Append(Info("old", Now - TimeSpan.FromDays(8), 20)).Append(Info("later", Now + TimeSpan.FromHours(1), 20)).Append(Info("current", Now, 20));

        Assert.Empty(RunToRunNoise.Bands(runs, current, RunToRunNoise.DefaultWindow));
    }

    [Fact]
    public void Apply_CriticalChangeInsideANoisyMachinesBand_IsNotReportedAndSaysWhy()
    {
        var comparison = CriticalP95Comparison();
        var current = SampleRuns.Synthetic("current", Now, components: ["home"]);
        var bands = RunToRunNoise.Bands(Earlier(18, 22, 26, 20, 24, 28), current, RunToRunNoise.DefaultWindow);

        var judged = RunToRunNoise.Apply(comparison, bands, 6, RunToRunNoise.DefaultWindow);

        Assert.Equal(RegressionSeverity.Critical, comparison.WorstSeverity);
        Assert.Equal(RegressionSeverity.None, judged.WorstSeverity);
        var verdict = judged.Scopes[0].Verdicts.Single(v => v.Metric == "response_time_p95");
        Assert.Contains(verdict.Rules, r => r.Rule == RunToRunNoise.RuleName && !r.Fired && r.Reason.Contains("within this machine's run-to-run noise", StringComparison.Ordinal));
        Assert.Contains("but 25 ms is inside", verdict.Explanation, StringComparison.Ordinal);
        Assert.Contains("6 earlier runs", judged.NoiseNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_CriticalChangeOutsideAQuietMachinesBand_KeepsItsSeverity()
    {
        var comparison = CriticalP95Comparison();
        var current = SampleRuns.Synthetic("current", Now, components: ["home"]);
        var bands = RunToRunNoise.Bands(Earlier(20, 20.3, 19.8, 20.1, 19.9, 20.2), current, RunToRunNoise.DefaultWindow);

        var judged = RunToRunNoise.Apply(comparison, bands, 6, RunToRunNoise.DefaultWindow);

        Assert.Equal(RegressionSeverity.Critical, judged.WorstSeverity);
        var verdict = judged.Scopes[0].Verdicts.Single(v => v.Metric == "response_time_p95");
        Assert.Contains(verdict.Rules, r => r.Rule == RunToRunNoise.RuleName && r.Fired && r.Reason.StartsWith("25 ms is outside", StringComparison.Ordinal));
        var p95 = judged.Noise.Single(b => b.Component is null && b.Metric == "response_time_p95");
        Assert.InRange(p95.CvPercent, 0.1, 2);
    }

    [Fact]
    public void Apply_NoHistory_TheComparisonStandsAndSaysSo()
    {
        var comparison = CriticalP95Comparison();

        var judged = RunToRunNoise.Apply(comparison, [], 2, RunToRunNoise.DefaultWindow);

        Assert.Equal(RegressionSeverity.Critical, judged.WorstSeverity);
        Assert.Equal("judged against run base alone: 2 earlier runs like it in the last 7 days, 5 are needed for a run-to-run band", judged.NoiseNote);
    }

    /// <summary>A real verdict: per-second p95 of about 20 ms against about 25 ms, tight enough to be critical between the two runs.</summary>
    private static RunComparison CriticalP95Comparison()
    {
        var random = new Random(7);
        var metric = MetricSamples.Create(MetricKind.ResponseTime, "response_time_p95", "ms", Synthetic.LogNormalSeries(random, 60, 20, 0.02), Synthetic.LogNormalSeries(random, 60, 25, 0.02), 20, 25);
        var verdict = new RegressionAnalyzer().Analyze(metric);
        return new RunComparison("base", "current", [new ScopeComparison("steady", null, [verdict])], new Dictionary<string, LeakVerdict>(), []);
    }

    private static IEnumerable<RunInfo> Earlier(params double[] p95s) =>
        p95s.Select((p95, i) => Info($"run-{i}", Now - TimeSpan.FromHours(6 * (i + 1)), p95));

    private static RunInfo Info(string id, DateTimeOffset at, double p95)
    {
        var latency = new LatencyStats(100, 1, p95 / 2, 1, p95 / 2, p95 * 0.7, p95 * 0.9, p95, p95 * 1.2, p95 * 1.3, p95 * 1.5);
        var measures = new Measures(100, 0, 10, latency, latency, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0);
        return new RunInfo(id, "shop", at, at + TimeSpan.FromMinutes(1), Verdict.Passed, SampleRuns.Environment(), new Dictionary<string, string>(),
            [new StoredSummary("steady", null, measures), new StoredSummary("steady", "home", measures)], at, null);
    }
}
