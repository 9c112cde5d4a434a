using Redline.Cli.Gate;
using Redline.Engine;
using Redline.Results.Reports;

namespace Redline.Cli.Tests.Gate;

public sealed class GateReportsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-reports-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Validate_UnknownFormat_NamesEveryFormatTheWritersKnow()
    {
        var problems = GateReports.Validate(["junit, pdf", "html"]).ToList();

        Assert.Equal(["--report: unknown format 'pdf'; expected md, json, junit, csv, html"], problems);
    }

    [Fact]
    public void Write_WithoutAComparison_SkipsTheCommentAndAnalysisAndWritesTheRest()
    {
        var written = GateReports.Write(_dir, ["md,json,junit", "csv", "html", "csv"], new ReportContext(Run()));

        Assert.Equal(["junit.xml", "report.csv", "report.html"], written.Select(Path.GetFileName));
        Assert.All(written, path => Assert.True(new FileInfo(path).Length > 0, path));
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(Path.Combine(_dir, "report.html")), StringComparison.Ordinal);
    }

    private static RunResult Run()
    {
        var latency = new LatencyStats(10, 1, 5, 1, 5, 5, 6, 6, 7, 8, 9);
        var measures = new Measures(10, 0, 10, latency, latency, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0);
        var scenario = new ScenarioResult("s", "closed", null, DateTimeOffset.UnixEpoch, TimeSpan.FromSeconds(1), Verdict.Passed, null, measures,
            [new ComponentResult("api", measures, [])], [], new GeneratorReport(0, 0, 0, 0, false, []), null, []);
        return new RunResult("r", "t", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddSeconds(1), Verdict.Passed, [scenario], EnvironmentProbe.Capture());
    }
}
