namespace Redline.Engine;

/// <summary>How a run or scenario ended.</summary>
public enum Verdict
{
    /// <summary>Every success criterion held.</summary>
    Passed,
    /// <summary>A success criterion failed.</summary>
    Failed,
    /// <summary>Stopped by the user before its end.</summary>
    Aborted,
}

/// <summary>A success criterion with the value measured for it.</summary>
/// <param name="Name">The criterion's key, e.g. <c>login.response_time_p99</c>.</param>
/// <param name="Expression">Its threshold as written, e.g. <c>&lt;800ms</c>.</param>
/// <param name="Actual">The measured value in the metric's unit, or null when it could not be measured.</param>
/// <param name="Unit">The unit of <paramref name="Actual"/>.</param>
/// <param name="Passed">Whether it held. A criterion that could not be measured did not hold.</param>
/// <param name="Note">Why it could not be measured, when it could not.</param>
public sealed record CriterionOutcome(string Name, string Expression, double? Actual, string Unit, bool Passed, string? Note = null);

/// <summary>How the generator itself fared, and whether its numbers can be trusted.</summary>
/// <param name="CpuPercent">Mean generator CPU over the run, as a percentage of the cores it may use.</param>
/// <param name="PeakCpuPercent">The busiest second's generator CPU.</param>
/// <param name="ScheduleLagP99Ms">99th percentile of iteration start lag against the intended time.</param>
/// <param name="MaxScheduleLagMs">The largest such lag.</param>
/// <param name="Saturated">True when the generator was too busy for its latency figures to be trusted.</param>
/// <param name="Reasons">Why it counts as saturated, in words.</param>
public sealed record GeneratorReport(double CpuPercent, double PeakCpuPercent, double ScheduleLagP99Ms, double MaxScheduleLagMs, bool Saturated, IReadOnlyList<string> Reasons)
{
    /// <summary>Whose fault a saturation was: the generator's own limits, or a machine busy with other work.</summary>
    public SaturationCause Cause { get; init; }

    /// <summary>The client HTTP requests went through: <c>http1</c> (Redline's own) or <c>httpclient</c>; null when the run sent none.</summary>
    public string? Transport { get; init; }
}

/// <summary>Whose fault it was that the generator could not be trusted.</summary>
public enum SaturationCause
{
    /// <summary>Not saturated.</summary>
    None,
    /// <summary>The generator's own limits: its CPU, its GC pauses, its thread pool.</summary>
    Generator,
    /// <summary>The machine: other processes' CPU, steal time, a long run queue.</summary>
    Machine,
    /// <summary>Both the generator and the machine.</summary>
    Both,
    /// <summary>Saturated, with nothing read that says why.</summary>
    Unknown,
}

/// <summary>The target process's resources over a scenario, when Redline sampled them.</summary>
/// <param name="CpuPercentMean">Mean CPU, 100 = one core.</param>
/// <param name="CpuPercentPeak">Busiest second, 100 = one core.</param>
/// <param name="CpuUsagePercent">Mean CPU as a share of all the machine's cores (what <c>cpu_usage</c> criteria compare).</param>
/// <param name="MemoryPeakBytes">Peak resident set size (what <c>memory_usage</c> criteria compare).</param>
/// <param name="MemoryMeanBytes">Mean resident set size.</param>
/// <param name="Samples">One sample per second.</param>
/// <param name="Note">What went wrong with sampling, e.g. the process exited.</param>
public sealed record TargetReport(double CpuPercentMean, double CpuPercentPeak, double CpuUsagePercent, long MemoryPeakBytes, long MemoryMeanBytes, IReadOnlyList<ResourceSample> Samples, string? Note)
{
    /// <summary>True when the target process exited while the scenario ran.</summary>
    public bool Exited => Samples.Any(s => !s.Alive);
}

/// <summary>One second of a scenario, summarised for the results file.</summary>
public sealed record TimelinePoint(long Second, double Load, int InFlight, IntervalSnapshot Total, IReadOnlyList<IntervalSnapshot> Components, GeneratorSample Generator, ResourceSample? Target);

/// <summary>Everything one scenario measured and concluded.</summary>
public sealed record ScenarioResult(
    string Name,
    string Model,
    string? Description,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    Verdict Verdict,
    string? StopReason,
    Measures Totals,
    IReadOnlyList<ComponentResult> Components,
    IReadOnlyList<CriterionOutcome> Criteria,
    GeneratorReport Generator,
    TargetReport? Target,
    IReadOnlyList<TimelinePoint> Timeline)
{
    /// <summary>What went wrong around the measurement (a sink switched off, say), in words.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The target's, its runtime's, the machine's and the generator's resources, when a resource monitor ran.</summary>
    public ResourceReport? Resources { get; init; }

    /// <summary>What happened on the scenario's timeline beside its seconds: stage changes, target exits, stops, notes, faults.</summary>
    public IReadOnlyList<RunEvent> Events { get; init; } = [];

    /// <summary>The seed's business metrics: traffic, success, errors and their recovery, queue depth, thread-pool use.</summary>
    public BusinessReport? Business { get; init; }

    /// <summary>Which run of the scenario this result is, from 1, before its repeats are folded into one result.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>
    /// Each repeat's own figures, when the scenario ran several times (<c>--repeat</c>): this result then holds
    /// all their seconds back to back, and these give the run-level spread the regression gate judges.
    /// </summary>
    public IReadOnlyList<ScenarioRepeat> Repeats { get; init; } = [];

    /// <summary>Each stage's figures, when the load has two or more stages: the degradation curve.</summary>
    public IReadOnlyList<StageResult> Stages { get; init; } = [];

    /// <summary>A stress scenario's stop condition, its break, how the target recovered and what saturated; null without a stop condition.</summary>
    public StressReport? Stress { get; init; }

    /// <summary>The Universal Scalability Law fitted to the stages, the knee, and Little's law per stage; null with fewer than two stages.</summary>
    public CapacityModel? Capacity { get; init; }

    /// <summary>Each fault injected during the scenario, with what it asked, achieved and did.</summary>
    public IReadOnlyList<FaultReport> Chaos { get; init; } = [];
}

/// <summary>What one stage of a scenario's load measured: a point of the degradation curve.</summary>
/// <param name="Span">The stage: when, and from what load to what.</param>
/// <param name="Measures">Its figures over its own seconds (throughput per second of the stage).</param>
/// <param name="TargetCpuPercent">The target's mean CPU over the stage (100 = one core), when sampled.</param>
/// <param name="TargetMemoryPeakBytes">The target's peak resident memory in the stage, when sampled.</param>
/// <param name="GeneratorCpuPercent">The generator's mean CPU over the stage, as a share of the cores it may use.</param>
/// <param name="ScheduleLagP99Ms">The worst second's schedule lag p99 in the stage.</param>
/// <param name="GeneratorSaturated">Whether the generator was past its limits in the stage, so that its figures are not to be trusted.</param>
public sealed record StageResult(StageSpan Span, Measures Measures, double? TargetCpuPercent, long? TargetMemoryPeakBytes, double GeneratorCpuPercent, double ScheduleLagP99Ms, bool GeneratorSaturated)
{
    /// <summary>Iterations in flight at the ends of its seconds, on average (the closed model counts every active user).</summary>
    public double InFlightMean { get; init; }

    /// <summary>The target runtime's longest thread-pool queue in the stage, when its runtime was read.</summary>
    public long? ThreadPoolQueueMax { get; init; }

    /// <summary>The target runtime's mean time in GC over the stage, percent, when its runtime was read.</summary>
    public double? TimeInGcPercent { get; init; }

    /// <summary>Each component's figures over the stage's seconds, by name.</summary>
    public IReadOnlyDictionary<string, Measures> Components { get; init; } = new Dictionary<string, Measures>(StringComparer.Ordinal);
}

/// <summary>One repeat of a scenario that ran several times: its own totals and components, as it measured them.</summary>
/// <param name="Number">Which repeat, from 1.</param>
/// <param name="StartedAt">Wall-clock time of its second zero.</param>
/// <param name="Duration">From its second zero to the end of its drain.</param>
/// <param name="Verdict">Its own verdict.</param>
/// <param name="Totals">Its figures over all components.</param>
/// <param name="Components">Each component's figures, with their steps.</param>
public sealed record ScenarioRepeat(int Number, DateTimeOffset StartedAt, TimeSpan Duration, Verdict Verdict, Measures Totals, IReadOnlyList<ComponentResult> Components)
{
    /// <summary>A repeat's figures from its own result.</summary>
    public static ScenarioRepeat Of(ScenarioResult repeat)
    {
        ArgumentNullException.ThrowIfNull(repeat);
        return new(repeat.Repeat, repeat.StartedAt, repeat.Duration, repeat.Verdict, repeat.Totals, repeat.Components);
    }
}

/// <summary>Where and on what a run happened, so that runs can be compared fairly.</summary>
public sealed record EnvironmentInfo(
    string MachineName,
    string Os,
    string Architecture,
    string CpuModel,
    int Cores,
    long MemoryBytes,
    string Runtime,
    string GcMode,
    string Fingerprint,
    string? GitCommit,
    string? GitBranch,
    bool? GitDirty);

/// <summary>The immutable result of a run, read by every exporter and analyser.</summary>
public sealed record RunResult(
    string RunId,
    string Suite,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    Verdict Verdict,
    IReadOnlyList<ScenarioResult> Scenarios,
    EnvironmentInfo Environment)
{
    /// <summary>The version of results.json's layout.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The alerts of the suite's <c>alerts:</c> that went pending or fired during the run, with their notifications.</summary>
    public IReadOnlyList<AlertReport> Alerts { get; init; } = [];

    /// <summary>The micro-benchmarks of the run (<c>redline bench import</c>), in the order the tool gave them; empty for a load run.</summary>
    public IReadOnlyList<MicroBenchmark> Micro { get; init; } = [];

    /// <summary>The tool and format the micro-benchmarks came from (<c>benchmarkdotnet</c>); null without them.</summary>
    public string? MicroFormat { get; init; }
}
