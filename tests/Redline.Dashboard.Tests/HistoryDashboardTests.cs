using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using Redline.Dashboard.History;
using Redline.Engine;
using Redline.Results.History;
using Redline.Testing;

namespace Redline.Dashboard.Tests;

/// <summary>
/// <c>redline dashboard</c> over a real SQLite history: twelve daily runs whose p95 climbs 10 ms a day, one
/// regression report; trends, periods, the projection against the criterion, two runs side by side, and the page.
/// </summary>
public sealed class HistoryDashboardTests : IAsyncLifetime
{
    private static readonly DateTimeOffset First = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-history-dashboard-").FullName;
    private readonly FakeTimeProvider _time = new(First.AddDays(11));
    private IHistoryStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = await HistoryStores.OpenAsync(Path.Combine(_dir, "history.db"), _time);
        for (var day = 0; day < 12; day++)
        {
            await _store.SaveRunAsync(Run($"run-{day:00}", First.AddDays(day), 100 + (10 * day), $"c{day:00}"), new Dictionary<string, string> { ["version"] = $"1.{day}" });
        }

        await _store.SaveReportAsync(new StoredReport("report-1", "shop", "steady", "run-09", "run-10", "regression", First.AddDays(10).AddMinutes(5), "{}"));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Trend_TwelveDailyRuns_PeriodsBandRegressionsAndTheDayTheCriterionIsCrossed()
    {
        var api = new HistoryApi(_store, _time);

        using var trend = JsonDocument.Parse((await api.TrendAsync("shop", "steady", null, "response_time_p95", CancellationToken.None))!);
        var root = trend.RootElement;

        Assert.Equal(12, root.GetProperty("points").GetArrayLength());
        Assert.Equal(210, root.GetProperty("points")[11].GetProperty("value").GetDouble(), 3);
        Assert.Equal("c11", root.GetProperty("points")[11].GetProperty("commit").GetString());
        Assert.Equal(12, root.GetProperty("daily").GetArrayLength());
        Assert.Equal(2, root.GetProperty("monthly").GetArrayLength());
        var weeks = root.GetProperty("weekly").EnumerateArray().ToList();
        Assert.True(weeks.Count >= 2);
        Assert.True(weeks[^1].GetProperty("change_percent").GetDouble() > 0, "p95 climbs: each week is slower than the one before");
        // The seven runs of the week before the newest: 140 to 200 ms, median 170.
        Assert.Equal((170.0, 7), (root.GetProperty("band").GetProperty("median").GetDouble(), root.GetProperty("band").GetProperty("runs").GetInt32()));
        Assert.Equal("regression", Assert.Single(root.GetProperty("regressions").EnumerateArray()).GetProperty("outcome").GetString());
        // A straight line through 100 + 10·day reaches the criterion's 300 ms nine days after the newest run.
        var projection = root.GetProperty("projection");
        Assert.Equal(10, projection.GetProperty("slope_per_day").GetDouble(), 3);
        var crosses = projection.GetProperty("crosses_at").GetDateTimeOffset();
        Assert.InRange((crosses - First.AddDays(20)).TotalHours, -1, 1);
        Assert.Contains("response_time_p95: <300ms", projection.GetProperty("criterion").GetString(), StringComparison.Ordinal);
        Assert.Equal(12, root.GetProperty("resources").GetArrayLength());
    }

    [Fact]
    public async Task Compare_TheFirstAndTheNewestRun_SideBySideWithTheChange()
    {
        var api = new HistoryApi(_store, _time);

        using var compared = JsonDocument.Parse((await api.CompareAsync("run-00", "run-11", CancellationToken.None))!);

        var row = compared.RootElement.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("metric").GetString() == "response_time_p95" && r.GetProperty("component").ValueKind == JsonValueKind.Null);
        Assert.Equal((100.0, 210.0, 110.0), (row.GetProperty("a").GetDouble(), row.GetProperty("b").GetDouble(), Math.Round(row.GetProperty("change_percent").GetDouble(), 3)));
        Assert.Equal("1.11", compared.RootElement.GetProperty("b").GetProperty("labels").GetProperty("version").GetString());
        Assert.Null(await api.CompareAsync("run-00", "nope", CancellationToken.None));
    }

    [Fact]
    public async Task Page_InChromium_DrawsTheTrendAndComparesTheNewestTwoRunsWithNothingFromTheNetwork()
    {
        var chromium = await Chromium.RequireAsync();
        await using var server = await HistoryServer.StartAsync(_store, new DashboardAddress(IPAddress.Loopback, 0), null, _time, CancellationToken.None);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true });
        var page = await browser.NewPageAsync();
        var elsewhere = new List<string>();
        var errors = new List<string>();
        page.Request += (_, request) =>
        {
            if (!new Uri(request.Url).IsLoopback && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                elsewhere.Add(request.Url);
            }
        };
        page.PageError += (_, error) => errors.Add(error);

        await page.GotoAsync(server.Url.ToString());
        await page.WaitForFunctionAsync("() => document.body.dataset.compared === 'run-10 run-11'", null, new() { Timeout = 30_000 });

        Assert.Equal(12, await page.Locator("#daily tbody tr").CountAsync());
        Assert.Equal(12, await page.Locator("#runs tbody tr").CountAsync());
        Assert.Contains("(around 2026-12-10)", await page.Locator("#projection").TextContentAsync(), StringComparison.Ordinal);
        Assert.Contains("2026-11-30: run run-10 against run-09: regression", await page.Locator("#regressions").TextContentAsync(), StringComparison.Ordinal);
        var p95 = page.Locator("#compare tbody tr").Filter(new() { HasText = "response_time_p95" }).First;
        Assert.Equal(["steady", "all", "response_time_p95", "200", "210", "+5%"], await p95.Locator("td").AllTextContentsAsync());
        Assert.Empty(elsewhere);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    /// <summary>A stored run of scenario steady whose p95 is <paramref name="p95"/> ms, with the criterion response_time_p95 &lt;300ms.</summary>
    private static RunResult Run(string id, DateTimeOffset start, double p95, string commit)
    {
        var latency = new LatencyStats(1000, 1, p95 / 2, 5, p95 / 2, p95 * 0.7, p95 * 0.9, p95, p95 * 1.2, p95 * 1.5, p95 * 2);
        var empty = new Dictionary<string, long>(StringComparer.Ordinal);
        var measures = new Measures(1000, 2, 100, latency, latency, LatencyStats.Empty, LatencyStats.Empty, empty, new Dictionary<string, long>(StringComparer.Ordinal) { ["200"] = 998 }, 0, 0, 0, 0);
        var scenario = new ScenarioResult("steady", "open", null, start, TimeSpan.FromSeconds(10), Verdict.Passed, null, measures,
            [new ComponentResult("home", measures, [])],
            [new CriterionOutcome("response_time_p95", "<300ms", p95, "ms", p95 < 300)],
            new GeneratorReport(5, 6, 0.2, 0.5, false, []),
            new TargetReport(30, 40, 15 + (p95 / 100), 100_000_000, 90_000_000, [], null),
            []);
        var environment = new EnvironmentInfo("bench-1", "Linux", "x64", "cpu", 2, 1L << 34, ".NET 10", "workstation", "fp", commit, "main", false);
        return new RunResult(id, "shop", start, start.AddSeconds(10), Verdict.Passed, [scenario], environment);
    }
}
