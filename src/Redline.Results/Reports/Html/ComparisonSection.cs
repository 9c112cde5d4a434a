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
        Markup.Head(html, "where", "metric", "baseline", "current", "change", "severity", "action", "p-value", "ratio (CI)", "threshold", "explanation");
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
        Cell(html, $"{Numbers.Plain(verdict.BaselineValue)} {verdict.Unit}");
        Cell(html, $"{Numbers.Plain(verdict.CurrentValue)} {verdict.Unit}");
        Cell(html, Numbers.Change(verdict.ChangePercent) + (verdict.Improved ? " (better)" : ""));
        html.Append("<td>").Append(Markup.Badge(verdict.Severity)).Append("</td>");
        Cell(html, verdict.Action.ToSeedName());
        Cell(html, verdict.Significance is { } s ? Numbers.PValue(s.PValue) + $" (α {Numbers.Plain(s.Alpha)})" : "too few samples");
        Cell(html, Ratio(verdict.Significance));
        Cell(html, verdict.Threshold ?? "");
        html.Append("<td>").Append(Escape.Html(verdict.Explanation));
        html.Append(CultureInfo.InvariantCulture, $" <span class=\"window\">({verdict.Window.BaselineCount} vs {verdict.Window.CurrentCount} seconds)</span>");
        Rules(html, verdict.Rules);
        html.AppendLine("</td></tr>");
    }

    private static void Leak(StringBuilder html, LeakVerdict leak)
    {
        html.Append(leak.IsLeak ? $"<tr class=\"{Markup.RowClass(leak.Severity)}\">" : "<tr>");
        Cell(html, "target", header: true);
        Cell(html, "memory_leak (" + leak.Metric + ")");
        Cell(html, "");
        Cell(html, leak.Slope is { } slope ? $"{Numbers.Plain(slope.MbPerHour)} MB/hour" : "too few samples");
        Cell(html, "");
        html.Append("<td>").Append(Markup.Badge(leak.Severity)).Append("</td>");
        Cell(html, leak.Action.ToSeedName());
        Cell(html, "");
        Cell(html, leak.Slope is { } s ? $"[{Numbers.Plain(s.LowerMbPerHour)}, {Numbers.Plain(s.UpperMbPerHour)}] MB/hour ({Numbers.Percent(100 * leak.Confidence)})" : "");
        Cell(html, leak.Threshold ?? "");
        html.Append("<td>").Append(Escape.Html(leak.Explanation));
        Rules(html, leak.Rules);
        html.AppendLine("</td></tr>");
    }

    /// <summary>"1.07× [1.02, 1.12], median, 95%": the bootstrap interval of current over baseline.</summary>
    private static string Ratio(Significance? significance)
    {
        if (significance?.Ratio is not { } ratio)
        {
            return "";
        }

        var interval = significance is { RatioLower: { } low, RatioUpper: { } high } ? $" [{Numbers.Plain(low)}, {Numbers.Plain(high)}]" : "";
        return $"{Numbers.Plain(ratio)}×{interval}, {significance.RatioOf}, {Numbers.Percent(100 * significance.Confidence)}";
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
