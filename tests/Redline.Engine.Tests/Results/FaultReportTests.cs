namespace Redline.Engine.Tests.Results;

public sealed class FaultReportTests
{
    private static List<SecondTally> Seconds(params (double P95, long Errors)[] seconds) =>
        [.. seconds.Select((s, i) => new SecondTally(i, 100, s.Errors, 1) { P95Ms = s.P95 })];

    private static RunEvent Event(RunEventKind kind, double at, params (string Key, string Value)[] data) =>
        new("s", TimeSpan.FromSeconds(at), kind, "") { Data = data.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal) };

    [Fact]
    public void From_AFaultThatSlowedEverySecond_ImpactAtOnceAndBackSoonAfter()
    {
        // 10 s at 20 ms, the fault from 10.2 s to 15.2 s at 120 ms, then 20 ms again.
        var seconds = Seconds([.. Enumerable.Repeat((20.0, 0L), 10), .. Enumerable.Repeat((120.0, 0L), 5), (60, 0), .. Enumerable.Repeat((20.0, 0L), 12)]);
        var events = new[]
        {
            Event(RunEventKind.FaultStarted, 10.2, ("id", "1"), ("fault", "latency_injection"), ("on", "target"), ("asked", "+100ms")),
            Event(RunEventKind.FaultEnded, 15.2, ("id", "1"), ("achieved", "+100.1ms p50")),
        };

        var fault = Assert.Single(FaultReport.From(events, seconds));

        Assert.Equal(("latency_injection", "target", "+100ms", "+100.1ms p50"), (fault.Fault, fault.On, fault.Asked, fault.Achieved));
        Assert.Equal((20.0, 120.0), (fault.Impact.P95BeforeMs!.Value, fault.Impact.P95DuringMs!.Value));
        Assert.Equal(0, fault.Impact.TimeToImpactSeconds);
        Assert.Equal(0.8, fault.Impact.RecoveryTimeSeconds!.Value, 3);
        Assert.Null(fault.Note);
    }

    [Fact]
    public void From_AFaultStillOnAtTheEnd_SaysSoAndHasNoRecovery()
    {
        var seconds = Seconds([.. Enumerable.Repeat((20.0, 0L), 5), .. Enumerable.Repeat((20.0, 30L), 5)]);
        var events = new[] { Event(RunEventKind.FaultStarted, 5, ("id", "1"), ("fault", "connection_reset"), ("on", "db"), ("asked", "30%")) };

        var fault = Assert.Single(FaultReport.From(events, seconds));

        Assert.Null(fault.EndedAtSeconds);
        Assert.Equal("the scenario ended while the fault was on", fault.Note);
        Assert.Equal(30, fault.Impact.ErrorRateDuring);
        Assert.Equal(0, fault.Impact.TimeToImpactSeconds);
        Assert.Null(fault.Impact.RecoveryTimeSeconds);
    }
}
