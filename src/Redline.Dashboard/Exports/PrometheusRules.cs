using System.Text;
using System.Text.Json;
using Redline.Alerts;

namespace Redline.Dashboard.Exports;

/// <summary>
/// A suite's alerts as a Prometheus rule file (<c>promtool check rules</c> accepts it): one group named after the
/// suite, one alerting rule per alert with its <c>for</c>, <c>keep_firing_for</c>, severity and condition, over the
/// names <c>/metrics</c> serves.
/// </summary>
public static class PrometheusRules
{
    /// <summary>The rule file's text; null with every reason when an alert has no Prometheus form.</summary>
    public static string? Write(string suite, IReadOnlyList<AlertRule> alerts, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var problems = new List<string>();
        var text = new StringBuilder();
        text.Append("# Prometheus alerting rules for Redline suite ").Append(suite).Append(", from its alerts (redline export prometheus-rules).\n");
        text.Append("# The expressions read what redline run --dashboard serves on /metrics; rates are over ").Append(PromQl.Window).Append(".\n");
        text.Append("groups:\n");
        text.Append("  - name: ").Append(Quote($"redline-{suite}")).Append('\n');
        text.Append("    rules:\n");
        if (alerts.Count == 0)
        {
            text.Length -= "    rules:\n".Length;
            text.Append("    rules: []\n");
        }

        foreach (var alert in alerts)
        {
            var expression = PromQl.Of(alert.Condition, suite, out var error);
            if (expression is null)
            {
                problems.Add($"alerts.{alert.Name}: {error}");
                continue;
            }

            text.Append("      - alert: ").Append(Quote(alert.Name)).Append('\n');
            text.Append("        expr: ").Append(Quote(expression)).Append('\n');
            if (alert.Condition.For > TimeSpan.Zero)
            {
                text.Append("        for: ").Append(PromQl.Duration(alert.Condition.For)).Append('\n');
            }

            if (alert.KeepFiringFor > TimeSpan.Zero)
            {
                text.Append("        keep_firing_for: ").Append(PromQl.Duration(alert.KeepFiringFor)).Append('\n');
            }

            text.Append("        labels:\n");
            text.Append("          severity: ").Append(Quote(alert.Severity)).Append('\n');
            text.Append("          suite: ").Append(Quote(suite)).Append('\n');
            if (alert.Notification.Count > 0)
            {
                text.Append("          notify: ").Append(Quote(string.Join(",", alert.Notification))).Append('\n');
            }

            text.Append("        annotations:\n");
            text.Append("          summary: ").Append(Quote(alert.Summary ?? $"{alert.Name}: {alert.Condition.Text}")).Append('\n');
            text.Append("          condition: ").Append(Quote(alert.Condition.Text)).Append('\n');
        }

        errors = problems;
        return problems.Count == 0 ? text.ToString() : null;
    }

    /// <summary>A YAML double-quoted scalar (JSON's string syntax is one).</summary>
    internal static string Quote(string value) => JsonSerializer.Serialize(value, Readable);

    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
