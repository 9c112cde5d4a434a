using Microsoft.Extensions.Time.Testing;
using Redline.ReferenceTarget.Faults;
using Redline.ReferenceTarget.Tests.Hosting;

namespace Redline.ReferenceTarget.Tests.Faults;

public sealed class StallFaultTests
{
    private static readonly ReferenceOptions OneInFive = new() { StallLength = TimeSpan.FromSeconds(1), StallPeriod = TimeSpan.FromSeconds(5) };

    [Theory]
    [InlineData(0, 1000)]
    [InlineData(250, 750)]
    [InlineData(999, 1)]
    [InlineData(1000, 0)]
    [InlineData(4999, 0)]
    [InlineData(5000, 1000)]
    [InlineData(10400, 600)]
    public void RemainingAt_OneSecondEveryFive_HoldsUntilTheWindowEnds(int sinceStartMs, int expectedMs)
    {
        var stall = new StallFault(OneInFive, new ReferenceClock(TimeProvider.System));

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), stall.RemainingAt(TimeSpan.FromMilliseconds(sinceStartMs)));
    }

    [Fact]
    public async Task HoldAsync_InsideAWindow_CompletesWhenTheFakeClockReachesItsEnd()
    {
        var time = new FakeTimeProvider();
        var clock = new ReferenceClock(time);
        var stall = new StallFault(OneInFive, clock);
        time.Advance(TimeSpan.FromMilliseconds(5300));

        var hold = stall.HoldAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(699));
        var stillHeld = !hold.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        await hold.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.True(stillHeld);
        Assert.True(stall.HoldAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task Stall1sEvery5s_RealServer_HoldsRequestsInTheWindowUntilItEnds()
    {
        await using var deployment = await RunningDeployment.StartAsync(OneInFive with { Profile = Profile.Optimized, LatencyScale = 0 });
        // The server's own clock is the timebase, so windows are known exactly: [0, 1) s and [5, 6) s.
        var clock = deployment.Service<ReferenceClock>();
        await Task.WhenAll(deployment.GetAsync("/health"), deployment.GetAsync("/api/cache/key-3"));

        var probes = new List<Task<Probe>>();
        var health = new List<Task<Probe>>();
        // One probe sent just after the window opens, apart from the 100 ms loop: on a busy machine a
        // late loop turn would otherwise leave the window's first half without a probe.
        probes.Add(ProbeWhenAsync(deployment, "/api/cache/key-3", clock, TimeSpan.FromSeconds(5.02)));
        while (clock.Elapsed < TimeSpan.FromSeconds(6.6))
        {
            probes.Add(ProbeAsync(deployment, "/api/cache/key-3", clock));
            health.Add(ProbeAsync(deployment, "/health", clock));
            await Task.Delay(100);
        }

        var results = await Task.WhenAll(probes).WaitAsync(TimeSpan.FromSeconds(20));
        var healthResults = await Task.WhenAll(health).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.All(results.Concat(healthResults), r => Assert.Equal(200, r.Status));
        var inWindow = results.Where(r => r.Sent is >= 5 and < 6).ToList();
        Assert.Contains(inWindow, r => r.Sent < 5.5);
        // Timer granularity may release a response a hair early; contention can only make it later.
        Assert.All(inWindow, r => Assert.True(r.Done >= 5.98, $"sent at {r.Sent:F2}s, answered at {r.Done:F2}s, before the window's end"));
        Assert.True(inWindow.Max(r => r.Done) - inWindow.Min(r => r.Done) < 0.3, "held responses were not released together");
        Assert.True(Median(results.Where(r => r.Sent is > 1.2 and < 4.8).Select(r => r.Done - r.Sent)) < 0.2, "responses outside the window were slow");
        var healthInWindow = healthResults.Where(r => r.Sent is >= 5 and < 5.5).ToList();
        Assert.True(healthInWindow.Count(r => r.Done < 6) * 2 >= healthInWindow.Count, "/health was held by the stall");
    }

    private static async Task<Probe> ProbeWhenAsync(RunningDeployment deployment, string path, ReferenceClock clock, TimeSpan at)
    {
        while (clock.Elapsed < at)
        {
            await Task.Delay(5);
        }

        return await ProbeAsync(deployment, path, clock);
    }

    private static async Task<Probe> ProbeAsync(RunningDeployment deployment, string path, ReferenceClock clock)
    {
        var sent = clock.Elapsed.TotalSeconds;
        using var response = await deployment.Client.GetAsync(path);
        return new Probe(sent, clock.Elapsed.TotalSeconds, (int)response.StatusCode);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    /// <summary>When a request was sent and answered, in seconds on the server's clock.</summary>
    private sealed record Probe(double Sent, double Done, int Status);
}
