using System.Text.Json;
using Redline.Alerts;
using Redline.Dashboard.Exports;
using Redline.Engine;
using Redline.Testing;

namespace Redline.Dashboard.Tests;

/// <summary>The Grafana and Prometheus exports, checked by promtool itself: rule syntax, rule timing on test series, and every panel's PromQL.</summary>
public sealed class ExportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The seed's four alerts.</summary>
    private static readonly AlertRule[] SeedAlerts =
    [
        Rule("response_time_degradation", "p95_response_time > 1000ms for 5m", "warning", "slack", "pagerduty"),
        Rule("high_error_rate", "error_rate > 5% for 2m", "critical", "pagerduty", "email"),
        Rule("resource_exhaustion", "cpu_usage > 85% OR memory_usage > 90%", "warning", "slack"),
        Rule("regression_detected", "performance_regression == true", "warning", "github_issue", "slack"),
    ];

    [Fact]
    public async Task PrometheusRules_TheSeedsAlerts_PassPromtoolCheckRules()
    {
        var rules = PrometheusRules.Write("shop", SeedAlerts, out var errors)!;
        Assert.Empty(errors);
        var path = Path.Combine(_dir, "rules.yml");
        await File.WriteAllTextAsync(path, rules);

        var (exit, output) = await Promtool.RunAsync("", "check", "rules", path);

        Assert.True(exit == 0, $"promtool check rules exited {exit}:\n{output}\n---\n{rules}");
        Assert.Contains("SUCCESS: 4 rules found", output, StringComparison.Ordinal);
        Assert.Contains("for: 5m", rules, StringComparison.Ordinal);
        Assert.Contains("histogram_quantile(0.95, sum by (le, scenario) (rate(redline_request_duration_seconds_bucket{suite=\\\"shop\\\"}[1m]))) > 1", rules, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PrometheusRules_ErrorRateForTwoMinutes_FiresWhenPromtoolSaysOnTestSeries()
    {
        var rules = PrometheusRules.Write("shop", [SeedAlerts[1]], out _)!;
        await File.WriteAllTextAsync(Path.Combine(_dir, "rules.yml"), rules);
        // 10 requests a second, 1 of them failing (10%) from the start: the rate holds from 1m, so the alert fires at 3m.
        var summary = JsonSerializer.Serialize("high_error_rate: error_rate > 5% for 2m");
        await File.WriteAllTextAsync(Path.Combine(_dir, "test.yml"), $$"""
            rule_files: [rules.yml]
            evaluation_interval: 15s
            tests:
              - interval: 15s
                input_series:
                  - series: 'redline_requests_total{suite="shop",scenario="s",component="home",status="200"}'
                    values: '0+150x40'
                  - series: 'redline_request_errors_total{suite="shop",scenario="s",component="home",type="http_5xx"}'
                    values: '0+15x40'
                alert_rule_test:
                  - eval_time: 2m
                    alertname: high_error_rate
                    exp_alerts: []
                  - eval_time: 3m30s
                    alertname: high_error_rate
                    exp_alerts:
                      - exp_labels: { severity: critical, suite: shop, scenario: s, notify: "pagerduty,email" }
                        exp_annotations: { summary: {{summary}}, condition: "error_rate > 5% for 2m" }
            """);

        var (exit, output) = await Promtool.RunAsync("", "test", "rules", Path.Combine(_dir, "test.yml"));

        Assert.True(exit == 0, $"promtool test rules exited {exit}:\n{output}\n---\n{rules}");
    }

    [Fact]
    public void PrometheusRules_AnAlertOnTheLargestLatency_SaysItHasNoPrometheusForm()
    {
        Assert.Null(PrometheusRules.Write("shop", [Rule("slowest", "response_time_max > 2s", "warning")], out var errors));

        Assert.Contains("alerts.slowest: response_time_max has no Prometheus form", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grafana_TheDashboard_RefreshesEveryFiveSecondsAndEveryPanelsQueryIsValidPromQl()
    {
        var criteria = new[] { Criterion.TryParse("response_time_p95", "<500ms", out _)!, Criterion.TryParse("error_rate", "<1%", out _)! };

        using var dashboard = JsonDocument.Parse(GrafanaDashboard.Write("shop", criteria));
        var root = dashboard.RootElement;

        Assert.Equal("5s", root.GetProperty("refresh").GetString());
        var panels = root.GetProperty("panels").EnumerateArray().ToList();
        Assert.Contains(panels, p => p.GetProperty("title").GetString() == "Latency percentiles");
        var latency = panels.Single(p => p.GetProperty("title").GetString() == "Latency percentiles");
        Assert.Equal(0.5, latency.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("thresholds").GetProperty("steps")[1].GetProperty("value").GetDouble());
        var expressions = panels.SelectMany(p => p.GetProperty("targets").EnumerateArray()).Select(t => t.GetProperty("expr").GetString()!).ToList();
        Assert.Contains(expressions, e => e.StartsWith("histogram_quantile(0.95,", StringComparison.Ordinal));

        // promtool checks PromQL in rule files: each query, with Grafana's variables filled in, as a recording rule.
        var rules = "groups:\n  - name: grafana-queries\n    rules:\n" + string.Concat(expressions.Select((e, i) =>
            $"      - record: redline:panel_query_{i}\n        expr: {JsonSerializer.Serialize(e.Replace("$__rate_interval", "1m", StringComparison.Ordinal).Replace("$scenario", ".*", StringComparison.Ordinal))}\n"));
        var path = Path.Combine(_dir, "queries.yml");
        await File.WriteAllTextAsync(path, rules);
        var (exit, output) = await Promtool.RunAsync("", "check", "rules", path);
        Assert.True(exit == 0, $"promtool check rules exited {exit}:\n{output}\n---\n{rules}");
        Assert.Contains($"SUCCESS: {expressions.Count} rules found", output, StringComparison.Ordinal);
    }

    private static AlertRule Rule(string name, string condition, string severity, params string[] notify) =>
        new(name, AlertCondition.TryParse(condition, out var error) ?? throw new InvalidOperationException(error), severity, notify);
}
