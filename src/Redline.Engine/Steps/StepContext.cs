namespace Redline.Engine;

/// <summary>What a step knows about the iteration it runs in.</summary>
public sealed class StepContext
{
    internal StepContext(string component, long iteration, int virtualUser, Random random)
    {
        Component = component;
        Iteration = iteration;
        VirtualUser = virtualUser;
        Random = random;
    }

    /// <summary>The component this iteration exercises.</summary>
    public string Component { get; }

    /// <summary>The iteration's number within its scenario, from 0.</summary>
    public long Iteration { get; }

    /// <summary>The virtual user running the iteration (closed model), or -1 in the open model.</summary>
    public int VirtualUser { get; }

    /// <summary>A seeded random source for the step's own choices; not thread-safe, owned by this iteration's driver.</summary>
    public Random Random { get; }
}
