namespace Redline.Engine.Tests.Execution;

/// <summary>
/// Tests that run scenarios for seconds of real time with their own load: they run on their own, after the
/// others, so that their timers and arrivals do not starve the virtual-time tests' waits on a 2-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WallClockRunCollection
{
    public const string Name = "wall-clock runs";
}
