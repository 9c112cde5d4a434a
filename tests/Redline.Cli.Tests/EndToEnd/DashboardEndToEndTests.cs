using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Redline.Testing;
using Redline.Testing.Servers;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary><c>redline run --dashboard</c>: the stream, /metrics and the final result during and after a real run.</summary>
[Collection(EndToEndCollection.Name)]
public sealed partial class DashboardEndToEndTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-dashboard-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_WithDashboard_StreamsEverySecondServesCleanMetricsAndEndsWithTheResultsOfResultsJson()
    {
        var port = Targets.LoopbackPorts.Free();
        var outDir = Path.Combine(_dir, "out");
        using var redline = RedlineProcess.Start("run", Suite(port), "--quiet", "--no-store", "--out", outDir, "--dashboard=127.0.0.1:0");
        var url = await DashboardUrlAsync(redline);
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        using var stream = await EventStreamReader.OpenAsync(client, null);

        var seconds = new List<JsonElement>();
        string? metrics = null;
        JsonElement? final = null;
        long lastId = 0;
        while (final is null)
        {
            var (id, type, data) = await stream.NextAsync();
            Assert.True(type == "snapshot" || id == lastId + 1, $"event {id} ({type}) after {lastId}: a gap or a repeat");
            lastId = id;
            using var json = JsonDocument.Parse(data);
            if (type == "second")
            {
                seconds.Add(json.RootElement.Clone());
                if (seconds.Count == 3)
                {
                    metrics = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
                }
            }
            else if (type == "run_end")
            {
                final = json.RootElement.Clone();
            }
        }

        // The page's stream still open, Redline exits by itself as soon as it is done.
        var clock = Stopwatch.StartNew();
        var code = await redline.WaitAsync(Limit);
        Assert.True(code == 0, $"exit {code}\n{redline.Stdout}\n{redline.Stderr}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"redline took {clock.Elapsed.TotalSeconds:F1} s to exit after the run's end with a page open");
        Assert.Null(await stream.NextOrEndAsync());

        // /metrics mid-run: clean under promtool, with the run's labels and a latency histogram.
        Assert.NotNull(metrics);
        var (lint, output) = await Promtool.RunAsync(metrics!, "check", "metrics");
        Assert.True(lint == 0 && output.Trim().Length == 0, $"promtool check metrics exited {lint}:\n{output}\n---\n{metrics}");
        Assert.Contains("redline_request_duration_seconds_bucket{suite=\"dashboarded\",scenario=\"s\",component=\"home\",le=\"+Inf\"}", metrics, StringComparison.Ordinal);

        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var scenario = results.RootElement.GetProperty("scenarios")[0];
        var shown = final!.Value.GetProperty("scenarios")[0];
        Assert.Equal(results.RootElement.GetProperty("run_id").GetString(), final.Value.GetProperty("run_id").GetString());
        Assert.Equal(scenario.GetProperty("requests").GetInt64(), shown.GetProperty("requests").GetInt64());
        var latency = scenario.GetProperty("latency_ms");
        Assert.Equal(latency.GetProperty("p95").GetDouble(), shown.GetProperty("p95").GetDouble(), 3);
        Assert.Equal(latency.GetProperty("p99").GetDouble(), shown.GetProperty("p99").GetDouble(), 3);
        Assert.Equal(scenario.GetProperty("throughput_rps").GetDouble(), shown.GetProperty("throughput").GetDouble(), 1);

        // Every second of the timeline came over the stream, and the running totals add up to the result.
        var timeline = scenario.GetProperty("timeline").GetArrayLength();
        Assert.Equal(Enumerable.Range(0, timeline).Select(i => (long)i), seconds.Select(s => s.GetProperty("second").GetInt64()));
        Assert.Equal(scenario.GetProperty("requests").GetInt64(), seconds[^1].GetProperty("cumulative").GetProperty("requests").GetInt64());
        Assert.Equal(seconds.Sum(s => s.GetProperty("total").GetProperty("requests").GetInt64()), seconds[^1].GetProperty("cumulative").GetProperty("requests").GetInt64());

        // Once Redline has exited, nothing listens there any more.
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("/metrics", UriKind.Relative)));
    }

    [Fact]
    public async Task Run_DashboardOnAnotherAddressWithoutAToken_ExitsTwoBeforeAnyLoad()
    {
        var port = Targets.LoopbackPorts.Free();

        var (code, _, stderr) = await RedlineProcess.RunAsync(Limit, new Dictionary<string, string> { ["REDLINE_DASHBOARD_TOKEN"] = "" }, "run", Suite(port), "--quiet", "--no-store", "--out", Path.Combine(_dir, "refused"), "--dashboard", "0.0.0.0:0");

        Assert.Equal(2, code);
        Assert.Contains("REDLINE_DASHBOARD_TOKEN", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("starting the target", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DashboardOnAPortInUse_ExitsTwoAndSaysWhich()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var busy = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (code, _, stderr) = await RedlineProcess.RunAsync(Limit, "run", Suite(Targets.LoopbackPorts.Free()), "--quiet", "--no-store", "--out", Path.Combine(_dir, "busy"), $"--dashboard=127.0.0.1:{busy}");

        Assert.Equal(2, code);
        Assert.Contains($"127.0.0.1:{busy}", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HistoryDashboard_OverAStoreARunWasKeptIn_ServesItsSuitesUntilCtrlC()
    {
        var port = Targets.LoopbackPorts.Free();
        var store = Path.Combine(_dir, "history.db");
        var run = await RedlineProcess.RunAsync(Limit, "run", Suite(port, "{ model: open, rate: 20/s, duration: 2s }"), "--quiet", "--store", store, "--out", Path.Combine(_dir, "kept"));
        Assert.True(run.ExitCode == 0, run.Stderr);

        using var dashboard = RedlineProcess.Start("dashboard", "127.0.0.1:0", "--store", store);
        var url = await DashboardUrlAsync(dashboard);
        using var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        using var suites = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/suites", UriKind.Relative)));
        using var trend = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/trend?suite=dashboarded&scenario=s&metric=throughput", UriKind.Relative)));
        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/api/suites");
        foreign.Headers.Host = "attacker.example";
        var refused = (await client.SendAsync(foreign)).StatusCode;
        dashboard.SendInterrupt();
        var code = await dashboard.WaitAsync(TimeSpan.FromSeconds(15));

        var suite = Assert.Single(suites.RootElement.EnumerateArray());
        Assert.Equal(("dashboarded", 1), (suite.GetProperty("suite").GetString(), suite.GetProperty("runs").GetInt32()));
        Assert.Equal("s", suite.GetProperty("scenarios")[0].GetProperty("name").GetString());
        Assert.InRange(Assert.Single(trend.RootElement.GetProperty("points").EnumerateArray()).GetProperty("value").GetDouble(), 15, 25);
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Equal(0, code);
    }

    /// <summary>The page's address, from the line Redline prints when the dashboard listens.</summary>
    internal static async Task<Uri> DashboardUrlAsync(RedlineProcess redline)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (DashboardLine().Match(redline.Stderr) is { Success: true } match)
            {
                return new Uri(match.Groups["url"].Value);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no dashboard address within 60 s:\n{redline.Stderr}");
    }

    internal string Suite(int port, string load = "{ model: open, rate: 40/s, duration: 6s }")
    {
        File.WriteAllText(Path.Combine(_dir, "server.pl"), Targets.TestServices.Server);
        var path = Path.Combine(_dir, "suite.yaml");
        File.WriteAllText(path, $$"""
            suite: dashboarded
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
                load: {{load}}
                success_criteria:
                  response_time_p95: <500ms
                  error_rate: <1%
            """);
        return path;
    }

    [GeneratedRegex(@"dashboard at (?<url>http://\S+/)")]
    private static partial Regex DashboardLine();
}
