namespace Redline.Engine;

/// <summary>What a stress scenario found: where it broke, how the break was narrowed, how the target recovered, and what saturated.</summary>
/// <param name="StopCondition">The condition as written.</param>
/// <param name="WindowSeconds">The sliding window it was judged over.</param>
/// <param name="Break">Where it held; null when it never did.</param>
/// <param name="Recovery">The recovery after the break, when the scenario has a recovery phase and broke.</param>
/// <param name="Note">Why there is no break or no recovery, in words.</param>
public sealed record StressReport(string StopCondition, double WindowSeconds, BreakingPoint? Break, RecoveryResult? Recovery, string? Note)
{
    /// <summary>What saturated at the break, most telling first.</summary>
    public IReadOnlyList<Bottleneck> Bottlenecks { get; init; } = [];

    /// <summary>Whether the target's process was watched at the break, so that its CPU could be named.</summary>
    public bool Watched { get; init; }
}

/// <summary>The moment the stop condition held.</summary>
/// <param name="AtSeconds">When, from the scenario's start.</param>
/// <param name="Load">The load then: users or arrivals per second.</param>
/// <param name="Unit">What the load counts.</param>
/// <param name="ThroughputRps">The window's throughput.</param>
/// <param name="P95Ms">The window's p95.</param>
/// <param name="ErrorRatePercent">The window's error rate.</param>
/// <param name="Reason">Which terms held, with their values.</param>
/// <param name="LastGood">The highest load that held: the stage before the break, or the best good probe.</param>
/// <param name="FirstBad">The lowest load that broke: the stage of the break, or the lowest bad probe.</param>
public sealed record BreakingPoint(double AtSeconds, double Load, string Unit, double ThroughputRps, double P95Ms, double ErrorRatePercent, string Reason, BreakLevel? LastGood, BreakLevel? FirstBad)
{
    /// <summary>The levels tried between the last good and the first bad load, in order.</summary>
    public IReadOnlyList<BreakLevel> Probes { get; init; } = [];
}

/// <summary>A load judged good or bad around the break, with its figures.</summary>
/// <param name="Load">Users or arrivals per second.</param>
/// <param name="ThroughputRps">Its throughput.</param>
/// <param name="P95Ms">Its p95.</param>
/// <param name="ErrorRatePercent">Its error rate.</param>
/// <param name="Stage">The stage it was, from 1.</param>
/// <param name="Verdict"><c>good</c>, <c>bad</c> or <c>inconclusive</c>.</param>
/// <param name="GeneratorSaturated">Whether the generator was past its limits in it.</param>
public sealed record BreakLevel(double Load, double ThroughputRps, double P95Ms, double ErrorRatePercent, int? Stage, string Verdict, bool GeneratorSaturated);

/// <summary>How the target came back after the load dropped.</summary>
/// <param name="StartedAtSeconds">When the load dropped, from the scenario's start.</param>
/// <param name="Level">The load it dropped to.</param>
/// <param name="BaselineP95Ms">The p95 of the last good load, which the band is drawn around.</param>
/// <param name="BaselineErrorRatePercent">Its error rate.</param>
/// <param name="RecoveryTimeSeconds">From the drop to the first second of <see cref="RecoveryPlan.SteadySeconds"/> in a row within the band; null when that never came.</param>
/// <param name="Note">Why there is no recovery time, in words.</param>
public sealed record RecoveryResult(double StartedAtSeconds, double Level, double BaselineP95Ms, double BaselineErrorRatePercent, double? RecoveryTimeSeconds, string? Note)
{
    /// <summary>A second is within the band at or below this p95 (the baseline's 1.2 times, and at least a millisecond over it)...</summary>
    public double BandP95Ms => Math.Round(Math.Max(BaselineP95Ms * RecoveryPlan.P95Factor, BaselineP95Ms + 1), 3);

    /// <summary>...and at or below this error rate.</summary>
    public double BandErrorRatePercent => Math.Round(BaselineErrorRatePercent + RecoveryPlan.ErrorPoints, 3);
}

/// <summary>A resource or component that saturated at the break.</summary>
/// <param name="Resource">What: <c>target_cpu</c>, <c>thread_pool_queue</c>, <c>gc</c>, <c>max_concurrency</c>, <c>connections</c>, <c>component</c>, <c>generator</c>.</param>
/// <param name="Evidence">The figures that show it, in words.</param>
public sealed record Bottleneck(string Resource, string Evidence);
