namespace Redline.Cli.Tests.EndToEnd;

/// <summary>
/// End-to-end runs measure latency on a 2-core machine: they run alone, not beside other test
/// classes that burn CPU on purpose, so that what they measure is the target and not the neighbours.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EndToEndCollection
{
    public const string Name = "end-to-end";
}
