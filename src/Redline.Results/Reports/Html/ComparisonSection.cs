using System.Globalization;
using System.Text;
using Redline.Results.Analysis;
using Redline.Results.Comparison;

namespace Redline.Results.Reports.Html;

/// <summary>
/// A scenario's verdicts against the baseline, regressions first and highlighted, each with its
/// numbers, its evidence and its explanation, and the rules that did not fire one click away.
/// </summary>
internal static class ComparisonSection
{
    public static void Write(StringBuilder html, string scenario, RunComparison comparison)
    {
        var scopes = comparison.Scopes.Where(s => s.Scenario == scenario).ToList();
        if (scopes.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>The baseline run {Escape.Html(comparison.BaselineRunId)} has no scenario of this name: nothing to compare.</p>");
            html.AppendLine();
            return;
        }

        // Regressions first, the worst at the top; the order of scopes and metrics otherwise, as the analyzer gave it.
        var rows = scopes
            .SelectMany(scope => scope.Verdicts.Select(verdict => (scope, verdict)))
            .Select((row, order) => (row.scope, row.verdict, order))
            .OrderByDescending(r => r.verdict.Severity)
            .ThenBy(r => r.order)
            .ToList();
        html.AppendLine("<table class=\"comparison\">");
        Markup.Head(html, "where", "metric", "baseline", "current", "change", "severity", "evidence", "explanation");
        html.AppendLine("<tbody>");
        foreach (var (scope, verdict, _) in rows)
        {
            Verdict(html, scope.Component ?? "all components", verdict);
        }

        if (comparison.Leaks.TryGetValue(scenario, out var leak))
        {
            Leak(html, leak);
        }

        html.AppendLine("</tbody></table>");
    }

    private static void Verdict(StringBuilder html, string where, RegressionVerdict verdict)
    {
        var rowClass = Markup.RowClass(verdict.Severity) ?? (verdict.Improved ? "improved" : null);
        html.Append(rowClass is null ? "<tr>" : $"<tr class=\"{Escape.Html(rowClass)}\">");
        Cell(html, where, header: true);
        Cell(html, verdict.Metric);
        Cell(html, Numbers.With(verdict.BaselineValue, verdict.Unit));
        Cell(html, Numbers.With(verdict.CurrentValue, verdict.Unit));
        Cell(html, Numbers.Change(verdict.ChangePercent) + (verdict.Improved ? " (better)" : ""));
        Severity(html, verdict.Severity, verdict.Action);
        Evidence(html, verdict.Significance is { } s ? $"p{Numbers.Space}={Numbers.Space}{Numbers.PValue(s.PValue)} (α{Numbers.Space}{Numbers.Plain(s.Alpha)})" : "too few samples", Ratio(verdict.Significance));
        html.Append("<td>");
        Threshold(html, verdict.Threshold);
        html.Append(Escape.Html(verdict.Explanation));
        html.Append(CultureInfo.InvariantCulture, $" <span class=\"window\">({verdict.Window.BaselineCount} vs {verdict.Window.CurrentCount} seconds)</span>");
        Rules(html, verdict.Rules);
        html.AppendLine("</td></tr>");
    }

    private static void Leak(StringBuilder html, LeakVerdict leak)
    {
        html.Append(leak.IsLeak ? $"<tr class=\"{Markup.RowClass(leak.Severity)}\">" : "<tr>");
        Cell(html, $"target ({leak.Metric})", header: true);
        Cell(html, "memory_leak");
        Cell(html, "");
        Cell(html, leak.Slope is { } slope ? Numbers.With(slope.MbPerHour, "MB/hour") : "too few samples");
        Cell(html, "");
        Severity(html, leak.Severity, leak.Action);
        Evidence(html, leak.Slope is { } s ? $"[{Numbers.Plain(s.LowerMbPerHour)}, {Numbers.Plain(s.UpperMbPerHour)}] MB/hour" : "", leak.Slope is null ? "" : $"Theil-Sen slope, {Numbers.Percent(100 * leak.Confidence)} interval");
        html.Append("<td>");
        Threshold(html, leak.Threshold);
        html.Append(Escape.Html(leak.Explanation));
        Rules(html, leak.Rules);
        html.AppendLine("</td></tr>");
    }

    /// <summary>The severity's badge, with the action it asks for under it.</summary>
    private static void Severity(StringBuilder html, RegressionSeverity severity, RegressionAction action)
    {
        html.Append("<td>").Append(Markup.Badge(severity));
        if (action != RegressionAction.None)
        {
            html.Append("<div class=\"action\">").Append(Escape.Html(action.ToSeedName())).Append("</div>");
        }

        html.Append("</td>");
    }

    private static void Threshold(StringBuilder html, string? threshold)
    {
        if (threshold is not null)
        {
            html.Append("<div class=\"threshold\">crossed ").Append(Escape.Html(threshold)).Append("</div>");
        }
    }

    /// <summary>The p-value (or leak interval) over the ratio's interval, one to a line.</summary>
    private static void Evidence(StringBuilder html, string first, string second)
    {
        html.Append("<td>").Append(Escape.Html(first));
        if (second.Length > 0)
        {
            html.Append("<div class=\"ratio\">").Append(Escape.Html(second)).Append("</div>");
        }

        html.Append("</td>");
    }

    /// <summary>"ratio 1.07× [1.02, 1.12] (median, 95%)": the bootstrap interval of current over baseline.</summary>
    private static string Ratio(Significance? significance)
    {
        if (significance?.Ratio is not { } ratio)
        {
            return "";
        }

        var interval = significance is { RatioLower: { } low, RatioUpper: { } high } ? $" [{Numbers.Plain(low)}, {Numbers.Plain(high)}]" : "";
        return $"ratio {Numbers.Plain(ratio)}×{interval} ({significance.RatioOf}, {Numbers.Percent(100 * significance.Confidence)})";
    }

    private static void Rules(StringBuilder html, IReadOnlyList<RuleOutcome> rules)
    {
        if (rules.Count == 0)
        {
            return;
        }

        html.Append("<details class=\"rules\"><summary>rules</summary><ul>");
        foreach (var rule in rules)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li class=\"{(rule.Fired ? "fired" : "quiet")}\"><b>{Escape.Html(rule.Rule)}</b> {(rule.Fired ? "fired" : "did not fire")}: {Escape.Html(rule.Reason)}</li>");
        }

        html.Append("</ul></details>");
    }

    private static void Cell(StringBuilder html, string text, bool header = false) =>
        html.Append(header ? "<th scope=\"row\">" : "<td>").Append(Escape.Html(text)).Append(header ? "</th>" : "</td>");
}
