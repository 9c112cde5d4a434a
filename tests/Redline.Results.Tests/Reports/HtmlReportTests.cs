using System.Net;
using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Reports.Html;

namespace Redline.Results.Tests.Reports;

public sealed class HtmlReportTests
{
    // Latency over time, latency distribution, throughput, errors, target CPU, target memory, and
    // from the resource monitor the target's GC heap, thread pool and GC pauses and the machine's CPU.
    private const int ChartsWithTarget = 10;
    private const int ResourceCharts = 4;

    [Fact]
    public async Task Render_ScenarioWithStages_TablesThemAndDrawsLatencyAndThroughputAgainstLoad()
    {
        var runs = await ReportRuns.GetAsync();
        var totals = runs.Scenario.Totals;
        var stages = new[] { 10.0, 50.0, 100.0 }.Select((users, i) => new StageResult(
            new StageSpan(i + 1, TimeSpan.FromSeconds(30 * i), TimeSpan.FromSeconds(30 * (i + 1)), users, users, "users"),
            totals with { ThroughputRps = users * 2, Latency = totals.Latency with { P50 = 10 + i, P95 = 20 + (10 * i), P99 = 40 + (20 * i) } },
            25 * (i + 1),
            100_000_000,
            10,
            1,
            i == 2)).ToList();
        var current = runs.Current with { Scenarios = [runs.Scenario with { Stages = stages }] };

        var html = HtmlReport.Render(current, null, null, RegressionSeverity.Critical);

        Assert.Contains(">Stages</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"stages\">", html, StringComparison.Ordinal);
        Assert.Matches("<td>50(&#160;|\u00A0)users</td>", html);
        Assert.Contains("<tr class=\"saturated\">", html, StringComparison.Ordinal);
        Assert.Contains("<figcaption>Latency against load</figcaption>", html, StringComparison.Ordinal);
        Assert.Contains("<figcaption>Throughput against load</figcaption>", html, StringComparison.Ordinal);
        Assert.Contains("load at the end of each stage (users)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Latency against load", HtmlReport.Render(runs.Current, null, null, RegressionSeverity.Critical), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_GenuineRunWithComparison_HasEverySection()
    {
        var runs = await ReportRuns.GetAsync();

        var html = HtmlReport.Render(runs.Current, runs.Baseline, runs.Comparison, RegressionSeverity.Critical);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        foreach (var heading in new[] { "Regression gate", "Environment", "Components", "Success criteria", "Resources", "Comparison with the baseline", "Charts" })
        {
            Assert.Contains($">{heading}</h", html, StringComparison.Ordinal);
        }

        foreach (var caption in new[] { "Latency percentiles over time", "Latency distribution", "Throughput over time", "Errors over time", "Target CPU over time", "Target memory over time", "Target GC heap over time", "Target thread pool over time", "Target GC pauses over time", "Machine CPU over time" })
        {
            Assert.Contains($"<figcaption>{caption}</figcaption>", html, StringComparison.Ordinal);
        }

        Assert.Contains(runs.Current.RunId, html, StringComparison.Ordinal);
        Assert.Contains(runs.Current.Environment.Fingerprint, html, StringComparison.Ordinal);
        Assert.Contains("response_time_p95", html, StringComparison.Ordinal);
        Assert.Contains("error_rate", html, StringComparison.Ordinal);
        Assert.Contains("http_5xx: ", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_RunWithEvents_MarksEachOnEveryTimeChartAndListsThem()
    {
        var runs = await ReportRuns.GetAsync();
        var scenario = runs.Scenario with
        {
            Events =
            [
                new RunEvent(runs.Scenario.Name, TimeSpan.FromSeconds(1), RunEventKind.Stage, "burst: <b>+100</b> req/s"),
                new RunEvent(runs.Scenario.Name, TimeSpan.FromSeconds(2.5), new RunEventKind("fault_start"), "latency +100ms") { Component = "db" },
            ],
        };
        var run = runs.Current with { Scenarios = [scenario] };

        var html = HtmlReport.Render(run, runs.Baseline, runs.Comparison, RegressionSeverity.Critical);

        // Every chart but the latency distribution has time on its x axis.
        Assert.Equal(2 * (ChartsWithTarget - 1), Dom.Count(html, "<g class=\"event\">"));
        Assert.Contains(">Events</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<td>fault_start</td><td>latency +100ms (db)</td>", html, StringComparison.Ordinal);
        Assert.Contains("burst: &lt;b&gt;+100&lt;/b&gt; req/s", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>+100</b>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_RunWithAFault_ShadesItsSpanOnEveryTimeChartAndSaysWhatItDid()
    {
        var runs = await ReportRuns.GetAsync();
        var impact = new FaultImpact(20, 0, 125, 0, 0, 1);
        var scenario = runs.Scenario with
        {
            Chaos = [new FaultReport("latency_injection", "target", 1, 2.5, "+100ms", "+100.1ms p50", impact)],
        };
        var run = runs.Current with { Scenarios = [scenario] };

        var html = HtmlReport.Render(run, null, null, RegressionSeverity.Critical);

        Assert.Equal(ChartsWithTarget - 1, Dom.Count(html, "<rect class=\"fault\""));
        Assert.Contains("<title>latency_injection +100ms on target: achieved +100.1ms p50</title>", html, StringComparison.Ordinal);
        Assert.Contains("fault latency_injection +100ms on target (1-2.5 s): achieved +100.1ms p50; p95 20 -&gt; 125 ms", html, StringComparison.Ordinal);
        Assert.Equal(0, Dom.Count(HtmlReport.Render(runs.Current, null, null, RegressionSeverity.Critical), "<rect class=\"fault\""));
    }

    [Fact]
    public async Task Render_RunWithAlerts_ListsEachAlertItsStatesAndItsNotifications()
    {
        var runs = await ReportRuns.GetAsync();
        var at = runs.Current.StartedAt;
        AlertTransition[] transitions = [new("pending", at, 0, 12, "holds"), new("firing", at.AddSeconds(2), 2, 12.5, "held"), new("resolved", at.AddSeconds(5), 5, null, "the scenario ended")];
        AlertDelivery[] deliveries = [new("ops", "webhook", "trigger", true, 1, 200, null, at), new("pager", "pagerduty", "trigger", false, 4, 503, "events.pagerduty.com answered 503", at)];
        var run = runs.Current with { Alerts = [new AlertReport("high_<errors>", "error_rate > 5% for 2s", "critical", "steady", transitions, deliveries)] };

        var html = HtmlReport.Render(run, null, null, RegressionSeverity.Critical);

        Assert.Contains("<h2>Alerts (1 fired)</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<th scope=\"row\">high_&lt;errors&gt;</th>", html, StringComparison.Ordinal);
        Assert.Contains("pending at second 0 (12); firing at second 2 (12.5); resolved at second 5", html, StringComparison.Ordinal);
        Assert.Contains("trigger to ops (webhook): delivered after 1 attempt; trigger to pager (pagerduty): failed: events.pagerduty.com answered 503", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"alerts\"", HtmlReport.Render(runs.Current, null, null, RegressionSeverity.Critical), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_GenuineRun_DrawsEveryChartWithPointsInsideItsViewBox()
    {
        var runs = await ReportRuns.GetAsync();

        var html = HtmlReport.Render(runs.Current, runs.Baseline, runs.Comparison, RegressionSeverity.Critical);

        Assert.Equal(ChartsWithTarget, Dom.Count(html, "<svg"));
        var lines = Dom.Polylines(html);
        Assert.True(lines.Count >= ChartsWithTarget, $"expected a line in every chart, found {lines.Count} polylines");
        Assert.All(lines, line =>
        {
            Assert.NotEmpty(line);
            Assert.All(line, p => Assert.True(p.X is >= 0 and <= 540 && p.Y is >= 0 and <= 250, $"point {p} outside the chart"));
        });
        Assert.Contains(lines, line => line.Length >= 3);
    }

    [Fact]
    public async Task Render_GenuineRun_ReferencesNothingOutsideTheFile()
    {
        var runs = await ReportRuns.GetAsync();

        var html = HtmlReport.Render(runs.Current, runs.Baseline, runs.Comparison, RegressionSeverity.Critical);

        // The only address in the file is the SVG namespace, which names and fetches nothing.
        Assert.Equal(Dom.Count(html, "<svg"), Dom.Count(html, "://"));
        Assert.Equal(Dom.Count(html, "<svg"), Dom.Count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
        foreach (var reference in new[] { "@import", "url(", "@font-face" })
        {
            Assert.Equal(0, Dom.Count(html, reference));
        }

        var tags = Dom.Tags(html);
        Assert.DoesNotContain(tags, tag => tag.Name is "link" or "img" or "object" or "iframe" or "embed" or "image" or "use" or "script");
        Assert.DoesNotContain(tags, tag => tag.Text.Contains(" src=", StringComparison.OrdinalIgnoreCase));
        Assert.All(tags.Where(tag => tag.Text.Contains("href=", StringComparison.OrdinalIgnoreCase)), tag => Assert.Contains("href=\"#scenario-", tag.Text, StringComparison.Ordinal));

        Assert.Contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_HostileNames_AppearOnlyEscaped()
    {
        var runs = await ReportRuns.GetAsync();

        var html = HtmlReport.Render(runs.Current, runs.Baseline, runs.Comparison, RegressionSeverity.Critical);

        Assert.Equal(0, Dom.Count(html, "<script"));
        Assert.Equal(0, Dom.Count(html, "<img"));
        Assert.Equal(0, Dom.Count(html, "<b>co"));
        Assert.Equal(0, Dom.Count(html, "<i>flow"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html, StringComparison.Ordinal);
        foreach (var text in new[] { ReportRuns.ScriptComponent, ReportRuns.ImageComponent, ReportRuns.Description, ReportRuns.ErrorDetail, ReportRuns.Suite, ReportRuns.Scenario })
        {
            Assert.DoesNotContain(text, html, StringComparison.Ordinal);
            Assert.Contains(WebUtility.HtmlEncode(text), html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Render_WithBaseline_OverlaysBaselineP95AndDistributionDashed()
    {
        var runs = await ReportRuns.GetAsync();

        var html = HtmlReport.Render(runs.Current, runs.Baseline, runs.Comparison, RegressionSeverity.Critical);

        Assert.Contains(">baseline p95</text>", html, StringComparison.Ordinal);
        Assert.Contains(">baseline</text>", html, StringComparison.Ordinal);
        // The baseline p95 line, the baseline distribution and the scheduled rate.
        Assert.True(Dom.Count(html, "<polyline class=\"series\" fill=\"none\" stroke=\"#7f7f7f\" stroke-dasharray") >= 3);
    }

    [Fact]
    public async Task Render_WithoutBaseline_HasNoComparisonAndNoBaselineLines()
    {
        var runs = await ReportRuns.GetAsync();

        var html = HtmlReport.Render(runs.Current, null, null, RegressionSeverity.Critical);

        Assert.DoesNotContain("Regression gate", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Comparison with the baseline", html, StringComparison.Ordinal);
        Assert.DoesNotContain("baseline p95", html, StringComparison.Ordinal);
        Assert.Equal(ChartsWithTarget, Dom.Count(html, "<svg"));
    }

    [Fact]
    public async Task Render_NoTargetSamples_LeavesOutTheResourceCharts()
    {
        var runs = await ReportRuns.GetAsync();
        var run = runs.Current with { Scenarios = [runs.Scenario with { Target = null }] };

        var html = HtmlReport.Render(run, null, null, RegressionSeverity.Critical);

        Assert.Equal(ChartsWithTarget - 2, Dom.Count(html, "<svg"));
        Assert.DoesNotContain("Target CPU", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_ResourcesMeasured_TablesTheTargetsRuntimeBesideTheLatencies()
    {
        var runs = await ReportRuns.GetAsync();

        var html = HtmlReport.Render(runs.Current, null, null, RegressionSeverity.Critical);

        Assert.Empty(runs.Scenario.Notes);
        var section = html[html.IndexOf(">Resources</h3>", StringComparison.Ordinal)..html.IndexOf(">Charts</h3>", StringComparison.Ordinal)];
        foreach (var row in new[] { "target CPU (100% = one core)", "target memory (RSS)", "GC heap", "thread-pool threads", "machine CPU user (all cores)" })
        {
            Assert.Contains($"<th scope=\"row\">{WebUtility.HtmlEncode(row)}</th>", section, StringComparison.Ordinal);
        }

        Assert.Matches(@"<li>GC pauses: (none in the scenario|\d+, p50 )", section);
        Assert.Contains("<li>in flight: mean ", section, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_NoResources_LeavesOutTheResourceSectionAndCharts()
    {
        var runs = await ReportRuns.GetAsync();
        var run = runs.Current with { Scenarios = [runs.Scenario with { Resources = null }] };

        var html = HtmlReport.Render(run, null, null, RegressionSeverity.Critical);

        Assert.DoesNotContain(">Resources</h3>", html, StringComparison.Ordinal);
        Assert.Equal(ChartsWithTarget - ResourceCharts, Dom.Count(html, "<svg"));
    }

    [Fact]
    public async Task Render_CriticalRegression_ListedFirstHighlightedAndBlocks()
    {
        var runs = await ReportRuns.GetAsync();
        // Three seconds a side are too few for the analyzer to call anything significant; make the
        // last verdict of the first scope a critical regression to see how the report shows one.
        var scope = runs.Comparison.Scopes[0];
        var last = scope.Verdicts[^1];
        var critical = last with { Severity = RegressionSeverity.Critical, Action = RegressionAction.BlockDeployment, Threshold = "critical: test", Explanation = "made critical <by the test>" };
        var comparison = runs.Comparison with { Scopes = [scope with { Verdicts = [.. scope.Verdicts.Take(scope.Verdicts.Count - 1), critical] }, .. runs.Comparison.Scopes.Skip(1)] };

        var html = HtmlReport.Render(runs.Current, runs.Baseline, comparison, RegressionSeverity.Critical);

        var table = html[html.IndexOf("<table class=\"comparison\">", StringComparison.Ordinal)..];
        var firstRow = table[table.IndexOf("<tbody>", StringComparison.Ordinal)..];
        Assert.StartsWith($"<tbody>\n<tr class=\"regression sev-critical\"><th scope=\"row\">all components</th><td>{last.Metric}</td>", firstRow.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("<div class=\"threshold\">crossed critical: test</div>made critical &lt;by the test&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<p class=\"gate fail\">", html, StringComparison.Ordinal);
        Assert.Contains("blocks the deployment (exit 3)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_NoRegression_GatePasses()
    {
        var runs = await ReportRuns.GetAsync();
        Assert.False(runs.Comparison.Blocks(RegressionSeverity.Warning));

        var html = HtmlReport.Render(runs.Current, runs.Baseline, runs.Comparison, RegressionSeverity.Warning);

        Assert.Contains("<p class=\"gate pass\">", html, StringComparison.Ordinal);
        Assert.Contains("No regressions", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_GenuineTimeline_CountsEveryRequestOnce()
    {
        var runs = await ReportRuns.GetAsync();

        var merged = LatencyDistribution.Merge(runs.Scenario.Timeline);

        Assert.NotNull(merged);
        Assert.Equal(runs.Scenario.Timeline.Sum(p => p.Total.Requests), merged.TotalCount);
        Assert.Equal(runs.Scenario.Totals.Requests, merged.TotalCount);
        var p99 = merged.GetValueAtPercentile(99) / 1000.0;
        Assert.InRange(p99, runs.Scenario.Totals.Latency.P99 * 0.99, runs.Scenario.Totals.Latency.P99 * 1.01 + 0.01);
    }

    [Fact]
    public void Merge_NoSecondWithRequests_IsNull()
    {
        var empty = LatencyStats.Empty;
        var snapshot = new IntervalSnapshot(0, null, 0, 0, 0, 0, 0, new Dictionary<string, long>(), new Dictionary<string, long>(), empty, empty, "", "");
        var point = new TimelinePoint(0, 10, 0, snapshot, [], default, null);

        Assert.Null(LatencyDistribution.Merge([point]));
    }
}
