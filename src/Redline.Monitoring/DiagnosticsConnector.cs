using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net.Sockets;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing.Parsers;

namespace Redline.Monitoring;

/// <summary>Opens the EventPipe session a <see cref="DiagnosticsPortRuntimeSampler"/> reads, or says in plain words why it cannot.</summary>
internal static class DiagnosticsConnector
{
    // Counter events once a second and a handful of GC events per collection: a small buffer holds
    // seconds of them, and it is memory taken from the target.
    private const int BufferMegabytes = 16;

    /// <summary>The providers of the session: the runtime's counters and its GC events.</summary>
    public static IReadOnlyList<EventPipeProvider> Providers { get; } =
    [
        new(CounterReading.RuntimeProvider, EventLevel.Informational, 0,
            new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" }),
        new(ClrTraceEventParser.ProviderName, EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC),
    ];

    /// <summary>Opens a session on <paramref name="pid"/>, giving up after <paramref name="timeout"/>.</summary>
    /// <returns>The session, or null with the reason in <paramref name="failure"/>; both null when <paramref name="cancel"/> fired.</returns>
    public static EventPipeSession? Open(int pid, TimeSpan timeout, CancellationToken cancel, out string? failure)
    {
        failure = null;
        var process = $"process {pid.ToString(CultureInfo.InvariantCulture)}";
        if (!ProcessState.IsRunning(pid))
        {
            failure = $"{process} is not running";
            return null;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            return Start(new DiagnosticsClient(pid), deadline.Token);
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            failure = $"{process} did not answer on its .NET diagnostics port within {timeout.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s";
        }
        catch (Exception e) when (IsAccessDenied(e))
        {
            failure = $"permission denied opening the .NET diagnostics port of {process} (run as the target's user or as root)";
        }
        catch (ServerNotAvailableException)
        {
            failure = ProcessState.IsRunning(pid)
                ? $"{process} has no .NET diagnostics port (not a .NET process, or diagnostics disabled with DOTNET_EnableDiagnostics=0)"
                : $"{process} exited";
        }
        catch (Exception e)
        {
            // Runs on the sampler's own thread: anything that escaped would end the host process.
            failure = ProcessState.IsRunning(pid)
                ? $"could not open a diagnostics session with {process}: {e.Message}"
                : $"{process} exited";
        }

        return null;
    }

    private static EventPipeSession Start(DiagnosticsClient client, CancellationToken token)
    {
        // Stack walks are the costliest part of an event in the target, and nothing here reads them;
        // runtimes before .NET 9 cannot turn them off and reject the request, so those get the default.
        var lean = new EventPipeSessionConfiguration(Providers, BufferMegabytes, requestRundown: false, requestStackwalk: false);
        try
        {
            return client.StartEventPipeSessionAsync(lean, token).GetAwaiter().GetResult();
        }
        catch (UnsupportedCommandException)
        {
            return client.StartEventPipeSessionAsync(Providers, requestRundown: false, BufferMegabytes, token).GetAwaiter().GetResult();
        }
    }

    private static bool IsAccessDenied(Exception e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is UnauthorizedAccessException || inner is SocketException { SocketErrorCode: SocketError.AccessDenied })
            {
                return true;
            }
        }

        return false;
    }
}
