using System.Globalization;
using System.Net;
using Microsoft.Playwright;
using Redline.Dashboard;
using Redline.Engine;

namespace Redline.Benchmarks;

/// <summary>
/// The live dashboard's cost in a real browser: a run's history of <c>seconds</c> seconds (an hour by default) in the
/// dashboard's state, served on loopback and opened in Debian's headless chromium <c>repeats</c> times; prints the
/// first paint (navigation to the first chart drawn), the page's JS heap, the snapshot's size and the state's memory.
/// <c>tabs URL N SECONDS</c> instead keeps N pages open on a running dashboard for that long.
/// </summary>
internal static class DashboardPage
{
    private const string Browser = "/usr/bin/chromium";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args is [_, "tabs", var address, var count, var seconds])
        {
            return await TabsAsync(new Uri(address), int.Parse(count, CultureInfo.InvariantCulture), int.Parse(seconds, CultureInfo.InvariantCulture));
        }

        var length = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3600;
        var repeats = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5;
        var screenshot = args.Length > 3 ? args[3] : null;

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var state = History(length, ["catalog", "search", "checkout", "login"]);
        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        await using var server = await DashboardServer.StartAsync(state, new DashboardAddress(IPAddress.Loopback, 0), null, CancellationToken.None);
        var snapshotBytes = System.Text.Encoding.UTF8.GetByteCount(state.SnapshotJson());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Browser, Headless = true });
        var paints = new List<double>();
        var heaps = new List<double>();
        for (var i = 0; i < repeats; i++)
        {
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 2200 } });
            await page.GotoAsync(server.Url.ToString());
            await page.WaitForFunctionAsync("() => window.redline.firstPaint !== null", null, new() { Timeout = 60_000 });
            paints.Add(await page.EvaluateAsync<double>("() => window.redline.firstPaint"));
            await Task.Delay(500);
            var cdp = await page.Context.NewCDPSessionAsync(page);
            await cdp.SendAsync("HeapProfiler.collectGarbage");
            await cdp.SendAsync("Performance.enable");
            var metrics = await cdp.SendAsync("Performance.getMetrics");
            heaps.Add(metrics!.Value.GetProperty("metrics").EnumerateArray().First(m => m.GetProperty("name").GetString() == "JSHeapUsedSize").GetProperty("value").GetDouble());
            if (i == 0 && screenshot is not null)
            {
                await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            }

            await page.CloseAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"history: {length} s x 4 components; snapshot {snapshotBytes / 1024.0 / 1024:F1} MB; state in memory {held / 1024.0 / 1024:F1} MB"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"first paint ms (navigation to first chart), {repeats} loads: median {Median(paints):F0}, min {paints.Min():F0}, max {paints.Max():F0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"page JS heap MB after load: median {Median(heaps) / 1048576:F1}, min {heaps.Min() / 1048576:F1}, max {heaps.Max() / 1048576:F1}"));
        return 0;
    }

    private static async Task<int> TabsAsync(Uri address, int count, int seconds)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Browser, Headless = true });
        for (var i = 0; i < count; i++)
        {
            var page = await browser.NewPageAsync();
            await page.GotoAsync(address.ToString());
        }

        Console.WriteLine($"{count} tabs open on {address}");
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        return 0;
    }

    /// <summary>A state fed <paramref name="seconds"/> seconds of a four-component scenario with resources, as a run of that length leaves it.</summary>
    private static LiveState History(int seconds, string[] components)
    {
        var state = new LiveState();
        var start = new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
        state.Start(new ScenarioStart("steady", "closed", start, TimeSpan.FromSeconds(seconds), components)
        {
            Run = new RunIdentity("bench", "dashboard-bench", start, new EnvironmentInfo("bench", "linux", "x64", "cpu", 2, 1L << 34, ".NET", "workstation", "f", null, null, null)),
            Criteria = [Criterion.TryParse("response_time_p95", "<200ms", out _)!, Criterion.TryParse("error_rate", "<1%", out _)!],
        });
        var random = new Random(7);
        for (var second = 0; second < seconds; second++)
        {
            var snapshots = components.Select(c => Snapshot(second, c, random)).ToList();
            var total = Snapshot(second, null, random);
            state.Second(new IntervalReport("steady", second, snapshots, total, 50, 12, new GeneratorSample(20, 0.3, 1), new ResourceSample(TimeSpan.FromSeconds(second + 1), 60 + random.NextDouble() * 20, 120L << 20, true)));
        }

        return state;
    }

    private static IntervalSnapshot Snapshot(long second, string? component, Random random)
    {
        var histogram = Histograms.Create();
        for (var i = 0; i < 200; i++)
        {
            Histograms.RecordMicros(histogram, (long)(5_000 * Math.Exp(random.NextDouble() * 2)));
        }

        var encoded = Histograms.Encode(histogram);
        var codes = new Dictionary<string, long>(StringComparer.Ordinal) { ["200"] = 199, ["503"] = 1 };
        var types = new Dictionary<string, long>(StringComparer.Ordinal) { ["http_5xx"] = 1 };
        return new IntervalSnapshot(second, component, 200, 1, 0, 0, 0, types, codes, LatencyStats.From(histogram), LatencyStats.From(histogram), encoded, encoded);
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
