namespace Redline.Engine;

/// <summary>
/// Walks the arrivals of a <see cref="RateSchedule"/> in order. Uniform arrivals sit at Λ = 0, 1, 2, ...;
/// Poisson arrivals at Λ-steps drawn from Exp(1) with a seeded source (a time-changed Poisson process).
/// </summary>
internal sealed class ArrivalClock
{
    private readonly RateSchedule _schedule;
    private readonly ArrivalPattern _pattern;
    private readonly Random _random;
    private double _cumulative;
    private bool _done;

    public ArrivalClock(RateSchedule schedule, ArrivalPattern pattern, int seed)
    {
        _schedule = schedule;
        _pattern = pattern;
        _random = new Random(seed);
        _cumulative = pattern == ArrivalPattern.Uniform ? 0 : NextGap();
    }

    /// <summary>The offset of the next arrival from the scenario's start, or false when the schedule has ended.</summary>
    public bool TryNext(out TimeSpan offset)
    {
        offset = default;
        if (_done)
        {
            return false;
        }

        if (_schedule.TimeAt(_cumulative) is not { } at)
        {
            _done = true;
            return false;
        }

        offset = at;
        _cumulative += _pattern == ArrivalPattern.Uniform ? 1 : NextGap();
        return true;
    }

    private double NextGap() => -Math.Log(1 - _random.NextDouble());
}
