namespace Redline.Engine;

/// <summary>
/// Contains a sink's failures: the first exception disables the sink and is kept for the run's
/// notes; the run goes on. A broken live view or a full disk must not stop a measurement.
/// </summary>
internal sealed class SafeSink(IIntervalSink inner)
{
    public Exception? Failure { get; private set; }

    public string Name => inner.GetType().Name;

    public void OnInterval(IntervalReport report)
    {
        if (Failure is not null)
        {
            return;
        }

        try
        {
            inner.OnInterval(report);
        }
#pragma warning disable CA1031 // A sink's failure of any kind is contained by design.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Failure = exception;
        }
    }
}
