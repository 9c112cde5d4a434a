using Redline.Results.Analysis;
using Redline.Results.Reports.Html;
using Redline.Testing;
using Xunit.Abstractions;

namespace Redline.Results.Tests.Reports;

/// <summary>The HTML report opened in a real headless Chromium: it renders its charts and runs nothing a name smuggles in.</summary>
public sealed class HtmlReportBrowserTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan BrowserTimeout = TimeSpan.FromSeconds(60);

    // Removed after the test; REDLINE_KEEP_HTML_REPORT=1 keeps it, so that a person can open the report and its screenshot.
    private readonly string _outputFolder = Directory.CreateTempSubdirectory("redline-html-report-").FullName;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("REDLINE_KEEP_HTML_REPORT") != "1")
        {
            Directory.Delete(_outputFolder, recursive: true);
        }
    }

    [Fact]
    public async Task DumpDom_HostileReport_RendersChartsAndRunsNoScript()
    {
        var browser = await Chromium.RequireAsync();
        var runs = await ReportRuns.GetAsync();
        var file = Write("report.html", HtmlReport.Render(runs.Current, runs.Baseline, runs.Comparison, RegressionSeverity.Critical));

        var (exit, dom, errors) = await Chromium.RunAsync(browser, ["--dump-dom", new Uri(file).AbsoluteUri], BrowserTimeout);

        Assert.True(exit == 0, $"chromium exited with {exit}:\n{errors}");
        Assert.Equal(Dom.SerializedText(HtmlReport.Title(runs.Current)), Dom.Title(dom));
        Assert.DoesNotContain("pwned</title>", dom, StringComparison.Ordinal);
        Assert.Equal(0, Dom.Count(dom, "<script"));
        Assert.Equal(0, Dom.Count(dom, "<img"));
        Assert.Contains(Dom.SerializedText(ReportRuns.ScriptComponent), dom, StringComparison.Ordinal);
        Assert.Contains(Dom.SerializedText(ReportRuns.ImageComponent), dom, StringComparison.Ordinal);
        Assert.Contains(Dom.SerializedText(ReportRuns.Description), dom, StringComparison.Ordinal);
        Assert.Equal(10, Dom.Count(dom, "<svg"));
        var lines = Dom.Polylines(dom);
        Assert.True(lines.Count >= 10, $"expected a line in every chart, found {lines.Count} polylines in the browser's DOM");
        Assert.All(lines, line => Assert.NotEmpty(line));
    }

    [Fact]
    public async Task Screenshot_Report_IsAFullSizePng()
    {
        var browser = await Chromium.RequireAsync();
        var runs = await ReportRuns.GetAsync();
        var file = Write("report.html", HtmlReport.Render(runs.Current, runs.Baseline, runs.Comparison, RegressionSeverity.Critical));
        var png = Path.Combine(_outputFolder, "report.png");
        File.Delete(png);

        var (exit, _, errors) = await Chromium.RunAsync(browser, [$"--screenshot={png}", "--window-size=1280,2400", new Uri(file).AbsoluteUri], BrowserTimeout);

        Assert.True(exit == 0, $"chromium exited with {exit}:\n{errors}");
        Assert.True(File.Exists(png), $"chromium wrote no screenshot:\n{errors}");
        var bytes = await File.ReadAllBytesAsync(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        // IHDR: width and height, big-endian, at bytes 16 and 20.
        Assert.Equal(1280, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)));
        Assert.Equal(2400, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
        // A blank page of this size compresses to a few kilobytes; tables, text and charts do not.
        Assert.True(bytes.Length > 50_000, $"the screenshot is only {bytes.Length} bytes");
        output.WriteLine($"screenshot: {png}");
    }

    private string Write(string name, string html)
    {
        Directory.CreateDirectory(_outputFolder);
        var path = Path.Combine(_outputFolder, name);
        File.WriteAllText(path, html);
        return path;
    }
}
