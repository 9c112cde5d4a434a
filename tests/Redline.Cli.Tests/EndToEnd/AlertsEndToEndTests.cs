using System.Text.Json;
using Redline.Testing;
using Redline.Testing.Servers;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary><c>redline run</c> with a suite's alerts: judged live, delivered to real receivers, kept in results.json; and the exports of the seed's alerts.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AlertsEndToEndTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-alerts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Run_ErrorsPastTheAlertsThreshold_FiresResolvesAndTellsEveryReceiverWithinASecond()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        await using var smtp = new SmtpSink();
        var port = Targets.LoopbackPorts.Free();
        File.WriteAllText(Path.Combine(_dir, "server.pl"), Targets.TestServices.Server);
        var suite = Path.Combine(_dir, "suite.yaml");
        // Every answer is 200 where 201 is expected: every request fails, from the first second.
        File.WriteAllText(suite, $$"""
            suite: alerted
            target:
              base_url: http://127.0.0.1:{{port}}
              start:
                command: perl
                args: [server.pl, "{{port}}", "0", term]
                ready: tcp:{{port}}
                ready_timeout: 20s
            components:
              home:
                request: { path: /, expect_status: [201] }
            scenarios:
              s:
                load: { model: open, rate: 20/s, duration: 6s }
            alerts:
              high_error_rate:
                condition: "error_rate > 5% for 2s"
                severity: critical
                notification: [ops, slack, pagerduty, email]
              slow:
                condition: "p99_response_time > 10s"
                notification: [ops]
            notifiers:
              ops: { type: webhook, url: "{{receiver.Url}}hook" }
              slack: { type: slack, url_env: REDLINE_TEST_SLACK_URL }
              pagerduty: { type: pagerduty, url: "{{receiver.Url}}pd", routing_key_env: REDLINE_TEST_PD_KEY }
              email: { type: email, smtp: "{{smtp.Address}}", from: redline@example.com, to: [oncall@example.com] }
            """);
        var environment = new Dictionary<string, string>
        {
            ["REDLINE_TEST_SLACK_URL"] = $"{receiver.Url}services/T0/B0/secretpath",
            ["REDLINE_TEST_PD_KEY"] = "routingkeyroutingkeyroutingkey01",
        };

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, environment, "run", suite, "--quiet", "--no-store", "--out", Path.Combine(_dir, "out"));

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("alert high_error_rate (critical) in scenario s fired at second 2 (value 100), resolved at second 5; 8 of 8 notifications delivered", stdout, StringComparison.Ordinal);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "out", "results.json")));
        var alert = Assert.Single(results.RootElement.GetProperty("alerts").EnumerateArray());
        Assert.Equal("high_error_rate", alert.GetProperty("name").GetString());
        Assert.True(alert.GetProperty("fired").GetBoolean());
        var transitions = alert.GetProperty("transitions").EnumerateArray().ToList();
        Assert.Equal(["pending", "firing", "resolved"], transitions.Select(t => t.GetProperty("state").GetString()));
        Assert.Equal(8, alert.GetProperty("deliveries").EnumerateArray().Count(d => d.GetProperty("delivered").GetBoolean()));

        // Each receiver got the trigger within a second of the firing, then the resolve.
        var firedAt = transitions[1].GetProperty("at").GetDateTimeOffset();
        var calls = receiver.Calls.ToList();
        // In the order the alert lists its notifiers (the email went to the SMTP sink in between).
        Assert.Equal(["/hook", "/services/T0/B0/secretpath", "/pd"], calls.Take(3).Select(c => c.Path));
        Assert.All(calls.Take(3), c => Assert.InRange((c.At - firedAt).TotalSeconds, 0, 1));
        Assert.Equal(6, calls.Count);
        Assert.Equal(2, smtp.Messages.Count);
        var hook = JsonDocument.Parse(calls.First(c => c.Path == "/hook").Body).RootElement;
        Assert.Equal("firing", hook.GetProperty("status").GetString());
        Assert.Equal("alerted", hook.GetProperty("commonLabels").GetProperty("suite").GetString());

        // The secrets are nowhere in what the run wrote or printed.
        var written = string.Concat(Directory.EnumerateFiles(Path.Combine(_dir, "out"), "*", SearchOption.AllDirectories).Select(File.ReadAllText));
        foreach (var secret in environment.Values.Append("secretpath"))
        {
            Assert.DoesNotContain(secret, written + stdout + stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Export_TheSeedsAlertsAndDashboard_PromtoolAcceptsBoth()
    {
        var example = Path.Combine(Suites.SuiteSchemaTests.RepositoryRoot(), "examples", "code-deployment.yaml");
        var rules = Path.Combine(_dir, "rules.yml");
        var dashboard = Path.Combine(_dir, "dashboard.json");

        var exported = await RedlineProcess.RunAsync(Limit, "export", "prometheus-rules", example, "-o", rules);
        var grafana = await RedlineProcess.RunAsync(Limit, "export", "grafana", example, "-o", dashboard);

        Assert.True(exported.ExitCode == 0, exported.Stderr);
        Assert.True(grafana.ExitCode == 0, grafana.Stderr);
        var (exit, output) = await Promtool.RunAsync("", "check", "rules", rules);
        Assert.True(exit == 0, $"{output}\n---\n{File.ReadAllText(rules)}");
        Assert.Contains("SUCCESS: 4 rules found", output, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(File.ReadAllText(dashboard));
        Assert.Equal("Redline: code-deployment", json.RootElement.GetProperty("title").GetString());
        Assert.Equal("5s", json.RootElement.GetProperty("refresh").GetString());
    }
}
