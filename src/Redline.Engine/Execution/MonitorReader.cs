namespace Redline.Engine;

/// <summary>
/// Reads a scenario's resource monitor once per closed second, and only when enough time has
/// passed for its rates to mean something; contains the monitor's failures as a sink's are.
/// </summary>
/// <remarks>
/// At the end of a scenario the seconds still open are closed back to back. A read a few
/// microseconds after the previous one would report CPU and I/O rates over almost no time (zero,
/// or thousands of percent when one clock tick falls inside), so such a second has no frame: it
/// was not measured. A monitor that throws is switched off, and the run goes on without it.
/// </remarks>
internal sealed class MonitorReader(IResourceMonitor monitor)
{
    private ReadSpacing _spacing;

    /// <summary>The monitor's failure, once it has failed.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Reads the monitor, stamping the frame <paramref name="at"/>; null when it failed or was read less than <see cref="ReadSpacing.MinimumGap"/> ago.</summary>
    /// <param name="now">The scenario's clock now.</param>
    /// <param name="at">The time the frame stands for: the end of the second it belongs to.</param>
    public ResourceFrame? Read(TimeSpan now, TimeSpan at)
    {
        if (Failure is not null || !_spacing.IsDue(now))
        {
            return null;
        }

        try
        {
            var frame = monitor.Sample(at);
            _spacing.Mark(now);
            return frame;
        }
#pragma warning disable CA1031 // A monitor's failure of any kind is contained by design.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failure = exception;
            return null;
        }
    }

    /// <summary>Reads and discards before the scenario's clock starts, so that the first frame's rates start from here.</summary>
    public void Restart()
    {
        _ = Read(TimeSpan.Zero, TimeSpan.Zero);

        // The scenario's clock is not running yet: the first read of the scenario is always kept.
        _spacing = default;
    }
}

/// <summary>
/// When a rate read once per closed second may be read again: not less than half a second after
/// the previous read, or it would cover almost no time (the seconds closed back to back at a
/// scenario's end), and read as 0% or as thousands of percent.
/// </summary>
internal struct ReadSpacing
{
    /// <summary>The least time between two reads whose rates are kept.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(500);

    private TimeSpan? _lastRead;

    /// <summary>Whether a read at <paramref name="now"/> (the scenario's clock) covers enough time.</summary>
    public readonly bool IsDue(TimeSpan now) => _lastRead is not { } last || now - last >= MinimumGap;

    /// <summary>Records a read at <paramref name="now"/>.</summary>
    public void Mark(TimeSpan now) => _lastRead = now;
}
