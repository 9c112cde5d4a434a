using System.Runtime.InteropServices;

namespace Redline.Cli.Running;

/// <summary>
/// The first Ctrl+C (SIGINT) or SIGTERM stops the run gracefully: no new iterations, results
/// written, exit 4. The second exits at once; what was already flushed stays on disk.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _count;

    public StopSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    /// <summary>Cancelled by the first signal.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Run before exiting on the second signal (stop the target); must be quick.</summary>
    public Action? BeforeHardExit { get; set; }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        if (Interlocked.Increment(ref _count) == 1)
        {
            Console.Error.WriteLine("redline: stopping gracefully (in-flight requests may finish); press Ctrl+C again to exit at once.");
            _stop.Cancel();
            return;
        }

        Console.Error.WriteLine("redline: exiting at once; intervals.ndjson holds every second flushed so far.");
        try
        {
            BeforeHardExit?.Invoke();
        }
        finally
        {
            Environment.Exit(Cli.ExitCodes.Aborted);
        }
    }
}
