using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Redline.ReferenceTarget.Faults;

namespace Redline.ReferenceTarget.Tests.Faults;

public sealed class LeakFaultTests
{
    private const double MbPerHour = 360;
    private const double BytesPerSecond = MbPerHour * 1024 * 1024 / 3600;

    [Fact]
    public void Grow_TenSecondsAt360MbPerHour_RetainsOneMegabyte()
    {
        var leak = new LeakFault(new ReferenceOptions { LeakMbPerHour = MbPerHour }, TimeProvider.System);

        leak.Grow(TimeSpan.FromSeconds(10));
        var afterTen = leak.RetainedBytes;
        leak.Grow(TimeSpan.FromSeconds(10.01));

        Assert.Equal(1024 * 1024, afterTen);
        // 10 ms more owes about 1 KB, less than a page: nothing is allocated yet.
        Assert.Equal(afterTen, leak.RetainedBytes);
    }

    [Fact]
    public async Task ExecuteAsync_FakeClockAdvances_RetainsAtTheRateAndNeverAhead()
    {
        var time = new FakeTimeProvider();
        var began = time.GetUtcNow();
        using var leak = new LeakFault(new ReferenceOptions { LeakMbPerHour = MbPerHour }, time);
        await leak.StartAsync(CancellationToken.None);

        var expected = (long)(BytesPerSecond * 5);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        // The loop starts on a pool thread; until it runs, ticks are missed, so the clock keeps moving
        // a tick at a time until five seconds' worth is retained.
        while (leak.RetainedBytes < expected - Environment.SystemPageSize && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            time.Advance(LeakFault.Tick);
            await Task.Delay(2);
        }

        await leak.StopAsync(CancellationToken.None);
        var fakeSeconds = (time.GetUtcNow() - began).TotalSeconds;

        Assert.True(leak.RetainedBytes >= expected - Environment.SystemPageSize, $"retained {leak.RetainedBytes} bytes, expected about {expected}");
        Assert.True(leak.RetainedBytes <= BytesPerSecond * fakeSeconds, $"retained {leak.RetainedBytes} bytes after {fakeSeconds} s: ahead of the rate");
    }

    [Fact]
    public async Task Leak3600_ChildProcess_GrowsResidentMemoryAtTheRateOver20Seconds()
    {
        // 1 MB a second, 20 MB over the samples: at 360 MB/h the signal was 2 MB, a size the
        // process's own allocations can reach by themselves.
        const double ChildMbPerHour = 3600;
        const double ChildBytesPerSecond = ChildMbPerHour * 1024 * 1024 / 3600;
        await using var child = await ChildDeployment.StartAsync(new ReferenceOptions { LeakMbPerHour = ChildMbPerHour, LatencyScale = 0 }, TimeSpan.FromSeconds(60));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var samples = new List<(double Seconds, double Bytes)>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            samples.Add((clock.Elapsed.TotalSeconds, child.ResidentBytes()));
            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }

        var slope = Slope(samples);
        using var client = new HttpClient { BaseAddress = child.BaseAddress };
        var stats = await client.GetFromJsonAsync<JsonElement>("/api/admin/stats");
        var leaked = stats.GetProperty("memory").GetProperty("leakedBytes").GetInt64();
        var uptime = stats.GetProperty("uptimeSeconds").GetDouble();

        Assert.True(slope >= ChildBytesPerSecond * 0.7 && slope <= ChildBytesPerSecond * 1.3,
            $"RSS grew {slope / 1024:F1} KiB/s, expected {ChildBytesPerSecond / 1024:F1} KiB/s ±30%; samples (s, MiB): {string.Join(", ", samples.Select(s => $"{s.Seconds:F1}:{s.Bytes / 1048576:F2}"))}");
        Assert.InRange(leaked, ChildBytesPerSecond * (uptime - 1), ChildBytesPerSecond * (uptime + 1));
    }

    /// <summary>
    /// The Theil-Sen slope of bytes over seconds (the median of the slopes between every two samples): the runtime
    /// handing a few MB back once (a collection after start-up) moves it little, where it halves a least-squares fit.
    /// </summary>
    private static double Slope(List<(double Seconds, double Bytes)> samples)
    {
        var slopes = new List<double>();
        for (var i = 0; i < samples.Count; i++)
        {
            for (var j = i + 1; j < samples.Count; j++)
            {
                if (samples[j].Seconds > samples[i].Seconds)
                {
                    slopes.Add((samples[j].Bytes - samples[i].Bytes) / (samples[j].Seconds - samples[i].Seconds));
                }
            }
        }

        slopes.Sort();
        return slopes.Count % 2 == 1 ? slopes[slopes.Count / 2] : (slopes[(slopes.Count / 2) - 1] + slopes[slopes.Count / 2]) / 2;
    }
}
