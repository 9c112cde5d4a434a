namespace Redline.Engine.Tests.Schedules;

public sealed class RateScheduleTests
{
    private static int[] CountsPerSecond(RateSchedule schedule, ArrivalPattern pattern = ArrivalPattern.Uniform, int seed = 1)
    {
        var counts = new int[(int)Math.Ceiling(schedule.Duration.TotalSeconds)];
        var clock = new ArrivalClock(schedule, pattern, seed);
        while (clock.TryNext(out var offset))
        {
            counts[(int)(offset.Ticks / TimeSpan.TicksPerSecond)]++;
        }

        return counts;
    }

    [Fact]
    public void Constant_200PerSecond_EverySecondHasExactly200()
    {
        var counts = CountsPerSecond(RateSchedule.Constant(200, TimeSpan.FromSeconds(10)));

        Assert.Equal(Enumerable.Repeat(200, 10), counts);
    }

    [Fact]
    public void FromStages_LinearRampFromZero_CountsFollowTheIntegralExactly()
    {
        // 0 -> 100/s over 10 s: Λ(t) = 5t², so second k holds ceil(5(k+1)²) - ceil(5k²) arrivals.
        var counts = CountsPerSecond(RateSchedule.FromStages([new Stage(TimeSpan.FromSeconds(10), 100)]));

        var expected = Enumerable.Range(0, 10).Select(k => (5 * (k + 1) * (k + 1)) - (5 * k * k));
        Assert.Equal(expected, counts);
        Assert.Equal(500, counts.Sum());
    }

    [Fact]
    public void FromStages_RampDownThenHold_ReachesEachRateAtItsMoment()
    {
        var schedule = RateSchedule.FromStages(
            [new Stage(TimeSpan.FromSeconds(4), 100), new Stage(TimeSpan.FromSeconds(4), 100), new Stage(TimeSpan.FromSeconds(2), 0)],
            startRate: 0);

        Assert.Equal(0, schedule.RateAt(TimeSpan.Zero));
        Assert.Equal(50, schedule.RateAt(TimeSpan.FromSeconds(2)), 9);
        Assert.Equal(100, schedule.RateAt(TimeSpan.FromSeconds(4)), 9);
        Assert.Equal(100, schedule.RateAt(TimeSpan.FromSeconds(7.5)), 9);
        Assert.Equal(50, schedule.RateAt(TimeSpan.FromSeconds(9)), 9);
        Assert.Equal(100, CountsPerSecond(schedule)[5]);
        Assert.Equal(200 + 400 + 100, CountsPerSecond(schedule).Sum());
    }

    [Fact]
    public void WithBurst_BurstsOnTopOfTheBaseRate_AtTheirWindowsOnly()
    {
        var schedule = RateSchedule.Constant(100, TimeSpan.FromSeconds(20))
            .WithBurst(new Burst(2000, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)));

        var counts = CountsPerSecond(schedule);

        int[] burstSeconds = [5, 6, 15, 16];
        for (var second = 0; second < 20; second++)
        {
            Assert.Equal(burstSeconds.Contains(second) ? 2100 : 100, counts[second]);
        }

        Assert.Equal(2100, schedule.PeakRate);
    }

    [Fact]
    public void WithDuration_SqueezesStagesAndBurstsAlike()
    {
        var schedule = RateSchedule.Constant(10, TimeSpan.FromMinutes(10))
            .WithBurst(new Burst(90, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)))
            .WithDuration(TimeSpan.FromSeconds(20));

        Assert.Equal(TimeSpan.FromSeconds(20), schedule.Duration);
        Assert.Equal(100, schedule.RateAt(TimeSpan.FromSeconds(10.5)), 9);
        Assert.Equal(10, schedule.RateAt(TimeSpan.FromSeconds(11.5)), 9);
        Assert.Equal(10, schedule.RateAt(TimeSpan.FromSeconds(9.5)), 9);
    }

    [Fact]
    public void Scale_MultipliesBaseAndBurstRates()
    {
        var schedule = RateSchedule.Constant(1000, TimeSpan.FromSeconds(10))
            .WithBurst(new Burst(2000, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)))
            .Scale(0.01);

        Assert.Equal(10, schedule.RateAt(TimeSpan.FromSeconds(1)), 9);
        Assert.Equal(30, schedule.RateAt(TimeSpan.FromSeconds(5.5)), 9);
    }

    [Fact]
    public void Poisson_SameSeed_SameArrivals_AndTheMeanRateHolds()
    {
        var schedule = RateSchedule.Constant(100, TimeSpan.FromSeconds(100));

        var first = CountsPerSecond(schedule, ArrivalPattern.Poisson, seed: 7);
        var again = CountsPerSecond(schedule, ArrivalPattern.Poisson, seed: 7);
        var other = CountsPerSecond(schedule, ArrivalPattern.Poisson, seed: 8);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);

        // 10,000 expected arrivals; a Poisson count has σ = 100, so ±400 is a 4σ band.
        Assert.InRange(first.Sum(), 9600, 10400);

        // Per-second counts vary as a Poisson process does (variance ≈ mean), unlike uniform arrivals.
        var mean = first.Average();
        var variance = first.Select(c => (c - mean) * (c - mean)).Average();
        Assert.InRange(variance, 50, 200);
    }
}
