namespace Redline.Engine;

/// <summary>When iterations happen: a closed model (virtual users) or an open model (arrival rate).</summary>
public abstract record LoadProfile
{
    private protected LoadProfile()
    {
    }

    /// <summary>The scenario's whole length, ramps included.</summary>
    public abstract TimeSpan Duration { get; }

    /// <summary>"closed" or "open".</summary>
    public abstract string Model { get; }

    /// <summary>The same shape with users or rates multiplied by <paramref name="factor"/>.</summary>
    public abstract LoadProfile Scale(double factor);

    /// <summary>The same shape stretched or squeezed in time to last <paramref name="duration"/>.</summary>
    public abstract LoadProfile WithDuration(TimeSpan duration);
}

/// <summary>The closed model: virtual users loop over "pick a component, send, think".</summary>
/// <param name="Users">How many users are active at each moment.</param>
/// <param name="ThinkTime">The pause after each iteration.</param>
public sealed record ClosedLoad(UserSchedule Users, TimeSpan ThinkTime) : LoadProfile
{
    /// <inheritdoc />
    public override TimeSpan Duration => Users.Duration;

    /// <inheritdoc />
    public override string Model => "closed";

    /// <inheritdoc />
    public override LoadProfile Scale(double factor) => this with { Users = Users.Scale(factor) };

    /// <inheritdoc />
    public override LoadProfile WithDuration(TimeSpan duration) => this with { Users = Users.WithDuration(duration) };
}

/// <summary>How arrivals are spaced in the open model.</summary>
public enum ArrivalPattern
{
    /// <summary>Evenly spaced at the current rate.</summary>
    Uniform,
    /// <summary>A Poisson process at the current rate (exponential gaps), seeded.</summary>
    Poisson,
}

/// <summary>What the open model does with an iteration that falls due while every slot is busy.</summary>
public enum SaturationPolicy
{
    /// <summary>Start it as soon as a slot frees, timed from its intended start (coordinated-omission correction).</summary>
    Wait,
    /// <summary>Drop it and count it in <c>dropped_iterations</c>.</summary>
    Drop,
}

/// <summary>The open model: iterations arrive at a rate, independent of how fast the target answers.</summary>
/// <param name="Rate">Arrivals per second over time.</param>
/// <param name="Arrivals">How arrivals are spaced.</param>
/// <param name="MaxConcurrency">The most iterations in flight at once.</param>
/// <param name="OnSaturation">What happens to an arrival when every slot is busy.</param>
public sealed record OpenLoad(RateSchedule Rate, ArrivalPattern Arrivals, int MaxConcurrency, SaturationPolicy OnSaturation) : LoadProfile
{
    /// <summary>The default bound on iterations in flight.</summary>
    public const int DefaultMaxConcurrency = 1000;

    /// <inheritdoc />
    public override TimeSpan Duration => Rate.Duration;

    /// <inheritdoc />
    public override string Model => "open";

    /// <inheritdoc />
    public override LoadProfile Scale(double factor) => this with { Rate = Rate.Scale(factor) };

    /// <inheritdoc />
    public override LoadProfile WithDuration(TimeSpan duration) => this with { Rate = Rate.WithDuration(duration) };
}
