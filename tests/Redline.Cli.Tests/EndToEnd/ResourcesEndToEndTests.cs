using System.Diagnostics;
using System.Text.Json;
using Redline.Monitoring;
using Xunit.Abstractions;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary>The real <c>redline run</c> reading a real target's CPU, memory, GC and thread pool beside the latencies.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ResourcesEndToEndTests(BenchServer server, ITestOutputHelper output) : IClassFixture<BenchServer>, IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-res-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_ReferenceDeployment_ShowsCpuMemoryGcAndThreadPoolAndJudgesCpuUsageOnRealNumbers()
    {
        var port = Targets.LoopbackPorts.Free();
        var suite = Write("reference.yaml", $$"""
            suite: reference-resources
            target:
              base_url: http://127.0.0.1:{{port}}
              start:
                command: redline
                args: [target, serve, --profile, optimized, --port, "{{port}}", --latency-scale, "0.02"]
                ready: /health
                ready_timeout: 60s
            components:
              login:
                request: { method: POST, path: /api/auth/login, json: { user: alice, password: redline-alice }, expect_status: [200] }
              cache:
                request: { method: GET, path: /api/cache/key-42, expect_status: [200] }
            scenarios:
              generous:
                load: { model: open, rate: 40/s, duration: 6s }
                request_mix: { login: 50%, cache: 50% }
                success_criteria:
                  cpu_usage: <95%
                  memory_usage: <4GB
                  gc_pause_p99: <2s
                  thread_pool_queue: <100000
              stingy:
                load: { model: open, rate: 40/s, duration: 4s }
                request_mix: { login: 50%, cache: 50% }
                success_criteria:
                  cpu_usage: <0.01%
            """);
        var outDir = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir, "--no-store");
        output.WriteLine(stdout);

        Assert.True(code == 1, $"exit {code}: the stingy scenario's cpu_usage must fail and nothing else\n{stdout}\n{stderr}");
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var generous = results.RootElement.GetProperty("scenarios")[0];
        Assert.Equal("passed", generous.GetProperty("verdict").GetString());
        var resources = generous.GetProperty("resources");
        Assert.Equal("measured", resources.GetProperty("status").GetString());
        var summary = resources.GetProperty("summary");
        Assert.True(summary.GetProperty("target.cpu_percent").GetProperty("max").GetDouble() > 0, "the target used no CPU under load");
        Assert.True(summary.GetProperty("target.rss_bytes").GetProperty("max").GetDouble() > 20_000_000);
        Assert.True(summary.GetProperty("target.runtime.gc_heap_bytes").GetProperty("max").GetDouble() > 0, "the target's runtime was not read");
        Assert.True(summary.GetProperty("target.runtime.thread_pool_threads").GetProperty("max").GetDouble() >= 1);
        Assert.True(summary.GetProperty("target.runtime.allocated_bytes_per_s").GetProperty("max").GetDouble() > 0);
        Assert.True(summary.GetProperty("system.cpu_user_percent").GetProperty("count").GetInt32() >= 5);
        Assert.Equal(JsonValueKind.Object, resources.GetProperty("target_gc_pauses_ms").ValueKind);
        Assert.Equal(
            resources.GetProperty("series").GetProperty("t_s").GetArrayLength(),
            resources.GetProperty("series").GetProperty("target.runtime.gc_heap_bytes").GetArrayLength());

        var stingy = results.RootElement.GetProperty("scenarios")[1];
        var cpu = stingy.GetProperty("criteria")[0];
        Assert.False(cpu.GetProperty("passed").GetBoolean());
        Assert.True(cpu.GetProperty("actual").GetDouble() > 0.01, cpu.ToString());

        Assert.Contains("target CPU", stdout, StringComparison.Ordinal);
        Assert.Contains("GC heap", stdout, StringComparison.Ordinal);
        Assert.Contains("thread-pool threads", stdout, StringComparison.Ordinal);
        var lines = File.ReadAllLines(Path.Combine(outDir, "intervals.ndjson"));
        Assert.Contains(lines, l => l.Contains("\"target.runtime.gc_heap_bytes\":", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_ServiceBehindAShellWrapperWithChildren_ReadsTheServicesRuntimeNotTheShells()
    {
        var port = Targets.LoopbackPorts.Free();
        var suite = Write("wrapped.yaml", $$"""
            suite: wrapped
            target:
              base_url: http://127.0.0.1:{{port}}
              start:
                command: bash
                args: [-c, 'dotnet "$0" target serve --port {{port}} --latency-scale 0 & wait', "{{RedlineProcess.Dll}}"]
                ready: /health
                ready_timeout: 60s
              monitor: { children: true }
            components:
              cache:
                request: { method: GET, path: /api/cache/key-7, expect_status: [200] }
            scenarios:
              s:
                load: { model: open, rate: 20/s, duration: 4s }
                success_criteria:
                  thread_pool_queue: <100000
            """);
        var outDir = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir, "--quiet", "--no-store");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var resources = results.RootElement.GetProperty("scenarios")[0].GetProperty("resources");
        var shell = resources.GetProperty("target_pid").GetInt32();
        var service = resources.GetProperty("target_runtime_pid").GetInt32();
        Assert.NotEqual(shell, service);
        Assert.True(resources.GetProperty("summary").GetProperty("target.processes").GetProperty("max").GetDouble() >= 2, "the shell and the service are both counted");
        Assert.True(resources.GetProperty("summary").GetProperty("target.runtime.gc_heap_bytes").GetProperty("max").GetDouble() > 0);

        // The wrapper dies on SIGTERM; the service behind it is stopped with it, not left holding the port.
        Assert.False(Targets.TestServices.IsRunning(service), $"the service (pid {service}) outlived the run");
        Assert.False(Targets.TestServices.IsRunning(shell), $"the wrapper (pid {shell}) outlived the run");
    }

    [Fact]
    public async Task Run_TargetKilledMidRun_WritesResultsWithTheExitRecorded()
    {
        var port = Targets.LoopbackPorts.Free();
        Write("server.pl", Targets.TestServices.Server);
        var suite = Write("killed.yaml", $$"""
            suite: killed
            target:
              base_url: http://127.0.0.1:{{port}}
              start:
                command: perl
                args: [server.pl, "{{port}}", "0", term]
                ready: tcp:{{port}}
                ready_timeout: 20s
            components:
              home:
                request: { path: /, timeout: 1s }
            scenarios:
              s:
                load: { model: open, rate: 20/s, duration: 6s }
            """);
        var outDir = Path.Combine(_dir, "out");

        using var run = RedlineProcess.Start("run", suite, "--out", outDir, "--quiet", "--no-store");
        var target = await WaitForProcessAsync($"server.pl {port}", TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using (var victim = Process.GetProcessById(target))
        {
            victim.Kill();
        }

        var code = await run.WaitAsync(Limit);

        Assert.True(code == 1, $"exit {code}\n{run.Stdout}\n{run.Stderr}");
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var scenario = results.RootElement.GetProperty("scenarios")[0];
        Assert.Contains("exited", scenario.GetProperty("stop_reason").GetString(), StringComparison.Ordinal);
        var resources = scenario.GetProperty("resources");
        Assert.Equal(target, resources.GetProperty("target_pid").GetInt32());
        var exitedAt = resources.GetProperty("target_exited_at_s").GetDouble();
        Assert.InRange(exitedAt, 2, 6);
        Assert.True(resources.GetProperty("summary").GetProperty("target.rss_bytes").GetProperty("count").GetInt32() >= 2, "no sample from before the kill");
    }

    [Fact]
    public async Task Run_TargetProcessPatternAndPid_WatchTheNamedProcesses()
    {
        using var sleeper = Process.Start(new ProcessStartInfo("sleep", "3141.5926") { UseShellExecute = false })!;
        try
        {
            var byPattern = await RunAgainstBenchServerAsync("process: sleep 3141[.]5926");
            Assert.Equal(sleeper.Id, byPattern.GetProperty("target_pid").GetInt32());
            Assert.True(byPattern.GetProperty("unavailable").TryGetProperty("target.runtime", out var why), "sleep has no .NET runtime, and the results must say so");
            output.WriteLine($"sleep's runtime: {why.GetString()}");

            // The Kestrel server answering the load runs in this test process: a .NET target watched by pid.
            var byPid = await RunAgainstBenchServerAsync($"pid: {Environment.ProcessId}");
            Assert.Equal(Environment.ProcessId, byPid.GetProperty("target_pid").GetInt32());
            Assert.True(byPid.GetProperty("summary").GetProperty("target.runtime.gc_heap_bytes").GetProperty("max").GetDouble() > 0, byPid.GetProperty("unavailable").ToString());
        }
        finally
        {
            sleeper.Kill();
            await sleeper.WaitForExitAsync();
        }

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", SuiteFor("process: no-such-process-7f3a9"), "--out", Path.Combine(_dir, "none"), "--quiet", "--no-store");
        Assert.True(code == 5, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("matches no running process", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_SuiteNamingTwoProcessesToWatch_ExitsTwoPointingAtTheKey()
    {
        var suite = SuiteFor($"pid: {Environment.ProcessId}\n  process: dotnet");

        var (code, _, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--quiet", "--no-store");

        Assert.Equal(2, code);
        Assert.Matches(@"suite\.yaml:\d+:\d+", stderr);
        Assert.Contains("give target.pid or target.process, not both", stderr, StringComparison.Ordinal);
    }

    private async Task<JsonElement> RunAgainstBenchServerAsync(string watch)
    {
        var outDir = Path.Combine(_dir, "out-" + Guid.NewGuid().ToString("N")[..8]);
        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", SuiteFor(watch), "--out", outDir, "--quiet", "--no-store");
        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        return results.RootElement.GetProperty("scenarios")[0].GetProperty("resources").Clone();
    }

    private string SuiteFor(string watch) => Write("suite.yaml", $$"""
        suite: watched
        target:
          base_url: {{server.BaseUrl}}
          {{watch}}
        components:
          fixed:
            request: { method: GET, path: /fixed }
        scenarios:
          s:
            load: { model: open, rate: 20/s, duration: 3s }
        """);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<int> WaitForProcessAsync(string pattern, TimeSpan limit)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (ProcessFinder.Find(pattern) is [var match])
            {
                return match.Pid;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no process matched '{pattern}' within {limit.TotalSeconds:0} s");
    }
}
