using System.Globalization;
using System.Text;
using Redline.Engine;
using Redline.Results.Comparison;

namespace Redline.Results.Reports.Html;

/// <summary>One scenario: what it was, its components and criteria, its comparison with the baseline, and its charts.</summary>
internal static class ScenarioSection
{
    public static void Write(StringBuilder html, ScenarioResult scenario, int index, ScenarioResult? baseline, RunComparison? comparison)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"scenario\" id=\"scenario-{index + 1}\">");
        html.AppendLine();
        html.Append(CultureInfo.InvariantCulture, $"<h2>Scenario: {Escape.Html(scenario.Name)} {Markup.Badge(scenario.Verdict)}</h2>");
        html.AppendLine();
        if (!string.IsNullOrWhiteSpace(scenario.Description))
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"description\">{Escape.Html(scenario.Description)}</p>");
            html.AppendLine();
        }

        Facts(html, scenario);
        Notes(html, scenario);
        html.AppendLine("<h3>Components</h3>");
        ScenarioTables.Components(html, scenario);
        html.AppendLine("<h3>Success criteria</h3>");
        ScenarioTables.Criteria(html, scenario.Criteria);
        if (scenario.Resources is not null)
        {
            html.AppendLine("<h3>Resources</h3>");
            ScenarioTables.Resources(html, scenario);
        }

        html.AppendLine("<h3>Charts</h3>");
        Charts(html, scenario, baseline);

        // After the charts: the summary already lists every regression, and this table is long.
        if (comparison is not null)
        {
            html.AppendLine("<h3>Comparison with the baseline</h3>");
            ComparisonSection.Write(html, scenario.Name, comparison);
        }
        html.AppendLine("</section>");
    }

    private static void Facts(StringBuilder html, ScenarioResult scenario)
    {
        var generator = scenario.Generator;
        var health = string.Create(CultureInfo.InvariantCulture, $"CPU {Numbers.Percent(generator.CpuPercent)} mean, {Numbers.Percent(generator.PeakCpuPercent)} peak; schedule lag p99 {Numbers.Ms(generator.ScheduleLagP99Ms)}, max {Numbers.Ms(generator.MaxScheduleLagMs)}");
        var target = scenario.Target is { } t
            ? $"CPU {Numbers.Percent(t.CpuPercentMean)} mean, {Numbers.Percent(t.CpuPercentPeak)} peak (100% = one core); memory {Numbers.Mb(t.MemoryMeanBytes)} mean, {Numbers.Mb(t.MemoryPeakBytes)} peak"
                + (t.Note is null ? "" : $"; {t.Note}")
            : null;
        Markup.Facts(html,
        [
            ("model", scenario.Model),
            ("started", Numbers.Time(scenario.StartedAt)),
            ("duration", Numbers.Duration(scenario.Duration)),
            ("stopped because", scenario.StopReason),
            ("generator", health),
            ("generator saturated", generator.Saturated ? "yes, latency figures may be the generator's own: " + string.Join("; ", generator.Reasons) : null),
            ("target", target),
        ]);
    }

    private static void Notes(StringBuilder html, ScenarioResult scenario)
    {
        if (scenario.Notes.Count == 0)
        {
            return;
        }

        html.AppendLine("<ul class=\"notes\">");
        foreach (var note in scenario.Notes)
        {
            html.Append(CultureInfo.InvariantCulture, $"<li>{Escape.Html(note)}</li>");
        }

        html.AppendLine("</ul>");
    }

    private static void Charts(StringBuilder html, ScenarioResult scenario, ScenarioResult? baseline)
    {
        LineChart?[] charts =
        [
            TimelineCharts.Latency(scenario, baseline),
            LatencyDistribution.Chart(scenario, baseline),
            TimelineCharts.Throughput(scenario),
            TimelineCharts.Errors(scenario),
            TimelineCharts.TargetCpu(scenario),
            TimelineCharts.TargetMemory(scenario),
            TimelineCharts.Resource(scenario, "Target GC heap over time", "managed heap (MB)", ("GC heap", "target.runtime.gc_heap_bytes", Palette.Brown, 1 / (1024.0 * 1024.0))),
            TimelineCharts.Resource(scenario, "Target thread pool over time", "count", ("threads", "target.runtime.thread_pool_threads", Palette.Blue, 1), ("queued work items", "target.runtime.thread_pool_queue", Palette.Red, 1)),
            TimelineCharts.Resource(scenario, "Target GC pauses over time", "longest pause in the second (ms)", ("GC pause", "target.runtime.gc_pause_max_ms", Palette.Orange, 1)),
            TimelineCharts.Resource(scenario, "Machine CPU over time", "CPU (% of all cores)", ("user", "system.cpu_user_percent", Palette.Green, 1), ("system", "system.cpu_system_percent", Palette.Purple, 1), ("steal", "system.cpu_steal_percent", Palette.Gray, 1)),
        ];
        html.AppendLine("<div class=\"charts\">");
        foreach (var chart in charts.OfType<LineChart>())
        {
            html.Append(CultureInfo.InvariantCulture, $"<figure><figcaption>{Escape.Html(chart.Title)}</figcaption>");
            html.AppendLine();
            html.Append(SvgChart.Render(chart));
            html.AppendLine("</figure>");
        }

        html.AppendLine("</div>");
    }
}
