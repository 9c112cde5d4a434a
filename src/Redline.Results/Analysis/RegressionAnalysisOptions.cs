namespace Redline.Results.Analysis;

/// <summary>How the regression analyzer tests a change; the defaults suit per-second samples of runs of a minute or more.</summary>
public sealed record RegressionAnalysisOptions
{
    /// <summary>The defaults.</summary>
    public static RegressionAnalysisOptions Default { get; } = new();

    /// <summary>Bootstrap resamples per metric.</summary>
    public int BootstrapIterations { get; init; } = 2000;

    /// <summary>Seed of the bootstrap, so that the same runs always get the same verdict.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Error rates below this (in percent) count as this much when a change is computed.</summary>
    /// <remarks>
    /// So that a rate rising from 0 has a defined change (0% to 0.25% is +250% of the floor), and
    /// one from 0.001% to 0.003%, a handful of requests, is not "+200%".
    /// </remarks>
    public double ErrorRateFloorPercent { get; init; } = 0.1;

    /// <summary>Samples each run needs before a change can be called significant.</summary>
    public int MinimumSamples { get; init; } = 5;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BootstrapIterations, 100, nameof(BootstrapIterations));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ErrorRateFloorPercent, nameof(ErrorRateFloorPercent));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumSamples, 3, nameof(MinimumSamples));
    }
}
