using System.Globalization;
using System.Text;
using Redline.Engine;

namespace Redline.Results.Reports.Html;

/// <summary>A scenario's component table (with its error samples) and its criteria table.</summary>
internal static class ScenarioTables
{
    public static void Components(StringBuilder html, ScenarioResult scenario)
    {
        html.AppendLine("<table class=\"components\">");
        Markup.Head(html, "component", "requests", "throughput", "p50", "p95", "p99", "max", "errors", "error rate", "errors by type");
        html.AppendLine("<tbody>");
        foreach (var component in scenario.Components)
        {
            Row(html, component.Name, component.Measures, null);
            foreach (var step in component.Steps)
            {
                // A flow's steps, indented under it (the step class), with how often each was skipped.
                Row(html, $"└ {step.Name}" + (step.Skipped > 0 ? $" ({Numbers.Count(step.Skipped)} skipped)" : ""), step.Measures, step.Measures.Errors > 0 ? "step errors" : "step");
            }
        }

        if (scenario.Components.Count > 1)
        {
            Row(html, "all components", scenario.Totals, "total");
        }

        html.AppendLine("</tbody></table>");
        ErrorSamples(html, scenario);
    }

    /// <summary>Each stage of the load with its figures: the degradation curve as a table.</summary>
    public static void Stages(StringBuilder html, ScenarioResult scenario)
    {
        html.AppendLine("<table class=\"stages\">");
        Markup.Head(html, "stage", "time", "load", "requests", "throughput", "p50", "p95", "p99", "error rate", "target CPU", "target memory", "generator");
        html.AppendLine("<tbody>");
        foreach (var stage in scenario.Stages)
        {
            var (span, measures) = (stage.Span, stage.Measures);
            var load = span.From == span.To ? Numbers.With(span.To, span.Unit) : $"{Numbers.Plain(span.From)} → {Numbers.With(span.To, span.Unit)}";
            Markup.Row(
                html,
                stage.GeneratorSaturated ? "saturated" : null,
                span.Phase == "load" ? Numbers.Count(span.Number) : $"{Numbers.Count(span.Number)} {span.Phase}",
                string.Create(CultureInfo.InvariantCulture, $"{Numbers.Plain(span.Start.TotalSeconds)}–{Numbers.Plain(span.End.TotalSeconds)} s"),
                load,
                Numbers.Count(measures.Requests),
                Numbers.With(measures.ThroughputRps, "req/s"),
                Numbers.Ms(measures.Latency.P50),
                Numbers.Ms(measures.Latency.P95),
                Numbers.Ms(measures.Latency.P99),
                Numbers.Percent(measures.ErrorRatePercent),
                stage.TargetCpuPercent is { } cpu ? Numbers.Percent(cpu) : "",
                stage.TargetMemoryPeakBytes is { } memory ? Numbers.Mb(memory) : "",
                stage.GeneratorSaturated ? "saturated" : "ok");
        }

        html.AppendLine("</tbody></table>");
    }

    /// <summary>The break, the recovery, the bottlenecks, the capacity model and the faults, one sentence each.</summary>
    public static void Findings(StringBuilder html, IReadOnlyList<string> findings)
    {
        html.AppendLine("<ul class=\"findings\">");
        foreach (var finding in findings)
        {
            html.Append("<li>").Append(Escape.Html(finding)).AppendLine("</li>");
        }

        html.AppendLine("</ul>");
    }

    public static void Criteria(StringBuilder html, IReadOnlyList<CriterionOutcome> criteria)
    {
        if (criteria.Count == 0)
        {
            html.AppendLine("<p>No success criteria.</p>");
            return;
        }

        html.AppendLine("<table class=\"criteria\">");
        Markup.Head(html, "criterion", "threshold", "actual", "result", "note");
        html.AppendLine("<tbody>");
        foreach (var criterion in criteria)
        {
            var actual = criterion.Actual is { } value ? ResourceHighlights.ShowCriterion(value, criterion.Unit) : "not measured";
            Markup.Row(html, criterion.Passed ? "pass" : "fail", criterion.Name, criterion.Expression, actual, criterion.Passed ? "pass" : "fail", criterion.Note ?? "");
        }

        html.AppendLine("</tbody></table>");
    }

    /// <summary>The target's, its runtime's and the machine's resources (mean, p95, max), then GC pauses, recovery and what was not measured.</summary>
    public static void Resources(StringBuilder html, ScenarioResult scenario)
    {
        if (scenario.Resources is { } resources && ResourceHighlights.Present(resources).Any())
        {
            html.AppendLine("<table class=\"resources\">");
            Markup.Head(html, "resource", "mean", "p95", "max");
            html.AppendLine("<tbody>");
            foreach (var (row, s) in ResourceHighlights.Present(resources))
            {
                Markup.Row(html, null, row.Label, ResourceHighlights.Show(s.Mean, row.Kind), ResourceHighlights.Show(s.P95, row.Kind), ResourceHighlights.Show(s.Max, row.Kind));
            }

            html.AppendLine("</tbody></table>");
        }

        var lines = ResourceHighlights.Lines(scenario).ToList();
        if (lines.Count > 0)
        {
            html.AppendLine("<ul class=\"resource-notes\">");
            foreach (var line in lines)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{Escape.Html(line)}</li>");
                html.AppendLine();
            }

            html.AppendLine("</ul>");
        }
    }

    private static void Row(StringBuilder html, string name, Measures measures, string? rowClass)
    {
        var byType = string.Join(", ", measures.ErrorsByType.Where(e => e.Value > 0).Select(e => $"{e.Key}: {Numbers.Count(e.Value)}"));
        Markup.Row(
            html,
            rowClass ?? (measures.Errors > 0 ? "errors" : null),
            name,
            Numbers.Count(measures.Requests),
            Numbers.With(measures.ThroughputRps, "req/s"),
            Numbers.Ms(measures.Latency.P50),
            Numbers.Ms(measures.Latency.P95),
            Numbers.Ms(measures.Latency.P99),
            Numbers.Ms(measures.Latency.Max),
            Numbers.Count(measures.Errors),
            Numbers.Percent(measures.ErrorRatePercent),
            byType.Length == 0 ? "none" : byType);
    }

    /// <summary>The first failure details of each component: what the target said, verbatim, so escaped.</summary>
    private static void ErrorSamples(StringBuilder html, ScenarioResult scenario)
    {
        foreach (var component in scenario.Components.Where(c => c.ErrorSamples.Count > 0))
        {
            html.Append(CultureInfo.InvariantCulture, $"<details class=\"samples\" open><summary>Error samples of {Escape.Html(component.Name)} ({component.ErrorSamples.Count})</summary><ul>");
            foreach (var sample in component.ErrorSamples)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li><code>{Escape.Html(sample)}</code></li>");
            }

            html.AppendLine("</ul></details>");
        }
    }
}
