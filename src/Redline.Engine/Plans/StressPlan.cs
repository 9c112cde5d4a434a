namespace Redline.Engine;

/// <summary>What a stress scenario does once its stop condition holds: narrow the break, then drop the load and watch it recover.</summary>
/// <param name="Condition">When the load has gone too far.</param>
public sealed record StressPlan(StopCondition Condition)
{
    /// <summary>When set, the break is narrowed between the last good and the first bad load by probing levels between them.</summary>
    public BisectPlan? Bisect { get; init; }

    /// <summary>When set, the load drops to a level after the break and the scenario measures how long the target takes to recover.</summary>
    public RecoveryPlan? Recovery { get; init; }
}

/// <summary>Narrowing the break: up to <paramref name="Probes"/> levels, each half-way between the last good and first bad, each held for <paramref name="Hold"/>.</summary>
/// <param name="Probes">How many levels to try.</param>
/// <param name="Hold">How long each is held; its first quarter (at most 5 s) settles and is not judged.</param>
public sealed record BisectPlan(int Probes, TimeSpan Hold)
{
    /// <summary>Three probes narrow the break to an eighth of the step it fell in.</summary>
    public const int DefaultProbes = 3;

    /// <summary>The part of a probe's start that is not judged: what the level before it left queued drains first.</summary>
    public TimeSpan Settle => TimeSpan.FromTicks(Math.Min(Hold.Ticks / 4, TimeSpan.FromSeconds(5).Ticks));
}

/// <summary>After the break, hold <paramref name="Level"/> (users or arrivals per second, as the load counts) for <paramref name="Duration"/>.</summary>
/// <param name="Level">The load to drop to.</param>
/// <param name="Duration">How long to hold it, which bounds the recovery time that can be measured.</param>
public sealed record RecoveryPlan(double Level, TimeSpan Duration)
{
    /// <summary>How many seconds in a row must stay within the band before the target counts as recovered.</summary>
    public const int SteadySeconds = 10;

    /// <summary>A second is within the band when its p95 is at most this multiple of the baseline's...</summary>
    public const double P95Factor = 1.2;

    /// <summary>...and its error rate at most the baseline's plus these points.</summary>
    public const double ErrorPoints = 0.5;
}

/// <summary>A level the load is held at from <paramref name="From"/> to <paramref name="Until"/>, in place of its schedule.</summary>
/// <param name="From">When it starts, from the scenario's second zero.</param>
/// <param name="Level">Users or arrivals per second.</param>
/// <param name="Until">When the load ends, unless it is set again first.</param>
/// <param name="Phase">Why: <c>probe</c>, <c>cooldown</c> or <c>recovery</c>.</param>
public sealed record LoadSetting(TimeSpan From, double Level, TimeSpan Until, string Phase);
