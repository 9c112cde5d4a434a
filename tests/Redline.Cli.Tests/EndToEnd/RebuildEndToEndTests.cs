using System.Text.Json;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary><c>redline results rebuild</c> on the files the real <c>redline run</c> wrote.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RebuildEndToEndTests(BenchServer server) : IClassFixture<BenchServer>, IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteSuite(string duration)
    {
        var path = Path.Combine(_dir, "suite.yaml");
        File.WriteAllText(path, $$"""
            suite: rebuild
            target:
              base_url: {{server.BaseUrl}}
            components:
              fixed:
                request: { method: GET, path: /fixed }
              fail:
                request: { method: GET, path: /fail }
            scenarios:
              steady:
                load: { model: open, rate: 40/s, duration: {{duration}}, max_concurrency: 20 }
                request_mix: { fixed: 90%, fail: 10% }
                success_criteria:
                  response_time_p95: <500ms
                  fail.error_rate: <1%
              closed:
                load: { model: closed, users: 3, duration: 3s, think_time: 50ms }
                request_mix: { fixed: 100% }
            """);
        return path;
    }

    [Fact]
    public async Task Rebuild_FolderOfARun_WritesBesideItAResultsJsonEqualToTheOriginal()
    {
        var outDir = Path.Combine(_dir, "out");
        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", WriteSuite("4s"), "--out", outDir, "--quiet", "--no-store");
        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        var original = File.ReadAllBytes(Path.Combine(outDir, "results.json"));

        await AssertRebuildEqualsAsync(outDir, original);
    }

    /// <summary>Runs <c>redline results rebuild</c> on <paramref name="outDir"/>: it leaves results.json alone and writes beside it the same bytes.</summary>
    private static async Task AssertRebuildEqualsAsync(string outDir, byte[] original)
    {
        var rebuild = await RedlineProcess.RunAsync(Limit, "results", "rebuild", outDir);

        Assert.True(rebuild.ExitCode == 0, $"exit {rebuild.ExitCode}\n{rebuild.Stdout}\n{rebuild.Stderr}");
        Assert.Contains("results.rebuilt.json", rebuild.Stdout, StringComparison.Ordinal);
        Assert.Equal(original, File.ReadAllBytes(Path.Combine(outDir, "results.json")));
        var rebuilt = File.ReadAllBytes(Path.Combine(outDir, "results.rebuilt.json"));
        Assert.True(original.SequenceEqual(rebuilt), $"the rebuilt results.json differs:\n{System.Text.Encoding.UTF8.GetString(rebuilt)[..Math.Min(rebuilt.Length, 2000)]}");
    }

    [Fact]
    public async Task Run_StressScenario_BreakProbesAndRecoveryInResultsJsonAndARebuildEqualsIt()
    {
        // /capacity/100 serves 100 req/s: 50 holds, 150 breaks; probes narrow it, then 30/s for 12 s recovers.
        var path = Path.Combine(_dir, "stress.yaml");
        File.WriteAllText(path, $$"""
            suite: stress
            target:
              base_url: {{server.BaseUrl}}
            components:
              paced:
                request: { method: GET, path: /capacity/100 }
            scenarios:
              find_the_break:
                load: { model: open, rate: [50/s, 150/s, 200/s], step: 3s }
                stop_condition: { when: "5% error rate OR p95 > 300ms", window: 3s, min_samples: 30 }
                search: { mode: bisect, probes: 2, hold: 4s }
                recovery: { rate: 30/s, for: 12s }
                generator: { max_schedule_lag_p99: 50ms }
                success_criteria:
                  recovery_time: <8s
            """);
        var outDir = Path.Combine(_dir, "stress");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", path, "--out", outDir, "--no-store");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("breaking point at", stdout, StringComparison.Ordinal);
        Assert.Contains("recovered in", stdout, StringComparison.Ordinal);
        var original = File.ReadAllBytes(Path.Combine(outDir, "results.json"));
        using (var results = JsonDocument.Parse(original))
        {
            var stress = results.RootElement.GetProperty("scenarios")[0].GetProperty("stress");
            var found = stress.GetProperty("breaking_point");
            var (good, bad) = (found.GetProperty("last_good").GetProperty("load").GetDouble(), found.GetProperty("first_bad").GetProperty("load").GetDouble());
            Assert.True(good < bad, $"last good {good}, first bad {bad}");
            Assert.InRange(good, 50, 105);
            Assert.InRange(bad, 95, 150);
            Assert.Equal(2, found.GetProperty("probes").GetArrayLength());
            Assert.Equal(100, found.GetProperty("probes")[0].GetProperty("load").GetDouble(), 0);
            Assert.True(stress.GetProperty("recovery").GetProperty("recovered").GetBoolean());
            var phases = results.RootElement.GetProperty("scenarios")[0].GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("phase").GetString()).ToList();
            Assert.Equal("recovery", phases[^1]);
            Assert.Contains("probe", phases);
        }

        await AssertRebuildEqualsAsync(outDir, original);
    }

    [Fact]
    public async Task Run_ChaosOnTheTarget_FaultsAskedAchievedAndTheirImpactInResultsJsonAndARebuildEqualsIt()
    {
        // /fixed answers in 20 ms; 60 ms more on every answer from 3 s to 6 s, then a tenth of the requests reset from 8 s to 10 s.
        var path = Path.Combine(_dir, "chaos.yaml");
        File.WriteAllText(path, $$"""
            suite: chaos
            target:
              base_url: {{server.BaseUrl}}
            components:
              fixed:
                request: { method: GET, path: /fixed }
            scenarios:
              faults:
                load: { model: open, rate: 40/s, duration: 12s }
                chaos:
                  - latency_injection: +60ms
                    at: 3s
                    for: 3s
                  - connection_reset: 10%
                    at: 8s
                    for: 2s
            """);
        var outDir = Path.Combine(_dir, "chaos");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", path, "--out", outDir, "--no-store");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("fault latency_injection +60ms on target", stdout, StringComparison.Ordinal);
        var original = File.ReadAllBytes(Path.Combine(outDir, "results.json"));
        using (var results = JsonDocument.Parse(original))
        {
            var chaos = results.RootElement.GetProperty("scenarios")[0].GetProperty("chaos");
            Assert.Equal(2, chaos.GetArrayLength());
            var latency = chaos[0];
            Assert.Equal(("latency_injection", "target", "+60ms"), (latency.GetProperty("fault").GetString(), latency.GetProperty("on").GetString(), latency.GetProperty("asked").GetString()));
            Assert.InRange(latency.GetProperty("started_at_s").GetDouble(), 2.9, 3.5);
            Assert.InRange(latency.GetProperty("ended_at_s").GetDouble(), 5.9, 6.5);
            var achieved = latency.GetProperty("achieved").GetString()!;
            Assert.Matches(@"^\+(59\.[5-9]|6[0-2]\.[0-9])ms p50", achieved);
            var impact = latency.GetProperty("impact");
            Assert.True(impact.GetProperty("p95_during_ms").GetDouble() >= impact.GetProperty("p95_before_ms").GetDouble() + 55, impact.ToString());
            Assert.Equal(JsonValueKind.Number, impact.GetProperty("time_to_impact_s").ValueKind);
            var resets = chaos[1];
            Assert.Equal("connection_reset", resets.GetProperty("fault").GetString());
            Assert.Contains("connections and requests reset", resets.GetProperty("achieved").GetString(), StringComparison.Ordinal);
        }

        var events = File.ReadAllText(Path.Combine(outDir, "events.ndjson"));
        Assert.Contains("\"kind\":\"fault_started\"", events, StringComparison.Ordinal);
        Assert.Contains("\"kind\":\"fault_ended\"", events, StringComparison.Ordinal);

        await AssertRebuildEqualsAsync(outDir, original);
    }

    [Fact]
    public async Task Rebuild_FolderOfAKilledRun_WritesTheResultsJsonItNeverWrote()
    {
        var outDir = Path.Combine(_dir, "killed");
        var intervals = Path.Combine(outDir, "intervals.ndjson");
        using (var run = RedlineProcess.Start("run", WriteSuite("60s"), "--out", outDir, "--quiet", "--no-store"))
        {
            var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
            while (SecondsIn(intervals) < 4 && TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(200);
            }

            Assert.True(SecondsIn(intervals) >= 4, $"the run wrote {SecondsIn(intervals)} seconds in 30 s\n{run.Stderr}");
        }

        // Disposing the process killed it (SIGKILL): no results.json.
        Assert.False(File.Exists(Path.Combine(outDir, "results.json")));

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "results", "rebuild", outDir);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var scenario = results.RootElement.GetProperty("scenarios")[0];
        Assert.Equal("steady", scenario.GetProperty("name").GetString());
        Assert.Equal("failed", scenario.GetProperty("verdict").GetString());
        Assert.Contains("before this scenario did", scenario.GetProperty("stop_reason").GetString(), StringComparison.Ordinal);
        Assert.True(scenario.GetProperty("requests").GetInt64() >= 100, scenario.GetProperty("requests").ToString());
    }

    [Fact]
    public async Task Rebuild_FolderWithoutARun_ExitsTwoNamingWhatIsMissing()
    {
        var (code, _, stderr) = await RedlineProcess.RunAsync(Limit, "results", "rebuild", _dir);

        Assert.Equal(2, code);
        Assert.Contains($"no intervals.ndjson in {_dir}", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    /// <summary>Scenario lines written so far: one per closed second.</summary>
    private static int SecondsIn(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Count(l => l.Contains("\"component\":null", StringComparison.Ordinal));
    }
}
