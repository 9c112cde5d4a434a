using Redline.Cli.Chaos;
using Redline.Cli.Suites;
using Redline.Engine;
using Redline.Protocols.Proxy;

namespace Redline.Cli.Tests.Chaos;

public sealed class ChaosScheduleTests
{
    private static FaultSpec Fault(double at, double? length, double? every, NetworkFault? fault = null) =>
        new("latency_injection", "+100ms", FaultSpec.Target, TimeSpan.FromSeconds(at), length is { } l ? TimeSpan.FromSeconds(l) : null, every is { } e ? TimeSpan.FromSeconds(e) : null) { Network = fault ?? new NetworkFault { Latency = TimeSpan.FromMilliseconds(100) } };

    [Fact]
    public void Occurrences_EveryAndFor_RepeatWithinTheScenarioAndTheLastIsCutAtItsEnd()
    {
        var occurrences = ChaosSchedule.Occurrences([Fault(10, 5, 20), Fault(50, null, null)], TimeSpan.FromSeconds(53));

        Assert.Equal([(10.0, 15.0), (30, 35), (50, 53), (50, 53)], occurrences.Select(o => (o.From.TotalSeconds, o.To.TotalSeconds)));
        Assert.Equal([1, 2, 3, 4], occurrences.Select(o => o.Id));
    }

    [Fact]
    public void Fit_ShorterRun_FaultsFallAtTheSamePointsOfTheScenario()
    {
        var fitted = ChaosProxies.Fit([Fault(600, 60, 1200)], TimeSpan.FromHours(1), TimeSpan.FromMinutes(6));

        Assert.Equal((60.0, 6.0, 120.0), (fitted[0].At.TotalSeconds, fitted[0].For!.Value.TotalSeconds, fitted[0].Every!.Value.TotalSeconds));
    }

    [Fact]
    public void Combine_OverlappingFaults_LatenciesAddAndTheTightestLimitHolds()
    {
        var combined = ChaosSchedule.Combine([
            new NetworkFault { Latency = TimeSpan.FromMilliseconds(100), BytesPerSecond = 1000 },
            new NetworkFault { Latency = TimeSpan.FromMilliseconds(20), BytesPerSecond = 500, ResetShare = 0.1, Direction = FaultDirection.Up },
        ]);

        Assert.Equal(TimeSpan.FromMilliseconds(120), combined!.Latency);
        Assert.Equal(500, combined.BytesPerSecond);
        Assert.Equal(0.1, combined.ResetShare);
        Assert.Equal(FaultDirection.Both, combined.Direction);
        Assert.Null(ChaosSchedule.Combine([]));
    }

    [Theory]
    [InlineData(100.4, null)]
    [InlineData(93, "asked +100ms, reached +93ms at p50")]
    public void Achieved_Latency_SaysWhenTheAskedSizeWasNotReached(double p50, string? note)
    {
        var held = new LatencyStats(100, p50 - 1, p50, 1, p50, p50, p50, p50, p50 + 2, p50 + 3, p50 + 4);
        var (achieved, why) = ChaosSchedule.Achieved(Fault(0, 10, null), new ProxyStats(1, 0, 0, 100, 1000, 100, held), TimeSpan.FromSeconds(10));

        Assert.StartsWith($"+{p50:0.0}ms p50", achieved, StringComparison.Ordinal);
        Assert.Equal(note, why);
    }

    [Fact]
    public void Achieved_ResetShareFarFromAsked_IsNamed()
    {
        var fault = Fault(0, 10, null, new NetworkFault { ResetShare = 0.1 });

        var (near, nearNote) = ChaosSchedule.Achieved(fault, new ProxyStats(0, 48, 500, 0, 0, 0, LatencyStats.Empty), TimeSpan.FromSeconds(10));
        var (_, farNote) = ChaosSchedule.Achieved(fault, new ProxyStats(0, 150, 500, 0, 0, 0, LatencyStats.Empty), TimeSpan.FromSeconds(10));

        Assert.Equal("9.6% (48 of 500 connections and requests reset)", near);
        Assert.Null(nearNote);
        Assert.Equal("asked 10%, reached 30%", farNote);
    }
}
