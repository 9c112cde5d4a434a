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

        if (scenario.Stages.Count > 0)
        {
            html.AppendLine("<h3>Stages</h3>");
            ScenarioTables.Stages(html, scenario);
        }

        var findings = StressWords.Lines(scenario).ToList();
        if (findings.Count > 0)
        {
            html.AppendLine("<h3>Breaking point, capacity and faults</h3>");
            ScenarioTables.Findings(html, findings);
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
        var markers = scenario.Events.Select((e, i) => new ChartMarker(e.At.TotalSeconds, i + 1, $"{i + 1}. {e.At.TotalSeconds:0.#} s, {e.Kind.Name}: {e.Text}")).ToList();
        LineChart?[] timeCharts =
        [
            TimelineCharts.Latency(scenario, baseline),
            TimelineCharts.Throughput(scenario),
            TimelineCharts.Errors(scenario),
            TimelineCharts.TargetCpu(scenario),
            TimelineCharts.TargetMemory(scenario),
            TimelineCharts.Resource(scenario, "Target GC heap over time", "managed heap (MB)", ("GC heap", "target.runtime.gc_heap_bytes", Palette.Brown, 1 / (1024.0 * 1024.0))),
            TimelineCharts.Resource(scenario, "Target thread pool over time", "count", ("threads", "target.runtime.thread_pool_threads", Palette.Blue, 1), ("queued work items", "target.runtime.thread_pool_queue", Palette.Red, 1)),
            TimelineCharts.Resource(scenario, "Target GC pauses over time", "longest pause in the second (ms)", ("GC pause", "target.runtime.gc_pause_max_ms", Palette.Orange, 1)),
            TimelineCharts.Resource(scenario, "Machine CPU over time", "CPU (% of all cores)", ("user", "system.cpu_user_percent", Palette.Green, 1), ("system", "system.cpu_system_percent", Palette.Purple, 1), ("steal", "system.cpu_steal_percent", Palette.Gray, 1)),
        ];
        var end = scenario.Duration.TotalSeconds;
        var bands = scenario.Chaos.Select(f => new ChartBand(f.StartedAtSeconds, f.EndedAtSeconds ?? end, $"{f.Fault} {f.Asked} on {f.On}: achieved {f.Achieved ?? "not measured"}")).ToList();
        var marked = timeCharts.OfType<LineChart>().Select(c => c with { Markers = markers, Bands = bands }).ToList();

        // The distribution's x axis is latency, not time: it takes no markers, and keeps its place second.
        IEnumerable<LineChart?> charts = [marked.FirstOrDefault(), LatencyDistribution.Chart(scenario, baseline), DegradationCharts.Latency(scenario), DegradationCharts.Throughput(scenario), .. marked.Skip(1)];
        html.AppendLine("<div class=\"charts\">");
        foreach (var chart in charts.OfType<LineChart>())
        {
            html.Append(CultureInfo.InvariantCulture, $"<figure><figcaption>{Escape.Html(chart.Title)}</figcaption>");
            html.AppendLine();
            html.Append(SvgChart.Render(chart));
            html.AppendLine("</figure>");
        }

        html.AppendLine("</div>");
        Events(html, scenario.Events);
    }

    /// <summary>The run's events, numbered as their markers on the time charts.</summary>
    private static void Events(StringBuilder html, IReadOnlyList<RunEvent> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        html.AppendLine("<h3>Events</h3>");
        html.AppendLine("<table class=\"events\"><thead><tr><th>#</th><th>time (s)</th><th>kind</th><th>what happened</th></tr></thead><tbody>");
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var component = e.Component is null ? "" : $" ({Escape.Html(e.Component)})";
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{i + 1}</td><td>{e.At.TotalSeconds:0.0}</td><td>{Escape.Html(e.Kind.Name)}</td><td>{Escape.Html(e.Text)}{component}</td></tr>");
            html.AppendLine();
        }

        html.AppendLine("</tbody></table>");
    }
}
