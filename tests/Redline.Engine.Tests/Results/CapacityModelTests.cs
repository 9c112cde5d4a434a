namespace Redline.Engine.Tests.Results;

public sealed class CapacityModelTests
{
    private static double Usl(double lambda, double sigma, double kappa, double n) => lambda * n / (1 + (sigma * (n - 1)) + (kappa * n * (n - 1)));

    private static StageResult Stage(int number, double concurrency, double throughput, double p95, double serviceMeanMs = 10, string phase = "load", double? level = null) => new(
        new StageSpan(number, TimeSpan.FromSeconds(10 * (number - 1)), TimeSpan.FromSeconds(10 * number), level ?? concurrency, level ?? concurrency, "users") { Phase = phase },
        new Measures((long)(throughput * 10), 0, throughput, new LatencyStats(100, 1, p95 / 2, 1, p95 / 2, p95 * 0.8, p95 * 0.9, p95, p95 * 1.1, p95 * 1.2, p95 * 1.3),
            new LatencyStats(100, 1, serviceMeanMs, 1, serviceMeanMs, serviceMeanMs, serviceMeanMs, serviceMeanMs, serviceMeanMs, serviceMeanMs, serviceMeanMs),
            LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0),
        null, null, 0, 0, false)
    {
        InFlightMean = concurrency,
    };

    [Fact]
    public void FitUsl_ASyntheticTargetWithNoise_RecoversSigmaAndKappaWithinTenPercent()
    {
        // σ = 0.05 and κ = 0.001, λ = 100 req/s per unit, throughput measured with ±2% noise.
        var random = new Random(7);
        double[] n = [1, 2, 4, 8, 16, 32, 48, 64, 96];
        var x = n.Select(c => Usl(100, 0.05, 0.001, c) * (1 + ((random.NextDouble() - 0.5) * 0.04))).ToArray();

        var (fit, note) = CapacityModel.FitUsl(n, x);

        Assert.Null(note);
        Assert.NotNull(fit);
        Assert.InRange(fit.Sigma, 0.045, 0.055);
        Assert.InRange(fit.Kappa, 0.0009, 0.0011);
        Assert.InRange(fit.Lambda, 90, 110);
        Assert.InRange(fit.PeakConcurrency!.Value, Math.Sqrt(0.95 / 0.001) * 0.9, Math.Sqrt(0.95 / 0.001) * 1.1);
        Assert.True(fit.RSquared > 0.98, $"R² {fit.RSquared}");
    }

    [Fact]
    public void FitUsl_ThroughputThatLevelsOff_GivesTheLevelInsteadOfAPeak()
    {
        // A single server of 200 req/s behind a queue: X = min(λN, 200), no retrograde.
        double[] n = [1, 2, 4, 8, 16, 32];
        var x = n.Select(c => 200 * c / (c + 1)).ToArray();

        var (fit, note) = CapacityModel.FitUsl(n, x);

        Assert.Null(fit!.PeakConcurrency);
        Assert.InRange(fit.PeakThroughputRps!.Value, 180, 220);
        Assert.Contains("no retrograde", note, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_FewerThanFourLevels_SaysWhyThereIsNoFit()
    {
        var stages = new[] { Stage(1, 1, 100, 10), Stage(2, 2, 190, 11), Stage(3, 4, 350, 12) };

        var model = CapacityModel.Of(stages, new ScenarioStart("s", "closed", default, TimeSpan.FromSeconds(30), ["c"]));

        Assert.NotNull(model);
        Assert.Null(model.Usl);
        Assert.Contains("3 distinct levels", model.UslNote, StringComparison.Ordinal);
    }

    [Fact]
    public void FindKnee_AHockeyStick_IsTheLastStageBeforeLatencyTurnsUp()
    {
        double[] throughput = [100, 200, 300, 380, 400, 405];
        double[] p95 = [10, 10.5, 11, 13, 60, 400];
        var stages = throughput.Select((x, i) => Stage(i + 1, i + 1, x, p95[i])).ToList();

        var (knee, note) = CapacityModel.FindKnee(stages);

        Assert.Null(note);
        Assert.Equal(4, knee!.Stage);
        Assert.Equal(380, knee.ThroughputRps);
    }

    [Fact]
    public void FindKnee_FlatLatencyWithNoise_HasNone()
    {
        double[] p95 = [2900, 2880, 3020, 2890, 2950, 2860];
        var stages = p95.Select((p, i) => Stage(i + 1, 10 * (i + 1), 10 * (i + 1), p)).ToList();

        var (knee, note) = CapacityModel.FindKnee(stages);

        Assert.Null(knee);
        Assert.Equal("no knee: p95 stayed between 2860 and 3020 ms across the stages", note);
    }

    [Fact]
    public void FindKnee_LatencyRisingInStepWithThroughput_HasNone()
    {
        var stages = Enumerable.Range(1, 5).Select(i => Stage(i, i, 100 * i, 10 * i)).ToList();

        var (knee, note) = CapacityModel.FindKnee(stages);

        Assert.Null(knee);
        Assert.Contains("no knee", note, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckLittle_ClosedModel_ConcurrencyIsThroughputTimesServiceAndThinkTime()
    {
        var start = new ScenarioStart("s", "closed", default, TimeSpan.FromSeconds(30), ["c"]) { ThinkTime = TimeSpan.FromMilliseconds(90) };

        // 10 users, 10 ms service, 90 ms think: 100 req/s exactly; at 80 req/s something is off by 20%.
        var holds = CapacityModel.CheckLittle(Stage(1, 10, 100, 12), start)!;
        var fails = CapacityModel.CheckLittle(Stage(2, 10, 80, 12), start)!;

        Assert.False(holds.Fails);
        Assert.Equal(10, holds.PredictedConcurrency, 3);
        Assert.True(fails.Fails);
        Assert.Equal(-20, fails.DeviationPercent, 1);
        Assert.Null(CapacityModel.CheckLittle(Stage(3, 10, 80, 12, phase: "probe"), start));
    }
}
