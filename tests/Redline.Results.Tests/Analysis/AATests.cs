using Redline.Engine;
using Redline.Results.Analysis;

namespace Redline.Results.Tests.Analysis;

/// <summary>Runs drawn from one distribution must not raise warnings or criticals: the gate stays quiet on noise.</summary>
public sealed class AATests
{
    [Fact]
    public void Analyze_TwentyPairsOfSimulatedRunsFromOneDistribution_NoWarningNoCritical()
    {
        var random = new Random(2024);
        var analyzer = new RegressionAnalyzer();
        var verdicts = new List<RegressionVerdict>();
        for (var pair = 0; pair < 20; pair++)
        {
            var baseline = SimulatedRun.Draw(new RunShape(), random);
            var current = SimulatedRun.Draw(new RunShape(), random);
            verdicts.AddRange(analyzer.Analyze(SimulatedRun.Compare(baseline, current)).Verdicts);
        }

        Assert.Equal(140, verdicts.Count);
        Assert.DoesNotContain(verdicts, v => v.Severity >= RegressionSeverity.Warning);
        // Notices are allowed by the issue, but the gate should be nearly silent.
        Assert.True(verdicts.Count(v => v.Severity == RegressionSeverity.Notice) <= 7, string.Join("\n", verdicts.Where(v => v.IsRegression).Select(v => v.Explanation)));
    }

    [Fact]
    public void Analyze_TwentyPairsOfNoisyP95Series_NoWarningNoCritical()
    {
        // Per-second p95 with 10% CV and 60 samples a run, the run value being the median.
        var random = new Random(2025);
        var analyzer = new RegressionAnalyzer();
        var severities = Enumerable.Range(0, 20)
            .Select(_ => analyzer.Analyze(MetricSamples.Create(
                MetricKind.ResponseTime, "response_time_p95", "ms", Synthetic.LogNormalSeries(random, 60, 180, 0.1), Synthetic.LogNormalSeries(random, 60, 180, 0.1))).Severity)
            .ToList();

        Assert.DoesNotContain(severities, s => s >= RegressionSeverity.Warning);
    }
}
