using BenchmarkDotNet.Attributes;
using Redline.Engine;

namespace Redline.Benchmarks;

/// <summary>The open model's pacer: the time of each next arrival, found by inverting Λ(t).</summary>
[MemoryDiagnoser]
public class ArrivalClockBenchmarks
{
    // Λ over the whole schedule: 5,000 + 20,000 + 5,000 from the stages and 8 bursts of 500.
    private const int Arrivals = 34_000;

    private RateSchedule _schedule = null!;

    [Params(ArrivalPattern.Uniform, ArrivalPattern.Poisson)]
    public ArrivalPattern Pattern { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Ramp up, hold, ramp down over 40 s, with a 1 s burst every 5 s: 19 linear segments.
        _schedule = RateSchedule.FromStages(
            [
                new Stage(TimeSpan.FromSeconds(10), 1000),
                new Stage(TimeSpan.FromSeconds(20), 1000),
                new Stage(TimeSpan.FromSeconds(10), 0),
            ])
            .WithBurst(new Burst(500, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(2)));
    }

    /// <summary>Walks every arrival of the schedule; reported per arrival (Poisson's count varies by about 1%).</summary>
    [Benchmark(OperationsPerInvoke = Arrivals)]
    public long WholeSchedule()
    {
        var clock = new ArrivalClock(_schedule, Pattern, seed: 1);
        long ticks = 0;
        while (clock.TryNext(out var offset))
        {
            ticks += offset.Ticks;
        }

        return ticks;
    }
}
