namespace Redline.Engine.Tests.Results;

public sealed class StressAnalysisTests
{
    private static readonly BreakLevel Baseline = new(100, 100, 10, 0, 2, "good", false);

    private static StageResult Recovery(double start, double end) => new(
        new StageSpan(5, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), 20, 20, "users") { Phase = "recovery" },
        new Measures(0, 0, 0, LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0),
        null, null, 0, 0, false);

    private static List<SecondTally> Seconds(int from, params double[] p95) =>
        [.. p95.Select((p, i) => new SecondTally(from + i, 50, 0, 1) { P95Ms = p })];

    [Fact]
    public void Recovery_FirstOfTenSecondsInARowWithinTheBand_CountsFromTheDrop()
    {
        // The drop at 40.4 s; seconds 41-43 still slow, 44 on within 1.2 × 10 ms.
        var seconds = Seconds(41, 300, 80, 13, 11, 10, 10, 12, 11, 10, 10, 10, 9, 10);

        var result = StressAnalysis.Recovery(Recovery(40.4, 70), Baseline, seconds);

        Assert.Equal(12, result.BandP95Ms);
        Assert.Equal(3.6, result.RecoveryTimeSeconds!.Value, 3);
        Assert.Null(result.Note);
    }

    [Fact]
    public void Recovery_ABadSecondInsideTheRun_StartsTheCountAgain()
    {
        var seconds = Seconds(10, 10, 10, 10, 10, 10, 40, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10);

        var result = StressAnalysis.Recovery(Recovery(10, 40), Baseline, seconds);

        Assert.Equal(6, result.RecoveryTimeSeconds);
    }

    [Fact]
    public void Recovery_PhaseEndsFirst_NotRecoveredWithTheBandInWords()
    {
        var seconds = Seconds(10, 30, 30, 30, 10, 10, 10, 10, 10);

        var result = StressAnalysis.Recovery(Recovery(10, 18), Baseline, seconds);

        Assert.Null(result.RecoveryTimeSeconds);
        Assert.StartsWith("not recovered: no 10 s in a row with p95 <= 12 ms and errors <= 0.5%", result.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Recovery_NoGoodLoadBeforeTheBreak_SaysThereIsNothingToRecoverTo()
    {
        var result = StressAnalysis.Recovery(Recovery(10, 40), null, Seconds(10, 10, 10));

        Assert.Null(result.RecoveryTimeSeconds);
        Assert.Contains("first stage already broke", result.Note, StringComparison.Ordinal);
    }
}
