namespace Redline.ReferenceTarget;

/// <summary>The deployment's clock and its start, from which uptime and stall windows are measured.</summary>
internal sealed class ReferenceClock(TimeProvider time)
{
    private long _started = time.GetTimestamp();

    /// <summary>The clock itself.</summary>
    public TimeProvider Time => time;

    /// <summary>Time since the server started listening (or since the clock was made, before that).</summary>
    public TimeSpan Elapsed => time.GetElapsedTime(Volatile.Read(ref _started));

    /// <summary>Restarts the count, once the server listens, so that the first stall window begins then.</summary>
    public void MarkStarted() => Volatile.Write(ref _started, time.GetTimestamp());
}
