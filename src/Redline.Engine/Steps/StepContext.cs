namespace Redline.Engine;

/// <summary>What a step knows about the iteration it runs in.</summary>
public sealed class StepContext
{
    private readonly int _seed;
    private Random? _random;
    private Dictionary<string, string>? _variables;
    private List<StepRecord>? _stepRecords;

    /// <summary>A context for calling a step outside the engine, as the step's own tests do.</summary>
    /// <param name="component">The component the iteration exercises.</param>
    /// <param name="iteration">The iteration's number, from 0.</param>
    /// <param name="virtualUser">The virtual user, or -1 for the open model.</param>
    /// <param name="random">The step's random source.</param>
    public StepContext(string component, long iteration, int virtualUser, Random random)
        : this(component, iteration, virtualUser, random, seed: 0, new UserState(Math.Max(virtualUser, 0)))
    {
        ArgumentNullException.ThrowIfNull(random);
    }

    internal StepContext(string component, long iteration, int virtualUser, Random? random, int seed, UserState user)
    {
        User = user;
        Component = component;
        Iteration = iteration;
        VirtualUser = virtualUser;
        _random = random;
        _seed = seed;
    }

    /// <summary>The component this iteration exercises.</summary>
    public string Component { get; }

    /// <summary>The iteration's number within its scenario, from 0.</summary>
    public long Iteration { get; }

    /// <summary>The virtual user running the iteration (closed model), or -1 in the open model.</summary>
    public int VirtualUser { get; }

    /// <summary>Values an earlier step of this iteration captured (a token, an id), for later steps' placeholders; created on first use.</summary>
    public IDictionary<string, string> Variables => _variables ??= new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Set by a flow before a step whose answer it captures from: the step then fills it with the
    /// answer's body and headers. Null otherwise, so a step that nobody captures from keeps nothing.
    /// </summary>
    public ResponseCapture? Capture { get; set; }

    /// <summary>The per-step records of a multi-step component, in the order they were made; empty for a single step.</summary>
    internal IReadOnlyList<StepRecord> StepRecords => (IReadOnlyList<StepRecord>?)_stepRecords ?? [];

    /// <summary>
    /// Records that step <paramref name="index"/> of a multi-step component (a flow; see
    /// <see cref="ComponentPlan.StepNames"/>) finished in <paramref name="elapsed"/> with <paramref name="outcome"/>.
    /// The iteration's own outcome is what the component's step returns.
    /// </summary>
    public void RecordStep(int index, TimeSpan elapsed, in Outcome outcome) =>
        (_stepRecords ??= []).Add(new StepRecord(index, elapsed, outcome, Skipped: false));

    /// <summary>Records that step <paramref name="index"/> did not run because an earlier step failed.</summary>
    public void SkipStep(int index) =>
        (_stepRecords ??= []).Add(new StepRecord(index, TimeSpan.Zero, default, Skipped: true));

    /// <summary>What the user running this iteration keeps across its iterations (a login, a session).</summary>
    public UserState User { get; }

    /// <summary>
    /// A seeded random source for the step's own choices: the virtual user's own (closed model) or one
    /// made for this iteration from the scenario's seed (open model). Use it only within the iteration.
    /// </summary>
    public Random Random => _random ??= new Random(unchecked((_seed * 1_000_003) ^ (int)Iteration ^ (int)(Iteration >> 32)));
}

/// <summary>One step of a multi-step component within one iteration.</summary>
/// <param name="Index">The step's position in <see cref="ComponentPlan.StepNames"/>.</param>
/// <param name="Elapsed">How long the step took.</param>
/// <param name="Outcome">What it produced.</param>
/// <param name="Skipped">True when it did not run because an earlier step failed.</param>
internal readonly record struct StepRecord(int Index, TimeSpan Elapsed, Outcome Outcome, bool Skipped);

/// <summary>The answer of a step that a flow captures values from.</summary>
public sealed class ResponseCapture
{
    /// <summary>The answer's body as text (for MCP, the result's JSON), null when there was none.</summary>
    public string? Body { get; set; }

    /// <summary>The answer's headers, by name (case-insensitive), multiple values joined with ", ".</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Clears it for the next step.</summary>
    public void Clear()
    {
        Body = null;
        Headers.Clear();
    }
}
