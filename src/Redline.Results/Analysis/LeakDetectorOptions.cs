namespace Redline.Results.Analysis;

/// <summary>How the leak detector reads a memory series.</summary>
public sealed record LeakDetectorOptions
{
    /// <summary>The defaults.</summary>
    public static LeakDetectorOptions Default { get; } = new();

    /// <summary>Time to skip at the start, while the heap and the JIT settle; null for <see cref="WarmUpFraction"/> of the series.</summary>
    public TimeSpan? WarmUp { get; init; }

    /// <summary>Share of the series skipped as warm-up when <see cref="WarmUp"/> is null.</summary>
    public double WarmUpFraction { get; init; } = 0.2;

    /// <summary>Samples needed after the warm-up.</summary>
    public int MinimumSamples { get; init; } = 20;

    /// <summary>Longer series are first reduced to this many bin medians.</summary>
    /// <remarks>Theil-Sen costs n² in time and memory, and a few hundred points pin a slope down as well as thousands.</remarks>
    public int MaximumPoints { get; init; } = 600;

    internal void Validate()
    {
        if (WarmUp is { } warmUp)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(warmUp, TimeSpan.Zero, nameof(WarmUp));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(WarmUpFraction, nameof(WarmUpFraction));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(WarmUpFraction, 1.0, nameof(WarmUpFraction));
        ArgumentOutOfRangeException.ThrowIfLessThan(MinimumSamples, 8, nameof(MinimumSamples));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaximumPoints, MinimumSamples, nameof(MaximumPoints));
    }
}
