using Redline.Cli.Suites;
using Redline.Cli.Terminal;
using Redline.Engine;

namespace Redline.Cli.Tests.Examples;

public sealed class TargetsTableTests
{
    [Fact]
    public void Rows_ComponentWithTables_ShowsImprovementAndWhetherTheTargetWasMet()
    {
        var suite = SuiteLoader.LoadFromText("""
            suite: t
            target:
              base_url: http://127.0.0.1:1
            components:
              experts:
                request: { path: / }
                baseline: { p50: 2500ms, p95: 4800ms, throughput: 50/s }
                target: { p50: 800ms, p95: 1500ms, throughput: 200/s }
              plain:
                request: { path: /plain }
            scenarios:
              s:
                load: { model: closed, users: 1, duration: 1s }
            """, "t.yaml", Path.GetTempPath()).Suite!;
        Measures Measured(double p50, double p95, double rps)
        {
            var latency = new LatencyStats(10, 1, p50, 1, p50, p50, p95, p95, p95, p95, p95);
            return new Measures(10, 0, rps, latency, latency, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0);
        }

        var scenario = new ScenarioResult("s", "closed", null, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), Verdict.Passed, null, Measured(600, 1600, 60),
            [new ComponentResult("experts", Measured(600, 1600, 60), []), new ComponentResult("plain", Measured(1, 2, 60), [])],
            [], new GeneratorReport(0, 0, 0, 0, false, []), null, []);
        var result = new RunResult("r", "t", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, Verdict.Passed, [scenario], EnvironmentProbe.Capture());

        var rows = TargetsTable.Rows(suite, result).ToList();

        Assert.Equal(3, rows.Count);
        Assert.Equal(["s", "experts", "p50 ms", "2500", "800", "600", "+76%", "yes"], rows[0]);
        Assert.Equal(["s", "experts", "p95 ms", "4800", "1500", "1600", "+67%", "no"], rows[1]);
        Assert.Equal(["s", "experts", "throughput /s", "50", "200", "60", "+20%", "no"], rows[2]);
    }
}
