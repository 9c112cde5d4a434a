using System.Text;
using Redline.Results.Analysis;
using Redline.Results.Judgement;
using Redline.Results.Reports;
using Redline.Results.Reports.Html;

namespace Redline.Results.Tests.Reports;

public sealed class ReportWritersTests
{
    [Fact]
    public void All_Formats_AreTheFiveWithTheirFiles()
    {
        Assert.Equal(["md", "json", "junit", "csv", "html"], ReportWriters.Formats);
        Assert.Equal(["pr-comment.md", "analysis.json", "junit.xml", "report.csv", "report.html"], ReportWriters.All.Select(w => w.FileName));
        Assert.Equal(["md", "json"], ReportWriters.All.Where(w => w.NeedsComparison).Select(w => w.Format));
        Assert.Null(ReportWriters.Find("pdf"));
    }

    [Fact]
    public async Task Write_EveryFormatFromOneContext_WritesWhatItsRendererWrites()
    {
        var runs = await ReportRuns.GetAsync();
        var context = new ReportContext(runs.Current) { Baseline = runs.Baseline, Comparison = runs.Comparison, FailOn = RegressionSeverity.Warning };

        Assert.Equal(PrComment.Render(runs.Baseline, runs.Current, runs.Comparison, RegressionSeverity.Warning, null), Written("md", context));
        Assert.Equal(CsvReport.Render(runs.Current, runs.Comparison), Written("csv", context));
        Assert.Equal(HtmlReport.Render(runs.Current, runs.Baseline, runs.Comparison, RegressionSeverity.Warning), Written("html", context));
        using (var junit = new MemoryStream())
        {
            JUnitReport.Write(junit, runs.Current, runs.Comparison, RegressionSeverity.Warning);
            Assert.Equal(Encoding.UTF8.GetString(junit.ToArray()), Written("junit", context));
        }

        Assert.Contains("\"current_run\"", Written("json", context), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_PrCommentWithGoals_AddsAGoalsTableThatCountsTheMissedTargets()
    {
        var runs = await ReportRuns.GetAsync();
        var p95 = runs.Scenario.Components.Single(c => c.Name == ReportRuns.ScriptComponent).Measures.Latency.P95;
        var judgement = new RunJudgement(RegressionThresholds.Default, [new ComponentGoals(ReportRuns.ScriptComponent, null, new GoalTable(null, p95 / 2, null, null, null))]);
        var context = ReportContext.Of(runs.Current, judgement) with { Baseline = runs.Baseline, Comparison = runs.Comparison };

        var comment = Written("md", context);

        Assert.Contains("### Goals (1 target missed)", comment, StringComparison.Ordinal);
        Assert.Contains("| p95 ms |", comment, StringComparison.Ordinal);
        Assert.Contains("| no |", comment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_HtmlWithGoals_ShowsThemAndMarksTheMissedOnes()
    {
        var runs = await ReportRuns.GetAsync();
        var p95 = runs.Scenario.Components.Single(c => c.Name == ReportRuns.ScriptComponent).Measures.Latency.P95;
        var judgement = new RunJudgement(RegressionThresholds.Default, [new ComponentGoals(ReportRuns.ScriptComponent, null, new GoalTable(null, p95 / 2, null, null, null))]);

        var html = Written("html", ReportContext.Of(runs.Current, judgement));

        Assert.Contains("<section id=\"goals\"><h2>Against the baseline and target tables</h2>", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"regression sev-warning\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<section id=\"goals\">", Written("html", new ReportContext(runs.Current)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_PrCommentWithoutAComparison_Throws()
    {
        var runs = await ReportRuns.GetAsync();

        Assert.Throws<ArgumentException>(() => PrComment.Render(new ReportContext(runs.Current)));
    }

    private static string Written(string format, ReportContext context)
    {
        using var stream = new MemoryStream();
        ReportWriters.Find(format)!.Write(stream, context);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
