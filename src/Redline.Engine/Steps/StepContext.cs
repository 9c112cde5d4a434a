namespace Redline.Engine;

/// <summary>What a step knows about the iteration it runs in.</summary>
public sealed class StepContext
{
    private readonly int _seed;
    private Random? _random;

    /// <summary>A context for calling a step outside the engine, as the step's own tests do.</summary>
    /// <param name="component">The component the iteration exercises.</param>
    /// <param name="iteration">The iteration's number, from 0.</param>
    /// <param name="virtualUser">The virtual user, or -1 for the open model.</param>
    /// <param name="random">The step's random source.</param>
    public StepContext(string component, long iteration, int virtualUser, Random random)
        : this(component, iteration, virtualUser, random, seed: 0)
    {
        ArgumentNullException.ThrowIfNull(random);
    }

    internal StepContext(string component, long iteration, int virtualUser, Random? random, int seed)
    {
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

    /// <summary>
    /// A seeded random source for the step's own choices: the virtual user's own (closed model) or one
    /// made for this iteration from the scenario's seed (open model). Use it only within the iteration.
    /// </summary>
    public Random Random => _random ??= new Random(unchecked((_seed * 1_000_003) ^ (int)Iteration ^ (int)(Iteration >> 32)));
}
