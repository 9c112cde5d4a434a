namespace Redline.ReferenceTarget.Faults;

/// <summary>
/// The known stall: during the first <see cref="ReferenceOptions.StallLength"/> of every
/// <see cref="ReferenceOptions.StallPeriod"/> since the server started, every response is held
/// until the window ends.
/// </summary>
internal sealed class StallFault(ReferenceOptions options, ReferenceClock clock)
{
    /// <summary>Whether a stall is configured.</summary>
    public bool Enabled => options.StallLength is not null && options.StallPeriod is not null;

    /// <summary>How long a response made <paramref name="sinceStart"/> after the start is held; zero outside a window.</summary>
    public TimeSpan RemainingAt(TimeSpan sinceStart)
    {
        if (options.StallLength is not { } length || options.StallPeriod is not { } period || sinceStart < TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var into = sinceStart.Ticks % period.Ticks;
        return into < length.Ticks ? TimeSpan.FromTicks(length.Ticks - into) : TimeSpan.Zero;
    }

    /// <summary>Waits out the current stall window, if there is one.</summary>
    public async Task HoldAsync(CancellationToken cancellationToken)
    {
        var remaining = RemainingAt(clock.Elapsed);
        if (remaining <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(remaining, clock.Time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The client went away; there is nobody left to hold the response from.
        }
    }
}
