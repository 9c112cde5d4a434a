using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Redline.Testing;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary>The live dashboard in a real headless Chromium during a real run: live figures, then the result of results.json, and nothing fetched from the network.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class DashboardBrowserTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-dashboard-browser-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Page_DuringARun_ShowsLiveFiguresThenTheResultsOfResultsJsonAndFetchesNothingElsewhere()
    {
        var chromium = await Chromium.RequireAsync();
        using var suites = new DashboardEndToEndTests();
        var port = Targets.LoopbackPorts.Free();
        var outDir = Path.Combine(_dir, "out");
        using var redline = RedlineProcess.Start("run", suites.Suite(port, "{ model: open, rate: 30/s, duration: 8s }"), "--quiet", "--no-store", "--out", outDir, "--dashboard=127.0.0.1:0");
        var url = await DashboardEndToEndTests.DashboardUrlAsync(redline);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 2000 } });
        var elsewhere = new List<string>();
        var errors = new List<string>();
        page.Request += (_, request) =>
        {
            if (!IsLocal(request.Url))
            {
                elsewhere.Add(request.Url);
            }
        };
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add(message.Text);
            }
        };

        await page.GotoAsync(url.ToString());

        // Live: a few seconds in, the overview and the percentiles chart are drawn from the stream.
        await page.WaitForFunctionAsync("() => window.redline.frames >= 4 && window.redline.firstPaint !== null", null, new() { Timeout = 30_000 });
        var live = await page.Locator("#kpi-throughput").TextContentAsync();
        Assert.True(double.TryParse(live, NumberStyles.Float, CultureInfo.InvariantCulture, out var throughput) && throughput > 0, $"live throughput '{live}'");
        Assert.Equal("live", await page.Locator("#status").TextContentAsync());
        Assert.Equal(2, await page.Locator("#slo tbody tr").CountAsync());

        // Then the result, the page still open while Redline exits by itself.
        await page.WaitForFunctionAsync("() => document.body.dataset.state === 'finished'", null, new() { Timeout = 60_000 });
        var code = await redline.WaitAsync(Limit);
        Assert.True(code == 0, $"exit {code}\n{redline.Stdout}\n{redline.Stderr}");

        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var scenario = results.RootElement.GetProperty("scenarios")[0];
        var latency = scenario.GetProperty("latency_ms");
        var cells = await page.Locator("#final-table tbody tr[data-scenario='s'] td").AllTextContentsAsync();
        Assert.Equal("s", cells[0]);
        Assert.Equal("passed", cells[1]);
        Assert.Equal(scenario.GetProperty("requests").GetInt64().ToString(CultureInfo.InvariantCulture), cells[2]);
        Assert.Equal(latency.GetProperty("p50").GetDouble(), double.Parse(cells[4], CultureInfo.InvariantCulture), 3);
        Assert.Equal(latency.GetProperty("p95").GetDouble(), double.Parse(cells[5], CultureInfo.InvariantCulture), 3);
        Assert.Equal(latency.GetProperty("p99").GetDouble(), double.Parse(cells[6], CultureInfo.InvariantCulture), 3);
        Assert.Equal(scenario.GetProperty("requests").GetInt64().ToString(CultureInfo.InvariantCulture), await page.Locator("#cumulative").GetAttributeAsync("data-requests"));
        Assert.Equal(["met", "met"], await page.Locator("#slo tbody tr td:nth-child(4)").AllTextContentsAsync());
        Assert.StartsWith("finished: passed", await page.Locator("#status").TextContentAsync(), StringComparison.Ordinal);

        var png = Path.Combine(_dir, "dashboard.png");
        await page.ScreenshotAsync(new() { Path = png, FullPage = true });
        Assert.True(new FileInfo(png).Length > 10_000, "the screenshot is nearly empty");
        Assert.Empty(elsewhere);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    private static bool IsLocal(string address)
    {
        var uri = new Uri(address);
        return uri.Scheme is "data" or "blob" or "about" || uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
