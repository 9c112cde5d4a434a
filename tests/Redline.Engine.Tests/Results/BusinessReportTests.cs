namespace Redline.Engine.Tests.Results;

public sealed class BusinessReportTests
{
    /// <summary>A timeline from (requests, errors) per second, starting at second 0, with <paramref name="inFlight"/> per second when given.</summary>
    private static List<TimelinePoint> Timeline((long Requests, long Errors)[] seconds, int[]? inFlight = null) =>
        [.. seconds.Select((s, i) => new TimelinePoint(
            i,
            10,
            inFlight?[i] ?? 0,
            new IntervalSnapshot(i, null, s.Requests, s.Errors, 0, 0, 0, new Dictionary<string, long>(), new Dictionary<string, long>(), LatencyStats.Empty, LatencyStats.Empty, "", ""),
            [],
            default,
            null))];

    private static readonly (long, long) Clean = (10, 0);
    private static readonly (long, long) Failing = (10, 4);
    private static readonly (long, long) Idle = (0, 0);

    private static Measures Totals(long requests, long errors, double rps) =>
        new(requests, errors, rps, LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long> { ["http_5xx"] = errors }, new Dictionary<string, long>(), 0, 0, 0, 0);

    [Fact]
    public void FindBursts_BurstThenFiveCleanSeconds_RecoversFromTheBurstsStartToTheFirstCleanSecond()
    {
        var timeline = Timeline([Clean, Clean, Clean, Failing, Failing, Clean, Clean, Clean, Clean, Clean]);

        var bursts = BusinessReport.FindBursts(timeline);

        Assert.Equal([new ErrorBurst(3, 4, 8, 2)], bursts);
    }

    [Fact]
    public void FindBursts_SteadyBackgroundErrorsBelowFivePercent_AreNoBurst()
    {
        // A busy service failing about one request in a hundred: errors in most seconds, never a burst.
        var timeline = Timeline([.. Enumerable.Range(0, 30).Select(i => (190L, i % 3 == 0 ? 0L : 2L + (i % 4)))]);

        Assert.Empty(BusinessReport.FindBursts(timeline));
    }

    [Fact]
    public void FindBursts_BackgroundErrorsWhileRecovering_CountInTheBurstButDoNotHoldItOpen()
    {
        var timeline = Timeline([(1000, 0), (1000, 500), (1000, 300), (1000, 10), (1000, 0), (1000, 20), (1000, 0), (1000, 0), (1000, 0)]);

        var bursts = BusinessReport.FindBursts(timeline);

        Assert.Equal([new ErrorBurst(1, 2, 830, 2)], bursts);
    }

    [Fact]
    public void FindBursts_FourCleanSecondsAtTheEnd_IsNotYetRecovered()
    {
        var timeline = Timeline([Clean, Failing, Clean, Clean, Clean, Clean]);

        var bursts = BusinessReport.FindBursts(timeline);

        Assert.Equal([new ErrorBurst(1, 1, 4, null)], bursts);
    }

    [Fact]
    public void FindBursts_ErrorsAgainWithinFiveCleanSeconds_AreOneBurst()
    {
        // Errors at 2 and 6 with three clean seconds between: one burst, recovered at second 7.
        var timeline = Timeline([Clean, Clean, Failing, Clean, Clean, Clean, Failing, Clean, Clean, Clean, Clean, Clean]);

        var bursts = BusinessReport.FindBursts(timeline);

        Assert.Equal([new ErrorBurst(2, 6, 8, 5)], bursts);
    }

    [Fact]
    public void FindBursts_FiveCleanSecondsBetweenErrors_AreTwoBursts()
    {
        var timeline = Timeline([Failing, Clean, Clean, Clean, Clean, Clean, Failing, Clean, Clean, Clean, Clean, Clean]);

        var bursts = BusinessReport.FindBursts(timeline);

        Assert.Equal([new ErrorBurst(0, 0, 4, 1), new ErrorBurst(6, 6, 4, 1)], bursts);
    }

    [Fact]
    public void FindBursts_SecondWithoutRequests_BreaksTheCleanStreak()
    {
        // Clean from 2, but second 4 completes nothing: the streak that counts starts at 5.
        var timeline = Timeline([Clean, Failing, Clean, Clean, Idle, Clean, Clean, Clean, Clean, Clean]);

        var bursts = BusinessReport.FindBursts(timeline);

        Assert.Equal([new ErrorBurst(1, 1, 4, 4)], bursts);
    }

    [Fact]
    public void FindBursts_IdleSecondsBeforeAnyError_StartNoBurst()
    {
        var timeline = Timeline([Idle, Idle, Clean, Clean]);

        Assert.Empty(BusinessReport.FindBursts(timeline));
    }

    [Fact]
    public void From_BurstStillOpenAtTheEnd_IsUnrecoveredAndCountsToTheEnd()
    {
        // Seconds 0..10; the burst starts at 7 and the run ends after second 10: 4 seconds.
        var timeline = Timeline([Clean, Clean, Clean, Clean, Clean, Clean, Clean, Failing, Clean, Clean, Clean]);

        var report = BusinessReport.From(Totals(110, 4, 10), timeline, null);

        Assert.Equal([new ErrorBurst(7, 7, 4, null)], report.ErrorBursts);
        Assert.True(report.Unrecovered);
        Assert.Equal(4, report.RecoveryTimeSeconds);
    }

    [Fact]
    public void From_SeveralBursts_RecoveryTimeIsTheLongest()
    {
        // A burst from 0 to 3 recovers at 4 (4 s); one at 9 recovers at 10 (1 s); one at 15 is open to the end (2 s).
        var timeline = Timeline([Failing, Failing, Failing, Failing, Clean, Clean, Clean, Clean, Clean, Failing, Clean, Clean, Clean, Clean, Clean, Failing, Clean]);

        var report = BusinessReport.From(Totals(170, 24, 10), timeline, null);

        Assert.Equal([4.0, 1.0, null], report.ErrorBursts.Select(b => b.RecoverySeconds));
        Assert.True(report.Unrecovered);
        Assert.Equal(4, report.RecoveryTimeSeconds);
    }

    [Fact]
    public void From_NoErrors_HasNoBurstsAndNoRecoveryTime()
    {
        var timeline = Timeline([Clean, Clean, Idle, Clean]);

        var report = BusinessReport.From(Totals(30, 0, 7.5), timeline, null);

        Assert.Empty(report.ErrorBursts);
        Assert.Null(report.RecoveryTimeSeconds);
        Assert.False(report.Unrecovered);
    }

    [Fact]
    public void From_Totals_GiveTrafficAndSuccess()
    {
        var report = BusinessReport.From(Totals(200, 15, 40), Timeline([Clean]), null);

        Assert.Equal(40, report.RequestsPerSecond);
        Assert.Equal(185, report.SuccessfulRequests);
        Assert.Equal(7.5, report.ErrorRatePercent);
        Assert.Equal(15, report.ErrorsByType["http_5xx"]);
    }

    [Fact]
    public void From_InFlightPerSecond_IsTheQueueDepth()
    {
        var inFlight = Enumerable.Range(1, 20).ToArray();
        var timeline = Timeline([.. Enumerable.Repeat(Clean, 20)], inFlight);

        var report = BusinessReport.From(Totals(200, 0, 10), timeline, null);

        // Nearest rank: the 19th of 20 sorted values is the 95th percentile.
        Assert.Equal(new Spread(10.5, 19, 20), report.QueueDepth);
    }

    [Fact]
    public void From_TargetRuntimeRead_SpreadsItsThreadPool()
    {
        var resources = new ResourceReport(
            true,
            1,
            null,
            new Dictionary<string, string>(),
            [1, 2, 3, 4],
            [
                new ResourceSeries("target.runtime.thread_pool_threads", "count", [4, 4, 6, 10]),
                new ResourceSeries("target.runtime.thread_pool_queue", "count", [0, 4, null, 8]),
            ],
            null,
            null,
            null);

        var report = BusinessReport.From(Totals(40, 0, 10), Timeline([Clean, Clean, Clean, Clean]), resources);

        Assert.Equal(new Spread(6, 10, 10), report.TargetThreadPoolThreads);
        Assert.Equal(new Spread(4, 8, 8), report.TargetThreadPoolQueue);
    }

    [Fact]
    public void From_NoResources_HasNoThreadPoolSpreads()
    {
        var report = BusinessReport.From(Totals(10, 0, 10), Timeline([Clean]), null);

        Assert.Null(report.TargetThreadPoolThreads);
        Assert.Null(report.TargetThreadPoolQueue);
    }
}
