using System.Text.Json;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary><c>redline run --repeat N</c>: each repeat on a freshly started target, stored as one run, judged on the spread of repeats.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RepeatEndToEndTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-repeat-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Store => Path.Combine(_dir, "history.db");

    private string Suite(int port, string repeat = "")
    {
        File.WriteAllText(Path.Combine(_dir, "server.pl"), Targets.TestServices.Server);
        var path = Path.Combine(_dir, "suite.yaml");
        File.WriteAllText(path, $$"""
            suite: repeated
            target:
              base_url: http://127.0.0.1:{{port}}
              start:
                command: perl
                args: [server.pl, "{{port}}", "0", term]
                ready: tcp:{{port}}
                ready_timeout: 20s
            components:
              home:
                request: { path: / }
            scenarios:
              s:
                load: { model: open, rate: 40/s, duration: 3s }
            {{repeat}}
            """);
        return path;
    }

    [Fact]
    public async Task Run_RepeatThree_RestartsTheTargetForEachRepeatAndStoresOneRunWithItsSpread()
    {
        var port = Targets.LoopbackPorts.Free();
        var outDir = Path.Combine(_dir, "first");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", Suite(port), "--repeat", "3", "--quiet", "--store", Store, "--out", outDir);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("'s' repeat 2 of 3: restarting the target", stderr, StringComparison.Ordinal);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var scenarios = results.RootElement.GetProperty("scenarios");
        Assert.Equal(1, scenarios.GetArrayLength());
        var scenario = scenarios[0];
        var repeats = scenario.GetProperty("repeats");
        Assert.Equal(3, repeats.GetProperty("count").GetInt32());
        var runs = repeats.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal([1, 2, 3], runs.Select(r => r.GetProperty("repeat").GetInt32()));
        Assert.All(runs, r => Assert.True(r.GetProperty("requests").GetInt64() >= 100, r.ToString()));
        Assert.Equal(runs.Sum(r => r.GetProperty("requests").GetInt64()), scenario.GetProperty("requests").GetInt64());
        Assert.True(repeats.GetProperty("spread").GetProperty("response_time_p95").GetProperty("cv_percent").GetDouble() >= 0);

        // One timeline, the repeats' seconds back to back; a target of its own for each repeat, each stopped after it.
        var seconds = scenario.GetProperty("timeline").EnumerateArray().Select(p => p.GetProperty("second").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(0, seconds.Count).Select(i => (long)i), seconds);
        Assert.True(seconds.Count >= 9, $"{seconds.Count} seconds");
        var started = scenario.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "target_started").Select(e => e.GetProperty("text").GetString()).ToList();
        Assert.Equal(3, started.Distinct().Count());
        Assert.Contains(scenario.GetProperty("events").EnumerateArray(), e => e.GetProperty("text").GetString() == "repeat 3 of 3 started");
        foreach (var log in new[] { "target.log", "target.2.log", "target.3.log" })
        {
            Assert.Contains("got TERM", File.ReadAllText(Path.Combine(outDir, log)), StringComparison.Ordinal);
        }

        Assert.Contains("CV", stdout, StringComparison.Ordinal);

        // The next run is judged on the spread of both runs' repeats, read back from the store.
        var second = await RedlineProcess.RunAsync(Limit, "run", Suite(port), "--repeat", "3", "--quiet", "--store", Store, "--out", Path.Combine(_dir, "second"), "--baseline", "auto");
        Assert.True(second.ExitCode == 0, $"exit {second.ExitCode}\n{second.Stdout}\n{second.Stderr}");
        Assert.Contains("sensitivity s response_time_p95: run-to-run CV", second.Stdout, StringComparison.Ordinal);
        using var analysis = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "second", "analysis.json")));
        var p95 = analysis.RootElement.GetProperty("sensitivity").EnumerateArray().First(s => s.GetProperty("scope").GetString() == "s" && s.GetProperty("metric").GetString() == "response_time_p95");
        Assert.Equal(JsonValueKind.Number, p95.GetProperty("run_to_run_cv_percent").ValueKind);
        var levels = p95.GetProperty("smallest_graded_change");
        Assert.True(levels.GetProperty("critical").GetDouble() > levels.GetProperty("warning").GetDouble());
        Assert.True(levels.GetProperty("warning").GetDouble() > levels.GetProperty("notice").GetDouble());
    }

    [Fact]
    public async Task Run_RepeatOnTheScenarioAndResultsRebuild_FoldTheRepeatsAsTheRunDid()
    {
        var port = Targets.LoopbackPorts.Free();
        var outDir = Path.Combine(_dir, "run");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", Suite(port, "    repeat: 2"), "--quiet", "--no-store", "--out", outDir);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var rebuild = await RedlineProcess.RunAsync(Limit, "results", "rebuild", outDir);
        Assert.True(rebuild.ExitCode == 0, rebuild.Stdout + rebuild.Stderr);
        using var written = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        using var rebuilt = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.rebuilt.json")));
        var was = written.RootElement.GetProperty("scenarios")[0];
        var now = rebuilt.RootElement.GetProperty("scenarios")[0];
        Assert.Equal(1, rebuilt.RootElement.GetProperty("scenarios").GetArrayLength());
        Assert.Equal(2, now.GetProperty("repeats").GetProperty("count").GetInt32());
        Assert.Equal(was.GetProperty("requests").GetInt64(), now.GetProperty("requests").GetInt64());
        Assert.Equal(was.GetProperty("latency_ms").GetProperty("p95").GetDouble(), now.GetProperty("latency_ms").GetProperty("p95").GetDouble());
        Assert.Equal(was.GetProperty("events").GetArrayLength(), now.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task Run_RepeatOutOfRange_ExitsTwoNamingTheOptionOrTheLine()
    {
        var port = Targets.LoopbackPorts.Free();

        var option = await RedlineProcess.RunAsync(Limit, "run", Suite(port), "--repeat", "0", "--no-store");
        var key = await RedlineProcess.RunAsync(Limit, "run", Suite(port, "    repeat: 21"), "--no-store");

        Assert.Equal(2, option.ExitCode);
        Assert.Contains("--repeat: expected a whole number from 1 to 20, got 0", option.Stderr + option.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, key.ExitCode);
        Assert.Contains("suite.yaml:15:13: scenarios.s.repeat: expected at most 20, got 21", key.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", key.Stderr, StringComparison.Ordinal);
    }
}
