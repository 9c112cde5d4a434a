namespace Redline.Monitoring.Tests;

/// <summary>CPU measurements run alone: other tests' busy threads would distort them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CpuMeasurementCollection
{
    public const string Name = "CPU measurements";
}
