using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary>The real <c>redline run</c> against a real Kestrel server on 127.0.0.1.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RunEndToEndTests(BenchServer server, ITestOutputHelper output) : IClassFixture<BenchServer>, IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-e2e-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteSuite(string scenarios, string components = "") =>
        WriteFile("suite.yaml", $$"""
            suite: e2e
            target:
              base_url: {{server.BaseUrl}}
            components:
              fixed:
                request: { method: GET, path: /fixed }
              stall:
                request: { method: GET, path: /stall }
            {{components}}
            scenarios:
            {{scenarios}}
            """);

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static JsonElement Scenario(string outDir, int index = 0)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        return document.RootElement.GetProperty("scenarios")[index].Clone();
    }

    /// <summary>
    /// The median time of <paramref name="count"/> GETs of <paramref name="path"/>, one after another on
    /// one kept-alive connection, from the send to the answer's last byte: the least a client can measure.
    /// </summary>
    private async Task<double> BareClientP50Async(string path, int count)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(server.BaseUrl.Host, server.BaseUrl.Port);
        var request = Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {server.BaseUrl.Authority}\r\n\r\n");
        var buffer = new byte[4096];
        var times = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await socket.SendAsync(request);
            var answer = new StringBuilder();
            while (!IsWhole(answer.ToString()))
            {
                var read = await socket.ReceiveAsync(buffer);
                Assert.True(read > 0, $"the server closed the connection after {answer}");
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        times.Sort();
        return times[count / 2];

        // Whole when the body named by Content-Length, or a chunked body's last chunk, has arrived.
        static bool IsWhole(string answer)
        {
            var end = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                return false;
            }

            var length = Regex.Match(answer[..end], @"(?im)^content-length:\s*(\d+)");
            return length.Success
                ? answer.Length - end - 4 >= int.Parse(length.Groups[1].Value, CultureInfo.InvariantCulture)
                : answer.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Run_FixedDelayEndpoint_MeasuresP50WithinOneMillisecondOfABareClient()
    {
        var suite = WriteSuite("""
              fixed:
                load: { model: open, rate: 50/s, duration: 6s, max_concurrency: 20 }
                request_mix: { fixed: 100% }
                success_criteria:
                  response_time_p50: <25ms
            """);
        var outDir = Path.Combine(_dir, "out");

        // The truth: what a bare client (one socket, one request at a time, nothing else to do) measures
        // for the same endpoint just before and just after, so that a slow moment of the machine (late
        // timers, slow wake-ups) is told from a wrong measurement.
        var bareBefore = await BareClientP50Async("/fixed", 100);
        server.FixedHeldMs.Clear();
        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir, "--quiet");
        var held = server.FixedHeldMs.Order().ToList();
        var bareAfter = await BareClientP50Async("/fixed", 100);

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var scenario = Scenario(outDir);
        var p50 = scenario.GetProperty("latency_ms").GetProperty("p50").GetDouble();
        output.WriteLine($"fixed 20 ms endpoint: p50 {p50} ms; a bare client's p50 {bareBefore:0.000} ms before, {bareAfter:0.000} ms after; the handler's own p50 {held[held.Count / 2]:0.000} ms; latency {scenario.GetProperty("latency_ms")}");
        Assert.InRange(p50, Math.Min(bareBefore, bareAfter) - 1.0, Math.Max(bareBefore, bareAfter) + 1.0);
        Assert.InRange(p50, 19.0, 25.0);
        Assert.Equal(300, scenario.GetProperty("requests").GetInt64());
        Assert.Equal("passed", scenario.GetProperty("verdict").GetString());
        Assert.Contains("response_time_p50", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_StallingEndpointInOpenModel_ShowsTheStallInLatencyButNotInServiceTime()
    {
        var suite = WriteSuite("""
              stall:
                load: { model: open, rate: 200/s, duration: 10s, max_concurrency: 20 }
                request_mix: { stall: 100% }
            """);
        var outDir = Path.Combine(_dir, "out");
        server.RestartStallCycleAtNextRequest();

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir, "--quiet");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var scenario = Scenario(outDir);
        var latency = scenario.GetProperty("latency_ms");
        var service = scenario.GetProperty("service_time_ms");
        output.WriteLine($"stalling endpoint: latency p90 {latency.GetProperty("p90")} ms, p99 {latency.GetProperty("p99")} ms; service time p95 {service.GetProperty("p95")} ms, p99 {service.GetProperty("p99")} ms; late {scenario.GetProperty("late_iterations")}");

        // The run's first request starts the server's cycle, so its 10 s hold two whole stalls, at 1 s
        // and at 6 s. 1 s of every 5 s stalled at 200/s: a fifth of the requests wait between 0 and 1 s, so
        // p90 sits near 0.5 s and p99 near 1 s, while the time from the actual send stays small at p95.
        Assert.InRange(latency.GetProperty("p90").GetDouble(), 350, 650);
        Assert.InRange(latency.GetProperty("p99").GetDouble(), 850, 1100);
        Assert.InRange(service.GetProperty("p95").GetDouble(), 0, 50);
        Assert.True(scenario.GetProperty("late_iterations").GetInt64() > 100);
        Assert.Equal(2000, scenario.GetProperty("requests").GetInt64() + scenario.GetProperty("interrupted_iterations").GetInt64() + scenario.GetProperty("dropped_iterations").GetInt64());
    }

    [Fact]
    public async Task Run_FastOpenScenario_WarmsTheEngineFirstWithoutSendingLoad_AndSaysSo()
    {
        var suite = WriteSuite("""
              fast:
                load: { model: open, rate: 600/s, duration: 2s, max_concurrency: 50 }
                request_mix: { fixed: 100% }
            """);
        var outDir = Path.Combine(_dir, "out");
        server.FixedHeldMs.Clear();

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir, "--quiet");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var notes = File.ReadLines(Path.Combine(outDir, "events.ndjson")).Where(l => l.Contains("\"note\"", StringComparison.Ordinal)).ToList();
        Assert.Contains(notes, n => n.Contains("before the clock started, so that its code was compiled", StringComparison.Ordinal));
        Assert.Equal(1200, Scenario(outDir).GetProperty("requests").GetInt64());
        Assert.Equal(1200, server.FixedHeldMs.Count); // the warm-up sent nothing to the target
    }

    [Fact]
    public async Task Run_WarmUp_SendsTheLoadSqueezedFirstAndCountsNoneOfIt_AndSaysSo()
    {
        var suite = WriteSuite("""
              warm:
                load: { model: open, rate: 100/s, duration: 2s }
                warmup: 1s
                request_mix: { fixed: 100% }
            """);
        var outDir = Path.Combine(_dir, "out");
        server.FixedHeldMs.Clear();

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir, "--quiet");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var scenario = Scenario(outDir);
        Assert.Equal(200, scenario.GetProperty("requests").GetInt64());
        Assert.Equal(300, server.FixedHeldMs.Count); // 100 of the warm-up's, 200 measured
        const string Note = "warmed up for 1s before the clock started, on the scenario's load squeezed into that time: 100 requests, 0 errors, none counted here";
        Assert.Equal([Note], scenario.GetProperty("notes").EnumerateArray().Select(n => n.GetString()));
        var notes = File.ReadLines(Path.Combine(outDir, "events.ndjson")).Select(l => JsonDocument.Parse(l).RootElement)
            .Where(e => e.TryGetProperty("kind", out var kind) && kind.GetString() == "note").Select(e => e.GetProperty("text").GetString());
        Assert.Contains(Note, notes);
        Assert.Contains(Note, Regex.Replace(stdout, @"\s+", " "), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_FailingCriterion_ExitsOneWithTheCriterionInResults()
    {
        var suite = WriteSuite("""
              strict:
                load: { model: closed, users: 2, duration: 2s }
                request_mix: { fixed: 100% }
                success_criteria:
                  response_time_p95: <5ms
                  fixed.error_rate: <1%
            """);
        var outDir = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir, "--quiet");

        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        var criteria = Scenario(outDir).GetProperty("criteria");
        Assert.False(criteria[0].GetProperty("passed").GetBoolean());
        Assert.True(criteria[0].GetProperty("actual").GetDouble() >= 20);
        Assert.True(criteria[1].GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Run_AbortOnFail_StopsEarlyWithExitOne()
    {
        var suite = WriteSuite("""
              doomed:
                load: { model: closed, users: 2, duration: 60s }
                request_mix: { fixed: 100% }
                success_criteria:
                  response_time_p95: <5ms
                abort_on_fail: true
                abort_delay: 1s
            """);
        var outDir = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir, "--quiet");

        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        var scenario = Scenario(outDir);
        Assert.Equal("failed", scenario.GetProperty("verdict").GetString());
        Assert.Contains("abort_on_fail", scenario.GetProperty("stop_reason").GetString(), StringComparison.Ordinal);
        Assert.True(scenario.GetProperty("duration_s").GetDouble() < 10);
    }

    [Fact]
    public async Task Run_RateSweep_ReportsEachLevelsFiguresInResultsAndOnTheConsole()
    {
        var suite = WriteSuite("""
              sweep:
                load: { model: open, rate: [20/s, 60/s], step: 3s, max_concurrency: 20 }
                request_mix: { fixed: 100% }
            """);
        var outDir = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir, "--quiet", "--no-store");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var stages = Scenario(outDir).GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal([1, 2], stages.Select(s => s.GetProperty("stage").GetInt32()));
        Assert.Equal([20.0, 60.0], stages.Select(s => s.GetProperty("load_to").GetDouble()));
        Assert.All(stages, s => Assert.Equal("req/s", s.GetProperty("load_unit").GetString()));
        Assert.InRange(stages[0].GetProperty("throughput_rps").GetDouble(), 15, 25);
        Assert.InRange(stages[1].GetProperty("throughput_rps").GetDouble(), 48, 66);
        Assert.All(stages, s => Assert.True(s.GetProperty("latency_ms").GetProperty("p50").GetDouble() >= 20, s.ToString()));
        Assert.Contains("60 req/s", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TargetStartedByRedline_SamplesItsCpuAndMemoryForCriteria()
    {
        var port = Targets.LoopbackPorts.Free();
        var script = WriteFile("server.pl", Targets.TestServices.Server);
        var suite = WriteFile("owned.yaml", $$"""
            suite: owned
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
                load: { model: open, rate: 50/s, duration: 3s }
                success_criteria:
                  cpu_usage: <90%
                  memory_usage: <1GB
            """);
        var outDir = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir, "--quiet");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var scenario = Scenario(outDir);
        var target = scenario.GetProperty("target");
        Assert.True(target.GetProperty("memory_peak_bytes").GetInt64() > 1_000_000);
        Assert.True(target.GetProperty("samples").GetArrayLength() >= 3);
        var criteria = scenario.GetProperty("criteria");
        Assert.All(criteria.EnumerateArray(), c => Assert.True(c.GetProperty("passed").GetBoolean(), c.ToString()));
        Assert.Equal(JsonValueKind.Number, criteria[0].GetProperty("actual").ValueKind);
        Assert.Contains("got TERM", File.ReadAllText(Path.Combine(outDir, "target.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ErrorEndpoints_ClassifiesEveryFailure()
    {
        var suite = WriteSuite(
            """
              errors:
                load: { model: closed, users: 3, duration: 3s }
                request_mix: { fail: 40%, reset: 40%, hang: 20% }
            """,
            """
              fail:
                request: { method: GET, path: /fail }
              reset:
                request: { method: GET, path: /reset }
              hang:
                request: { method: GET, path: /hang, timeout: 300ms }
            """);
        var outDir = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir, "--quiet");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        var scenario = Scenario(outDir);
        var components = scenario.GetProperty("components").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal(components["fail"].GetProperty("requests").GetInt64(), components["fail"].GetProperty("errors_by_type").GetProperty("http_5xx").GetInt64());
        Assert.Equal(components["fail"].GetProperty("requests").GetInt64(), components["fail"].GetProperty("status_codes").GetProperty("500").GetInt64());
        Assert.True(components["reset"].GetProperty("errors_by_type").TryGetProperty("connection_reset", out _), components["reset"].ToString());
        Assert.Equal(components["hang"].GetProperty("requests").GetInt64(), components["hang"].GetProperty("errors_by_type").GetProperty("timeout").GetInt64());
        Assert.Equal(100, scenario.GetProperty("error_rate").GetDouble());
    }

    [Fact]
    public async Task Run_FirstInterrupt_StopsGracefullyWritesResultsAndExitsFour()
    {
        var suite = WriteSuite("""
              long:
                load: { model: closed, users: 4, duration: 60s }
                request_mix: { fixed: 100% }
            """);
        var outDir = Path.Combine(_dir, "out");
        var store = Path.Combine(_dir, "history.db");
        using var redline = RedlineProcess.Start("run", suite, "--out", outDir, "--store", store);
        var intervals = Path.Combine(outDir, "intervals.ndjson");
        await WaitForLinesAsync(intervals, 4);

        redline.SendInterrupt();
        var code = await redline.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(code == 4, $"exit {code}\n{redline.Stdout}\n{redline.Stderr}");
        Assert.Contains("marked aborted", redline.Stdout, StringComparison.Ordinal);
        var listed = await RedlineProcess.RunAsync(Limit, "history", "list", "--store", store);
        Assert.True(listed.ExitCode == 0 && listed.Stdout.Contains("aborted", StringComparison.Ordinal), listed.Stdout + listed.Stderr);
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        Assert.Equal("aborted", document.RootElement.GetProperty("verdict").GetString());
        var scenario = document.RootElement.GetProperty("scenarios")[0];
        Assert.True(scenario.GetProperty("requests").GetInt64() > 100);
        Assert.Contains("stopped by the user", scenario.GetProperty("stop_reason").GetString(), StringComparison.Ordinal);
        Assert.True(scenario.GetProperty("duration_s").GetDouble() < 30);
    }

    [Fact]
    public async Task Run_SecondInterrupt_ExitsAtOnceKeepingWhatWasFlushed()
    {
        var suite = WriteSuite(
            """
              long:
                load: { model: closed, users: 2, duration: 60s }
                request_mix: { hang: 100% }
                graceful_stop: 60s
            """,
            """
              hang:
                request: { method: GET, path: /hang, timeout: 60s }
            """);
        var outDir = Path.Combine(_dir, "out");
        using var redline = RedlineProcess.Start("run", suite, "--out", outDir, "--quiet");
        var intervals = Path.Combine(outDir, "intervals.ndjson");
        await WaitForLinesAsync(intervals, 4);

        // The first stop waits for the hanging requests (up to 30 s); the second must not.
        redline.SendInterrupt();
        await Task.Delay(500);
        redline.SendInterrupt();
        var code = await redline.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(code == 4, $"exit {code}\n{redline.Stderr}");
        Assert.Contains("exiting at once", redline.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir, "results.json")));
        var lines = File.ReadAllLines(intervals);
        Assert.True(lines.Length >= 4);
        Assert.All(lines, line => JsonDocument.Parse(line).Dispose());
    }

    [Fact]
    public async Task Run_TargetNotListening_ExitsFiveBeforeAnyLoad()
    {
        var suite = WriteFile("closed.yaml", """
            suite: closed
            target:
              base_url: http://127.0.0.1:1
            components:
              home:
                request: { path: / }
            scenarios:
              s:
                load: { model: closed, users: 1, duration: 1s }
            """);

        var (code, _, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", Path.Combine(_dir, "out"));

        Assert.Equal(5, code);
        Assert.Contains("preflight failed", stderr, StringComparison.Ordinal);
        Assert.Contains("refused", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadSuite_ExitsTwoWithEveryErrorAndNoStackTrace()
    {
        var suite = WriteFile("bad.yaml", """
            suite: bad
            target:
              base_url: http://127.0.0.1:1
            components:
              home:
                request: { path: / }
            scenarios:
              s:
                load: { model: closed, users: 1, duraton: 1s }
                request_mix: { nowhere: 100% }
            """);

        var (code, _, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite);

        Assert.Equal(2, code);
        Assert.Contains("bad.yaml:9:", stderr, StringComparison.Ordinal);
        Assert.Contains("'duraton'", stderr, StringComparison.Ordinal);
        Assert.Contains("nowhere", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_OutputFolderCannotBeCreated_ExitsTwo()
    {
        var suite = WriteSuite("""
              s:
                load: { model: closed, users: 1, duration: 1s }
            """);
        var blocker = WriteFile("a-file", "not a folder");

        var (code, _, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", Path.Combine(blocker, "out"));

        Assert.Equal(2, code);
        Assert.Contains("cannot create the output folder", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--duration", "soon")]
    [InlineData("--scale", "-1")]
    [InlineData("--scenario", "missing")]
    public async Task Run_BadOption_ExitsTwo(string option, string value)
    {
        var suite = WriteSuite("""
              s:
                load: { model: closed, users: 1, duration: 1s }
            """);

        var (code, _, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, option, value);

        Assert.True(code == 2, stderr);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private static async Task WaitForLinesAsync(string path, int lines)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(30);
        while (!File.Exists(path) || File.ReadAllLines(path).Length < lines)
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"{path} did not reach {lines} lines");
            await Task.Delay(100);
        }
    }
}
