using System.Text.Json;
using Redline.Engine;

namespace Redline.Dashboard.Tests;

/// <summary>The dashboard's state: frames in order, resumes without gaps, a snapshot for late pages, bounded in every part.</summary>
public sealed class LiveStateTests
{
    [Fact]
    public void Second_CumulativeFiguresAndLiveCriteria_AreThoseOfAllSecondsSoFar()
    {
        var state = new LiveState();
        state.Start(Stream.Start());
        state.Second(Stream.Second("steady", 0, ("read", [10, 10, 10, 10], 0), ("write", [100], 1)));
        state.Second(Stream.Second("steady", 1, ("read", [10, 10, 10, 10], 0), ("write", [20], 0)));

        using var snapshot = JsonDocument.Parse(state.SnapshotJson());
        var last = snapshot.RootElement.GetProperty("scenarios")[0].GetProperty("seconds")[1];
        var cumulative = last.GetProperty("cumulative");
        Assert.Equal(10, cumulative.GetProperty("requests").GetInt64());
        Assert.Equal(1, cumulative.GetProperty("errors").GetInt64());
        Assert.Equal(10.0, cumulative.GetProperty("error_rate").GetDouble(), 3);
        Assert.Equal(5.0, cumulative.GetProperty("throughput").GetDouble(), 3);
        // p95 of ten values with one at 100 ms: 100 ms within the histogram's 0.1%.
        Assert.InRange(cumulative.GetProperty("p95").GetDouble(), 99.9, 100.2);
        var criteria = last.GetProperty("criteria").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.False(criteria["response_time_p95"].GetProperty("met").GetBoolean());
        Assert.False(criteria["error_rate"].GetProperty("met").GetBoolean());
        // A resource criterion is judged at the end, not guessed live.
        Assert.Equal(JsonValueKind.Null, criteria["cpu_usage"].GetProperty("met").ValueKind);
        // 100 × (1 − 0% errors this second) × 0 of 2 criteria met.
        Assert.Equal(0, last.GetProperty("health").GetDouble());
        var distribution = last.GetProperty("distribution").EnumerateArray().Select(e => e.GetInt64()).ToList();
        Assert.Equal(10, distribution.Sum());
        Assert.Equal([0L, 0, 0, 8, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], distribution);
    }

    [Fact]
    public async Task Subscribe_AfterAnIdStillKept_ResumesWithTheNextFramesAndNoOther()
    {
        var state = new LiveState();
        state.Start(Stream.Start());
        for (var second = 0; second < 10; second++)
        {
            state.Second(Stream.Second("steady", second, ("read", [5], 0)));
        }

        using var resumed = state.Subscribe(6);
        Assert.Equal([7L, 8, 9, 10, 11], resumed.Replay.Select(f => f.Id));
        Assert.All(resumed.Replay, f => Assert.Equal("second", f.Type));

        state.Second(Stream.Second("steady", 10, ("read", [5], 0)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var next = await resumed.Live.ReadAsync(timeout.Token);
        Assert.Equal(12, next.Id);
    }

    [Fact]
    public void Subscribe_WithoutAnIdOrPastTheKeptFrames_StartsWithOneSnapshotUnderTheNewestId()
    {
        var state = new LiveState();
        state.Start(Stream.Start());
        for (var second = 0; second < LiveState.MaxRecentFrames + 50; second++)
        {
            state.Second(Stream.Second("steady", second, ("read", [5], 0)));
        }

        using var fresh = state.Subscribe(null);
        using var stale = state.Subscribe(3);
        using var ahead = state.Subscribe(state.LastId + 100);

        foreach (var subscription in new[] { fresh, stale, ahead })
        {
            var frame = Assert.Single(subscription.Replay);
            Assert.Equal("snapshot", frame.Type);
            Assert.Equal(state.LastId, frame.Id);
        }

        using var snapshot = JsonDocument.Parse(fresh.Replay[0].Data);
        Assert.Equal(LiveState.MaxRecentFrames + 50, snapshot.RootElement.GetProperty("scenarios")[0].GetProperty("seconds").GetArrayLength());
    }

    [Fact]
    public void Second_PastTheRowLimit_ThinsOlderSecondsAndStaysBounded()
    {
        const int Limit = 100;
        var state = new LiveState(Limit);
        state.Start(Stream.Start());
        for (var second = 0; second < (2 * Limit) + 10; second++)
        {
            state.Second(Stream.Second("steady", second, ("read", [5], 0)));
        }

        using var snapshot = JsonDocument.Parse(state.SnapshotJson());
        var scenario = snapshot.RootElement.GetProperty("scenarios")[0];
        Assert.InRange(scenario.GetProperty("seconds").GetArrayLength(), Limit / 2, Limit);
        Assert.Equal(4, scenario.GetProperty("thinned_every").GetInt32());
        // Evenly spaced over the whole run: the first second, every fourth after it, up to the newest multiple of four.
        var seconds = scenario.GetProperty("seconds").EnumerateArray().Select(s => s.GetProperty("second").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(0, 53).Select(i => 4L * i), seconds);
    }

    [Fact]
    public void Publish_ToAPageThatStopsReading_ClosesItsStreamInsteadOfHoldingFrames()
    {
        var state = new LiveState();
        state.Start(Stream.Start());
        using var stuck = state.Subscribe(null);
        for (var second = 0; second < LiveState.SubscriberBacklog + 5; second++)
        {
            state.Second(Stream.Second("steady", second, ("read", [5], 0)));
        }

        Assert.Equal(0, state.Subscribers);
        Assert.True(stuck.Live.Completion.IsCompleted || stuck.Live.Count <= LiveState.SubscriberBacklog);
    }

    [Fact]
    public void Second_ManyComponents_ShowsAtMostTheLimitWithTheRestAsOther()
    {
        var names = Enumerable.Range(0, LiveState.MaxComponents + 20).Select(i => $"c{i}").ToArray();
        var state = new LiveState();
        state.Start(Stream.Start("wide", names));
        state.Second(Stream.Second("wide", 0, [.. names.Select(n => (n, new double[] { 5 }, 0))]));

        using var snapshot = JsonDocument.Parse(state.SnapshotJson());
        var components = snapshot.RootElement.GetProperty("scenarios")[0].GetProperty("seconds")[0].GetProperty("components");
        Assert.Equal(LiveState.MaxComponents, components.GetArrayLength());
        var other = components[LiveState.MaxComponents - 1];
        Assert.Equal("other", other.GetProperty("name").GetString());
        Assert.Equal(21, other.GetProperty("requests").GetInt64());
    }

    [Fact]
    public void Names_WithMarkup_AreEscapedInTheStream()
    {
        var state = new LiveState();
        state.Start(Stream.Start("steady", "<img src=x onerror=alert(1)>"));
        state.Event(new RunEvent("steady", TimeSpan.FromSeconds(1), RunEventKind.Note, "</script><script>alert(1)</script>"));

        var json = state.SnapshotJson();
        Assert.DoesNotContain("<img", json, StringComparison.Ordinal);
        Assert.DoesNotContain("</script>", json, StringComparison.Ordinal);
        using var parsed = JsonDocument.Parse(json);
        Assert.Equal("<img src=x onerror=alert(1)>", parsed.RootElement.GetProperty("scenarios")[0].GetProperty("start").GetProperty("components")[0].GetString());
    }
}
