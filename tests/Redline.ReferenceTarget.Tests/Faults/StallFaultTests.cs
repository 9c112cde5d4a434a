using System.Diagnostics;
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
    public async Task Stall1sEvery5s_RealServer_HoldsRequestsInTheWindowAndReleasesThemTogether()
    {
        await using var deployment = await RunningDeployment.StartAsync(OneInFive with { Profile = Profile.Optimized, LatencyScale = 0 });
        var clock = Stopwatch.StartNew();

        // A probe every 100 ms for 5.8 s covers the first window, which opens at start-up, and the second, 5 s later.
        var probes = new List<Task<(double Sent, double Done, int Status)>>();
        var health = new List<Task<(double Sent, double Done, int Status)>>();
        while (clock.Elapsed < TimeSpan.FromSeconds(5.8))
        {
            probes.Add(ProbeAsync(deployment, "/api/cache/key-3", clock));
            health.Add(ProbeAsync(deployment, "/health", clock));
            await Task.Delay(100);
        }

        var results = await Task.WhenAll(probes).WaitAsync(TimeSpan.FromSeconds(20));
        var healthResults = await Task.WhenAll(health).WaitAsync(TimeSpan.FromSeconds(20));

        Assert.All(results.Concat(healthResults), r => Assert.Equal(200, r.Status));
        var held = results.Where(r => r.Done - r.Sent > 0.3).OrderBy(r => r.Done).ToList();
        var releases = Clusters(held.Select(r => r.Done).ToList());
        Assert.True(releases.Count == 2, $"expected two stall windows, saw releases at {string.Join(", ", releases.Select(c => $"{c.Min():F2}-{c.Max():F2}s"))}");
        Assert.All(releases, r => Assert.True(r.Max() - r.Min() < 0.25, $"held responses released over {r.Max() - r.Min():F2}s, not together"));
        Assert.InRange(releases[1].Average() - releases[0].Average(), 4.7, 5.3);
        // The second window is seen whole: a probe sent at its opening waits about its full second.
        var secondWindow = held.Where(r => r.Done >= releases[1].Min()).ToList();
        Assert.InRange(secondWindow.Max(r => r.Done - r.Sent), 0.85, 1.25);
        Assert.InRange(secondWindow.Count, 6, 11);
        Assert.All(healthResults, r => Assert.True(r.Done - r.Sent < 0.3, $"/health was held {r.Done - r.Sent:F2}s"));
    }

    private static async Task<(double Sent, double Done, int Status)> ProbeAsync(RunningDeployment deployment, string path, Stopwatch clock)
    {
        var sent = clock.Elapsed.TotalSeconds;
        using var response = await deployment.Client.GetAsync(path);
        return (sent, clock.Elapsed.TotalSeconds, (int)response.StatusCode);
    }

    /// <summary>Groups sorted times into runs separated by more than a second.</summary>
    private static List<List<double>> Clusters(List<double> times)
    {
        var clusters = new List<List<double>>();
        foreach (var time in times)
        {
            if (clusters.Count == 0 || time - clusters[^1][^1] > 1)
                clusters.Add([]);
            clusters[^1].Add(time);
        }

        return clusters;
    }
}
