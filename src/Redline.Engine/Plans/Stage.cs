namespace Redline.Engine;

/// <summary>A stage of a ramping shape: over <see cref="Duration"/>, move linearly to <see cref="Target"/>.</summary>
/// <param name="Duration">How long the stage lasts.</param>
/// <param name="Target">Users (closed model) or arrivals per second (open model) at the stage's end.</param>
public readonly record struct Stage(TimeSpan Duration, double Target)
{
    /// <summary>Jump to <see cref="Target"/> at the stage's start and hold it, instead of moving to it: a level of a sweep.</summary>
    public bool Step { get; init; }

    /// <summary>The levels of a sweep, each held for <paramref name="step"/>, as the seed's "concurrency: [1, 10, 50, 100, 500]".</summary>
    public static IReadOnlyList<Stage> Sweep(IReadOnlyList<double> levels, TimeSpan step)
    {
        ArgumentNullException.ThrowIfNull(levels);
        return [.. levels.Select(level => new Stage(step, level) { Step = true })];
    }
}

/// <summary>Bursts on top of an open model's base rate: <see cref="Rate"/> more arrivals per second for <see cref="Duration"/>, every <see cref="Every"/>.</summary>
/// <param name="Rate">Extra arrivals per second during a burst.</param>
/// <param name="Duration">How long one burst lasts.</param>
/// <param name="Every">Time from the start of one burst to the start of the next.</param>
/// <param name="Start">When the first burst begins, from the scenario's start.</param>
public readonly record struct Burst(double Rate, TimeSpan Duration, TimeSpan Every, TimeSpan Start);
