using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Comparison;
using Redline.Results.Tests.History;

namespace Redline.Results.Tests.Comparison;

public sealed class MicroComparisonTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A run of two benchmarks: Sort at <paramref name="sortNs"/> ns and Parse at 500 ns, with 15 samples of ±1% noise each.</summary>
    public static RunResult Run(string id, double sortNs, double sortBytes = 1024, int seed = 1)
    {
        var random = new Random(seed);
        List<double> Samples(double centre) => [.. Enumerable.Range(0, 15).Select(_ => centre * (1 + ((random.NextDouble() - 0.5) * 0.02)))];
        MicroMetric Time(double centre)
        {
            var samples = Samples(centre);
            return new MicroMetric("time_per_op", "ns", samples.Average(), samples) { Bound = new MicroBound(samples.Min(), samples.Max(), "min-max") };
        }

        var benchmarks = new List<MicroBenchmark>
        {
            new("Bench.Sort", [KeyValuePair.Create("N", "100")], "ShortRun", [Time(sortNs), new MicroMetric("allocated_per_op", "B", sortBytes, []), new MicroMetric("gen0_per_op", "count", 0.001, [])]),
            new("Bench.Sort", [KeyValuePair.Create("N", "1000")], "ShortRun", [Time(sortNs * 10)]),
            new("Bench.Parse", [], "ShortRun", [Time(500), new MicroMetric("ops_per_s", "ops/s", 2e6, []) { HigherIsWorse = false }]),
        };
        return new RunResult(id, "bench:micro", T0, T0, Verdict.Passed, [], SampleRuns.Environment()) { Micro = benchmarks, MicroFormat = "benchmarkdotnet" };
    }

    [Fact]
    public void Compare_SortSeededSlowerBy25Percent_SortIsCriticalAndParseStaysQuiet()
    {
        var comparison = RunComparer.Compare(Run("base", 1000), Run("head", 1250, seed: 2), new RegressionAnalyzer(), new LeakDetector());

        var regressions = comparison.Regressions.ToList();
        Assert.Equal(["Bench.Sort(N=100) [ShortRun]", "Bench.Sort(N=1000) [ShortRun]"], regressions.Select(r => r.Scope.Component!).Distinct());
        Assert.All(regressions, r => Assert.Equal(("time_per_op", RegressionSeverity.Critical), (r.Verdict.Metric, r.Verdict.Severity)));
        Assert.All(regressions, r => Assert.Equal(RunComparer.MicroScope, r.Scope.Scenario));
        var parse = comparison.Scopes.Single(s => s.Component == "Bench.Parse [ShortRun]");
        Assert.All(parse.Verdicts, v => Assert.False(v.IsRegression, v.Explanation));
        Assert.True(comparison.Blocks());
    }

    [Fact]
    public void Compare_SameCodeAgain_NothingIsFlagged()
    {
        var comparison = RunComparer.Compare(Run("base", 1000), Run("head", 1000, seed: 2), new RegressionAnalyzer(), new LeakDetector());

        Assert.Empty(comparison.Regressions);
        Assert.Equal(3, comparison.Scopes.Count);
        Assert.False(comparison.Blocks(RegressionSeverity.Notice));
    }

    [Fact]
    public void Compare_MoreBytesAllocated_IsAnExactChangeEvenWithoutSamples()
    {
        var comparison = RunComparer.Compare(Run("base", 1000), Run("head", 1000, sortBytes: 1280, seed: 2), new RegressionAnalyzer(), new LeakDetector());

        var (scope, verdict) = Assert.Single(comparison.Regressions);
        Assert.Equal(("Bench.Sort(N=100) [ShortRun]", "allocated_per_op"), (scope.Component, verdict.Metric));
        Assert.Equal(25, verdict.ChangePercent!.Value, 6);
        Assert.Contains(verdict.Rules, r => r.Rule == "counted" && r.Fired);
    }

    [Fact]
    public void Compare_ABenchmarkTheBaselineLacks_IsListedAsUnmatched()
    {
        var baseline = Run("base", 1000);
        baseline = baseline with { Micro = [.. baseline.Micro.Take(2)] };

        var comparison = RunComparer.Compare(baseline, Run("head", 1000, seed: 2), new RegressionAnalyzer(), new LeakDetector());

        Assert.Equal(["micro / Bench.Parse [ShortRun]"], comparison.Unmatched);
    }
}
