using Redline.Results.Analysis;
using Redline.Results.Analysis.Statistics;

namespace Redline.Results.Tests.Analysis;

public sealed class ScratchCalibration
{
    [Fact]
    public void Calibrate()
    {
        var lines = new List<string>();
        var analyzer = new RegressionAnalyzer();
        {
        // A/A simulated
        var random = new Random(9000);
        var counts = new Dictionary<(string, RegressionSeverity), int>();
        for (var pair = 0; pair < 200; pair++)
        {
            var outcome = analyzer.Analyze(SimulatedRun.Compare(SimulatedRun.Draw(new RunShape(), random), SimulatedRun.Draw(new RunShape(), random)));
            foreach (var v in outcome.Verdicts)
            {
                counts[(v.Metric, v.Severity)] = counts.GetValueOrDefault((v.Metric, v.Severity)) + 1;
            }
        }
        foreach (var kv in counts.OrderBy(k => k.Key.Item1)) lines.Add($"AA200 {kv.Key.Item1} {kv.Key.Item2} {kv.Value}");

        // the seeded A/A in the test
        random = new Random(2024);
        var c2 = new Dictionary<RegressionSeverity, int>();
        for (var pair = 0; pair < 20; pair++)
        {
            foreach (var v in analyzer.Analyze(SimulatedRun.Compare(SimulatedRun.Draw(new RunShape(), random), SimulatedRun.Draw(new RunShape(), random))).Verdicts)
            {
                c2[v.Severity] = c2.GetValueOrDefault(v.Severity) + 1;
                if (v.IsRegression) lines.Add("AA20 notice: " + v.Explanation);
            }
        }
        lines.Add("AA20 " + string.Join(", ", c2.Select(k => $"{k.Key}={k.Value}")));
        random = new Random(2025);
        var c3 = Enumerable.Range(0, 20).Select(_ => analyzer.Analyze(MetricSamples.Create(MetricKind.ResponseTime, "p95", "ms", Synthetic.LogNormalSeries(random, 60, 180, 0.1), Synthetic.LogNormalSeries(random, 60, 180, 0.1))).Severity).GroupBy(s => s).Select(g => $"{g.Key}={g.Count()}");
        lines.Add("AA20-p95 " + string.Join(", ", c3));

        foreach (var factor in new[] { 1.25, 1.12, 1.06, 1.0 })
        {
            var r = new Random(500);
            var sev = Enumerable.Range(0, 100).Select(_ => analyzer.Analyze(MetricSamples.Create(MetricKind.ResponseTime, "p95", "ms", Synthetic.LogNormalSeries(r, 120, 200, 0.025), Synthetic.LogNormalSeries(r, 120, 200 * factor, 0.025))).Severity).GroupBy(s => s).Select(g => $"{g.Key}={g.Count()}");
            lines.Add($"shift {factor}: " + string.Join(", ", sev));
            if (factor == 1.06) { var r2 = new Random(500); for (var k = 0; k < 100; k++) { var v = analyzer.Analyze(MetricSamples.Create(MetricKind.ResponseTime, "p95", "ms", Synthetic.LogNormalSeries(r2, 120, 200, 0.025), Synthetic.LogNormalSeries(r2, 120, 200 * factor, 0.025))); if (!v.IsRegression) { lines.Add(v.Explanation); lines.AddRange(v.Rules.Select(x => $"   {x.Rule} {x.Fired} {x.Reason}")); } } }
        }
        {
            var r = new Random(600);
            var sev = Enumerable.Range(0, 200).Select(_ => analyzer.Analyze(MetricSamples.Create(MetricKind.ResponseTime, "p95", "ms", Synthetic.LogNormalSeries(r, 10, 200, 0.8), Synthetic.LogNormalSeries(r, 10, 250, 0.8))).Severity).GroupBy(s => s).Select(g => $"{g.Key}={g.Count()}");
            lines.Add("hidden 25% CV80 n10 x200: " + string.Join(", ", sev));
        }
        }
        foreach (var factor in new[] { 3.0 })
        {
            var r = new Random(700);
            foreach (var phi in new[] { 0.0, 0.3, 0.6 })
            {
                var fp = 0;
                for (var t = 0; t < 500; t++)
                {
                    double a = 0; var ar = new double[100];
                    for (var i = 0; i < 100; i++) { a = phi * a + Synthetic.Gaussian(r); ar[i] = a; }
                    fp += ChangePoints.Detect(ar).Count;
                }
                lines.Add($"factor {factor} pelt false changes in 500 AR({phi}) series of 100: {fp}");
            }
            foreach (var shift in new[] { 1.5, 2.0, 3.0 })
            {
                var hit = 0; var exact = 0;
                for (var t = 0; t < 200; t++)
                {
                    var s = Enumerable.Range(0, 120).Select(i => Synthetic.Gaussian(r) + (i >= 60 ? shift : 0)).ToArray();
                    var c = ChangePoints.Detect(s);
                    hit += c.Count == 1 && Math.Abs(c[0].Index - 60) <= 3 ? 1 : 0;
                    exact += c.Count == 1 && c[0].Index == 60 ? 1 : 0;
                }
                lines.Add($"factor {factor} pelt {shift}-sigma shift at 60 of 120: single within 3 {hit}/200, exact {exact}/200");
            }
        }
        {
            var detector = new LeakDetector();
            var slopes = new List<double>(); var sev = new Dictionary<string, int>();
            for (var seed = 0; seed < 50; seed++)
            {
                var v = detector.Analyze(LeakDetectorTests.Series(new Random(10000 + seed), TimeSpan.FromHours(1), t => 300 + (100 * t.TotalHours)));
                slopes.Add(v.Slope!.MbPerHour); sev["leak100 " + v.Severity] = sev.GetValueOrDefault("leak100 " + v.Severity) + 1;
                var g = detector.Analyze(LeakDetectorTests.Series(new Random(20000 + seed), TimeSpan.FromMinutes(90), t => 300 + (200 * Math.Min(t.TotalMinutes, 30) / 30)));
                sev["level " + g.Severity] = sev.GetValueOrDefault("level " + g.Severity) + 1;
                var e = detector.Analyze(LeakDetectorTests.Series(new Random(30000 + seed), TimeSpan.FromMinutes(90), t => 300 + (200 * (1 - Math.Exp(-t.TotalMinutes / 15)))));
                sev["saturating " + e.Severity] = sev.GetValueOrDefault("saturating " + e.Severity) + 1;
                var f = detector.Analyze(LeakDetectorTests.Series(new Random(40000 + seed), TimeSpan.FromHours(1), _ => 300));
                sev["flat " + f.Severity] = sev.GetValueOrDefault("flat " + f.Severity) + 1;
            }
            lines.Add($"leak100 slopes min {slopes.Min():0.0} max {slopes.Max():0.0} median {Descriptive.Median(slopes):0.0}");
            lines.Add("leak " + string.Join(", ", sev.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}")));
        }
        File.WriteAllLines("/tmp/scratch-calibration.txt", lines);
    }
}
