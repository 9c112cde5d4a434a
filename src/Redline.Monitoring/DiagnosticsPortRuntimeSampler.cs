using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Redline.Engine;

namespace Redline.Monitoring;

/// <summary>Reads a .NET process's runtime counters and GC pauses over its diagnostics port, through an EventPipe session.</summary>
/// <remarks>
/// <para>
/// The session asks for the System.Runtime counters once a second and for the runtime's GC events
/// (informational), which time every pause from the suspension of managed threads to their restart.
/// A background thread connects (bounded by the connect timeout) and then parses the stream;
/// <see cref="Sample"/> only copies what arrived since the previous sample, so it never waits on the
/// target and costs microseconds.
/// </para>
/// <para>
/// Until the session is open, and from the moment it ends, samples are not connected. Nothing throws
/// for a target that cannot be read: a process without a diagnostics port, one that refuses, one
/// that exits, each leaves one reason in <see cref="Unavailable"/> under <see cref="RuntimeMetric"/>.
/// The target must be reachable through this process's temporary directory (the same TMPDIR) and
/// run as the same user, or this process must run as root.
/// </para>
/// <para>
/// Counter events and samples are not aligned: a sample reports the collections whose counter events
/// arrived since the previous sample, so over a run every collection is counted once. The runtime's
/// counters lag by up to their one-second interval; pauses are reported when their end arrives.
/// </para>
/// <para>
/// The figures are the runtime's own: a generation's collections include those of the older
/// generations (a gen 1 collection also collects gen 0, as <see cref="GC.CollectionCount"/> counts),
/// so the gen 0 figure is the number of collections; the heap size is the runtime's estimate of
/// the bytes in use when it polled (<see cref="GC.GetTotalMemory"/>), between collections too.
/// </para>
/// </remarks>
public sealed class DiagnosticsPortRuntimeSampler : IRuntimeSampler
{
    /// <summary>Name under which <see cref="Unavailable"/> says why the runtime could not be read.</summary>
    public const string RuntimeMetric = "runtime";

    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan JoinTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(1);

    private readonly RuntimeFigures _figures = new();
    private readonly ConcurrentDictionary<string, string> _unavailable = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposing = new();
    private readonly Lock _sessionGate = new();
    private readonly Thread _reader;
    private readonly TimeSpan _connectTimeout;
    private EventPipeSession? _session;
    private bool _disposed;

    /// <summary>Starts connecting to process <paramref name="pid"/> in the background; samples are not connected until it succeeds.</summary>
    /// <param name="pid">The .NET process to read.</param>
    /// <param name="connectTimeout">How long the connection may take before the runtime is reported unavailable; <see cref="DefaultConnectTimeout"/> when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The pid or the timeout is not positive.</exception>
    public DiagnosticsPortRuntimeSampler(int pid, TimeSpan? connectTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        _connectTimeout = connectTimeout ?? DefaultConnectTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_connectTimeout, TimeSpan.Zero, nameof(connectTimeout));
        Pid = pid;
        _reader = new Thread(Read)
        {
            IsBackground = true,
            Name = $"Redline runtime reader {pid.ToString(CultureInfo.InvariantCulture)}",
        };
        _reader.Start();
    }

    /// <summary>How long connecting may take when no timeout is given.</summary>
    public static TimeSpan DefaultConnectTimeout { get; } = TimeSpan.FromSeconds(3);

    /// <summary>The process being read.</summary>
    public int Pid { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Unavailable => _unavailable;

    /// <inheritdoc />
    /// <remarks>Gauges are the latest values received; collections, rates and pauses cover what arrived since the previous sample.</remarks>
    public RuntimeMetrics Sample(TimeSpan elapsed) => _figures.Take(elapsed);

    /// <summary>Stops the session (bounded in time, quiet if the target is gone) and waits a bounded time for the reader thread.</summary>
    public void Dispose()
    {
        EventPipeSession? session;
        lock (_sessionGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            session = _session;
        }

        _disposing.Cancel();
        _figures.MarkEnded();
        if (session is not null)
        {
            // A stopped session makes the runtime end the stream, and the reader returns. A target that
            // does not answer (stopped, hung, gone) has its stream closed under the reader at once.
            if (Stop(session))
            {
                _reader.Join(JoinTimeout);
            }

            Close(session);
        }

        if (_reader.Join(JoinTimeout))
        {
            _disposing.Dispose();
        }
    }

    private void Read()
    {
        var session = DiagnosticsConnector.Open(Pid, _connectTimeout, _disposing.Token, out var failure);
        if (session is null)
        {
            if (failure is not null)
            {
                _unavailable.TryAdd(RuntimeMetric, failure);
            }

            _figures.MarkEnded();
            return;
        }

        lock (_sessionGate)
        {
            if (_disposed)
            {
                _ = Stop(session);
                Close(session);
                return;
            }

            _session = session;
        }

        _figures.MarkConnected();
        string? broke = null;
        try
        {
            using var source = new EventPipeEventSource(session.EventStream);
            _ = new RuntimeEventReader(source, _figures);
            source.Process();
        }
        catch (Exception e)
        {
            // A stream cut mid-event (the target died, or Dispose closed it) must not take down the host.
            broke = e.Message;
        }

        if (!_disposing.IsCancellationRequested)
        {
            _unavailable.TryAdd(RuntimeMetric, DescribeEnd(broke));
        }

        _figures.MarkEnded();
    }

    private string DescribeEnd(string? broke)
    {
        // A runtime that shuts down ends its sessions just before the process is gone: give it a moment.
        var waited = Stopwatch.StartNew();
        while (ProcessState.IsRunning(Pid))
        {
            if (waited.Elapsed >= ExitGrace || _disposing.IsCancellationRequested)
            {
                var pid = Pid.ToString(CultureInfo.InvariantCulture);
                return broke is null
                    ? $"the diagnostics session with process {pid} ended while the process still runs"
                    : $"the diagnostics session with process {pid} broke: {broke}";
            }

            Thread.Sleep(20);
        }

        return $"process {Pid.ToString(CultureInfo.InvariantCulture)} exited";
    }

    /// <summary>Asks the runtime to end the session; true when it acknowledged in time.</summary>
    private static bool Stop(EventPipeSession session)
    {
        try
        {
            using var timeout = new CancellationTokenSource(StopTimeout);
            return session.StopAsync(timeout.Token).Wait(StopTimeout);
        }
        catch (Exception)
        {
            // The target exited or does not answer, and Dispose must not throw: closing the stream
            // ends the session on this side, and the runtime drops it when the connection goes.
            return false;
        }
    }

    private static void Close(EventPipeSession session)
    {
        try
        {
            // Stop has marked the session stopped, so this only closes the stream.
            session.Dispose();
        }
        catch (Exception)
        {
            // Already closed by the other side; Dispose must not throw.
        }
    }
}
