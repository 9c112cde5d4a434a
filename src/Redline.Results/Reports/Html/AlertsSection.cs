using System.Globalization;
using System.Text;
using Redline.Engine;

namespace Redline.Results.Reports.Html;

/// <summary>The alerts that went pending or fired during the run: their states in order, and where each notification went.</summary>
internal static class AlertsSection
{
    public static void Write(StringBuilder html, IReadOnlyList<AlertReport> alerts)
    {
        if (alerts.Count == 0)
        {
            return;
        }

        html.AppendLine("<section id=\"alerts\">");
        html.Append(CultureInfo.InvariantCulture, $"<h2>Alerts ({alerts.Count(a => a.Fired)} fired)</h2>");
        html.AppendLine();
        html.AppendLine("<table class=\"alerts\">");
        Markup.Head(html, "alert", "severity", "scope", "condition", "states", "notifications");
        html.AppendLine("<tbody>");
        foreach (var alert in alerts)
        {
            var states = string.Join("; ", alert.Transitions.Select(t =>
                t.Second is { } second ? $"{t.State} at second {second}{(t.Value is { } v ? string.Create(CultureInfo.InvariantCulture, $" ({v:0.###})") : "")}" : $"{t.State} ({t.Text})"));
            var deliveries = alert.Deliveries.Count == 0 ? "none"
                : string.Join("; ", alert.Deliveries.Select(d => $"{d.Action} to {d.Channel} ({d.Type}): {(d.Delivered ? $"delivered after {d.Attempts} attempt{(d.Attempts == 1 ? "" : "s")}" : $"failed: {d.Error}")}"));
            Markup.Row(html, alert.Fired ? $"alert sev-{alert.Severity}" : "alert", alert.Name, alert.Severity, alert.Scenario ?? "the run", alert.Condition, states, deliveries);
        }

        html.AppendLine("</tbody></table>");
        html.AppendLine("</section>");
    }
}
