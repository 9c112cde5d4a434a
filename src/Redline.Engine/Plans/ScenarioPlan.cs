namespace Redline.Engine;

/// <summary>A named unit of work and how often it is picked.</summary>
/// <param name="Name">The component's name, as criteria and results refer to it.</param>
/// <param name="Step">What one iteration does.</param>
/// <param name="Weight">Its share of the request mix, relative to the other components' weights.</param>
public sealed record ComponentPlan(string Name, Step Step, double Weight = 1)
{
    /// <summary>
    /// The names of the steps one iteration runs in order, for a component made of several (a flow);
    /// empty for a single-step component. Its step reports each through <see cref="StepContext.RecordStep"/>.
    /// </summary>
    public IReadOnlyList<string> StepNames { get; init; } = [];
}

/// <summary>When the generator itself is too busy for its numbers to be trusted.</summary>
/// <param name="MaxScheduleLagP99">Schedule lag p99 above which the generator counts as saturated.</param>
/// <param name="MaxCpuPercent">Generator CPU, as a percentage of the cores it may use, above which it counts as saturated.</param>
public sealed record GeneratorLimits(TimeSpan MaxScheduleLagP99, double MaxCpuPercent)
{
    /// <summary>10 ms of lag at p99, 90% CPU.</summary>
    public static GeneratorLimits Default { get; } = new(TimeSpan.FromMilliseconds(10), 90);
}

/// <summary>
/// One scenario, validated and frozen: its components, its load shape, its criteria. The CLI builds
/// plans from suite files; a C# program builds them directly.
/// </summary>
public sealed record ScenarioPlan
{
    /// <summary>The default time in-flight iterations get to finish at the end or on ramp-down.</summary>
    public static readonly TimeSpan DefaultGracefulStop = TimeSpan.FromSeconds(30);

    /// <summary>The scenario's name.</summary>
    public required string Name { get; init; }

    /// <summary>The components, each with its weight in the request mix.</summary>
    public required IReadOnlyList<ComponentPlan> Components { get; init; }

    /// <summary>When iterations happen.</summary>
    public required LoadProfile Load { get; init; }

    /// <summary>Success criteria, evaluated at the end (and every second when <see cref="AbortOnFail"/>).</summary>
    public IReadOnlyList<Criterion> Criteria { get; init; } = [];

    /// <summary>How long in-flight iterations may run on after the end or a ramp-down before they are cancelled.</summary>
    public TimeSpan GracefulStop { get; init; } = DefaultGracefulStop;

    /// <summary>
    /// How long the scenario's own load runs, squeezed into this time, before its clock starts, with
    /// nothing of it counted: the target's and the generator's code is compiled, their caches and
    /// connections are warm. Zero (the default) runs none.
    /// </summary>
    public TimeSpan WarmUp { get; init; }

    /// <summary>Seeds the request mix, Poisson arrivals and each step's random source.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Stop the scenario as soon as a criterion fails, checked every second after <see cref="AbortDelay"/>.</summary>
    public bool AbortOnFail { get; init; }

    /// <summary>How long to run before criteria may abort the scenario.</summary>
    public TimeSpan AbortDelay { get; init; }

    /// <summary>A stress scenario's stop condition and what follows the break, when it has one.</summary>
    public StressPlan? Stress { get; init; }

    /// <summary>When the generator counts as saturated.</summary>
    public GeneratorLimits Generator { get; init; } = GeneratorLimits.Default;

    /// <summary>Free-form text shown in reports.</summary>
    public string? Description { get; init; }

    /// <summary>Which run of the scenario this is, from 1, when the scenario runs <see cref="Repeats"/> times.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>How many times the scenario runs in the run; its repeats are folded into one result (<see cref="RepeatMerge"/>).</summary>
    public int Repeats { get; init; } = 1;

    /// <summary>The client the plan's HTTP requests go through (<c>http1</c>, <c>httpclient</c>), for the results; null when it sends none.</summary>
    public string? Transport { get; init; }
}
