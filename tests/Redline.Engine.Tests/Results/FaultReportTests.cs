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

    [Fact]
    public void From_DropOnTheDatabase_ItsDependantWithinTheShareAndAnIndependentSlowedIsACascade()
    {
        // 10 s before, the fault from 10 s to 20 s, 10 s after; 100 requests a second in each component.
        var database = Seconds([.. Enumerable.Repeat((5.0, 0L), 10), .. Enumerable.Repeat((5.0, 10L), 10), .. Enumerable.Repeat((5.0, 0L), 10)]);
        var withinShare = Seconds([.. Enumerable.Repeat((5.0, 0L), 10), .. Enumerable.Repeat((5.0, 11L), 10), .. Enumerable.Repeat((5.0, 0L), 10)]);
        var overShare = Seconds([.. Enumerable.Repeat((5.0, 0L), 10), .. Enumerable.Repeat((5.0, 13L), 10), .. Enumerable.Repeat((5.0, 0L), 10)]);
        var slowed = Seconds([.. Enumerable.Repeat((10.0, 0L), 10), .. Enumerable.Repeat((30.0, 0L), 10), .. Enumerable.Repeat((10.0, 0L), 10)]);
        var steady = Seconds([.. Enumerable.Repeat((10.0, 0L), 30)]);
        var components = new Dictionary<string, List<SecondTally>>(StringComparer.Ordinal)
        {
            ["database"] = database,
            ["login"] = withinShare,
            ["orders"] = overShare,
            ["mcp"] = slowed,
            ["cache"] = steady,
        };
        var events = new[]
        {
            Event(RunEventKind.FaultStarted, 10, ("id", "1"), ("fault", "database_connection_drop"), ("on", "reference"), ("asked", "10%"), ("hits", "database,login,orders"), ("share", "10")),
            Event(RunEventKind.FaultEnded, 20, ("id", "1")),
        };

        var fault = Assert.Single(FaultReport.From(events, database, components));

        var byName = fault.Components.ToDictionary(c => c.Component);
        Assert.Equal(["cache", "database", "login", "mcp", "orders"], byName.Keys.Order(StringComparer.Ordinal));
        Assert.True(byName["database"] is { Dependant: true, Hit: true, Cascaded: false, ErrorRateDuring: 10 });
        Assert.True(byName["login"] is { Hit: true, Cascaded: false });
        Assert.True(byName["orders"] is { Hit: true, Cascaded: true, ErrorRateDuring: 13 });
        Assert.True(byName["mcp"] is { Dependant: false, Hit: true, Cascaded: true, P95BeforeMs: 10, P95DuringMs: 30 });
        Assert.True(byName["cache"] is { Dependant: false, Hit: false, Cascaded: false });
        Assert.Equal(["mcp", "orders"], new ResourceFigures(null, null, null) { Chaos = [fault] }.Cascaded);
    }

    [Fact]
    public void FaultRecoverySeconds_OneFaultNeverBack_IsNullSoTheCriterionFails()
    {
        var seconds = Seconds([.. Enumerable.Repeat((20.0, 0L), 10), .. Enumerable.Repeat((200.0, 0L), 15)]);
        var events = new[]
        {
            Event(RunEventKind.FaultStarted, 10, ("id", "1"), ("fault", "latency_injection"), ("on", "target"), ("asked", "+100ms")),
            Event(RunEventKind.FaultEnded, 15, ("id", "1")),
        };

        var figures = new ResourceFigures(null, null, null) { Chaos = FaultReport.From(events, seconds) };

        Assert.Null(figures.FaultRecoverySeconds);
        var criterion = Criterion.TryParse("recovery_time", "<30s", out _)!;
        var outcome = Assert.Single(CriteriaEvaluator.Evaluate([criterion], new Measures(0, 0, 0, LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0), new Dictionary<string, Measures>(), figures));
        Assert.False(outcome.Passed);
        Assert.Contains("not recovered: after latency_injection +100ms", outcome.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void From_TwoFaultsCloseTogether_TheSecondIsJudgedAfterTheFirstAndTheFirstsRecoveryStopsAtTheSecond()
    {
        // 20 ms for 30 s; a fault slows it to 200 ms from 30 s to 40 s; 20 ms from 40 s; a second fault from 45 s to 50 s adds errors.
        var seconds = Seconds([.. Enumerable.Repeat((20.0, 0L), 30), .. Enumerable.Repeat((200.0, 0L), 10), .. Enumerable.Repeat((20.0, 0L), 5), .. Enumerable.Repeat((20.0, 20L), 5), .. Enumerable.Repeat((20.0, 0L), 20)]);
        var events = new[]
        {
            Event(RunEventKind.FaultStarted, 30, ("id", "1"), ("fault", "latency_injection"), ("on", "target"), ("asked", "+180ms")),
            Event(RunEventKind.FaultEnded, 40, ("id", "1")),
            Event(RunEventKind.FaultStarted, 45, ("id", "2"), ("fault", "connection_reset"), ("on", "target"), ("asked", "20%")),
            Event(RunEventKind.FaultEnded, 50, ("id", "2")),
        };

        var faults = FaultReport.From(events, seconds);

        // The first fault's recovery is looked for only until the second began, 5 s after it ended: too soon for 10 steady seconds.
        Assert.Null(faults[0].Impact.RecoveryTimeSeconds);
        Assert.Equal(5, faults[0].Impact.NextFaultAfterSeconds);
        Assert.Contains("not back within the band before the next fault began 5 s after it ended", faults[0].Impact.Describe(), StringComparison.Ordinal);

        // The second's band is the 5 s after the first ended, not the slow seconds of the first.
        Assert.Equal(20, faults[1].Impact.P95BeforeMs);
        Assert.Equal(0, faults[1].Impact.TimeToImpactSeconds);
        Assert.NotNull(faults[1].Impact.RecoveryTimeSeconds);

        // recovery_time judges the second fault alone.
        var figures = new ResourceFigures(null, null, null) { Chaos = faults };
        Assert.Equal(faults[1].Impact.RecoveryTimeSeconds, figures.FaultRecoverySeconds);
    }

    [Fact]
    public void From_ANextFaultWithoutImpact_DoesNotCutTheRecovery()
    {
        // The first fault slows 30-40 s; a one-second kill at 41 s changes nothing; back to 20 ms at once.
        var seconds = Seconds([.. Enumerable.Repeat((20.0, 0L), 30), .. Enumerable.Repeat((200.0, 0L), 10), .. Enumerable.Repeat((20.0, 0L), 20)]);
        var events = new[]
        {
            Event(RunEventKind.FaultStarted, 30, ("id", "1"), ("fault", "latency_injection"), ("on", "target"), ("asked", "+180ms")),
            Event(RunEventKind.FaultEnded, 40, ("id", "1")),
            Event(RunEventKind.FaultStarted, 41, ("id", "2"), ("fault", "kill_random_mcp_server"), ("on", "reference"), ("asked", "once")),
            Event(RunEventKind.FaultEnded, 42, ("id", "2")),
        };

        var faults = FaultReport.From(events, seconds);

        Assert.Null(faults[1].Impact.TimeToImpactSeconds);
        Assert.NotNull(faults[0].Impact.RecoveryTimeSeconds);
        Assert.Null(faults[0].Impact.NextFaultAfterSeconds);
    }

    [Fact]
    public void FaultRecoverySeconds_EveryImpactCutShort_IsNullAndTheCriterionSaysWhy()
    {
        // A slow fault, and 3 s after it a second one that is still on when the scenario ends: no recovery can be judged.
        var seconds = Seconds([.. Enumerable.Repeat((20.0, 0L), 30), .. Enumerable.Repeat((200.0, 0L), 10), .. Enumerable.Repeat((20.0, 0L), 3), .. Enumerable.Repeat((20.0, 30L), 5)]);
        var events = new[]
        {
            Event(RunEventKind.FaultStarted, 30, ("id", "1"), ("fault", "latency_injection"), ("on", "target"), ("asked", "+180ms")),
            Event(RunEventKind.FaultEnded, 40, ("id", "1")),
            Event(RunEventKind.FaultStarted, 43, ("id", "2"), ("fault", "connection_reset"), ("on", "target"), ("asked", "30%")),
        };

        var figures = new ResourceFigures(null, null, null) { Chaos = FaultReport.From(events, seconds) };

        Assert.Null(figures.FaultRecoverySeconds);
        var criterion = Criterion.TryParse("recovery_time", "<30s", out _)!;
        var outcome = Assert.Single(CriteriaEvaluator.Evaluate([criterion], new Measures(0, 0, 0, LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0), new Dictionary<string, Measures>(), figures));
        Assert.False(outcome.Passed);
        Assert.Contains("not measured: after latency_injection +180ms the next fault began 3 s later", outcome.Note, StringComparison.Ordinal);
    }
}
