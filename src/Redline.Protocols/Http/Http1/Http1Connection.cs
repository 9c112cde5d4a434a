using System.Diagnostics;
using System.Net;
using System.Runtime.CompilerServices;

namespace Redline.Protocols.Http.Http1;

/// <summary>
/// One keep-alive connection: its socket, the reader of its answers and the deadline of the
/// exchange on it. Used by one request at a time; what it keeps between requests is the socket
/// and a few small objects, no buffer.
/// </summary>
internal sealed class Http1Connection : IDisposable
{
    private readonly Http1Socket _socket;
    private readonly CancellationTokenSource _deadline = new();
    private CancellationTokenRegistration _callerStop;

    /// <summary>A connection not yet connected; <paramref name="source"/> binds its local address when given, <paramref name="managedSockets"/> takes .NET's sockets.</summary>
    public Http1Connection(EndPoint target, IPAddress? source, bool managedSockets)
    {
        _socket = Http1Socket.Create(source, managedSockets);
        Reader = new Http1ResponseReader(_socket);
        Target = target;
    }

    /// <summary>Where it connects.</summary>
    public EndPoint Target { get; }

    /// <summary>Reads the answers on this connection.</summary>
    public Http1ResponseReader Reader { get; }

    /// <summary>When it last went back to the pool (a Stopwatch timestamp).</summary>
    public long IdleSince { get; set; }

    /// <summary>The token the current exchange's socket calls observe.</summary>
    public CancellationToken Token => _deadline.Token;

    /// <summary>True when the current exchange's deadline passed or the caller stopped it.</summary>
    public bool Expired => _deadline.IsCancellationRequested;

    /// <summary>Starts an exchange's deadline, and lets the caller's stop end it early.</summary>
    public void Arm(TimeSpan timeout, CancellationToken callerStop)
    {
        if (timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            _deadline.CancelAfter(timeout);
        }

        if (callerStop.CanBeCanceled)
        {
            _callerStop = callerStop.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), _deadline);
        }
    }

    /// <summary>Ends an exchange; false when its deadline had already fired, so the connection cannot be reused.</summary>
    public bool Disarm()
    {
        _callerStop.Dispose();
        _callerStop = default;
        return _deadline.TryReset();
    }

    /// <summary>Opens the TCP connection; returns how long that took.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<TimeSpan> ConnectAsync()
    {
        var started = Stopwatch.GetTimestamp();
        await _socket.ConnectAsync(Target, _deadline.Token).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Sends what it can of <paramref name="request"/>: the socket's own ValueTask, with the count sent.</summary>
    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> request) => _socket.SendAsync(request, _deadline.Token);

    /// <summary>Closes the socket.</summary>
    public void Dispose()
    {
        _callerStop.Dispose();
        _socket.Dispose();
        _deadline.Dispose();
    }
}
