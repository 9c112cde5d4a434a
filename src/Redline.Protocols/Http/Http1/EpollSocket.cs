using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace Redline.Protocols.Http.Http1;

/// <summary>
/// A non-blocking TCP socket in an <see cref="EpollLoop"/>'s set, registered once, edge-triggered,
/// for reading. A read or write is tried at once; when the kernel has nothing, the operation waits,
/// and the loop performs it when the socket turns ready and completes it on its own thread. A wait
/// for readiness alone (the answer's first bytes, before a buffer is taken) costs no call at all.
/// </summary>
/// <remarks>
/// A waiting operation is owned by whoever takes it from <see cref="_waiting"/>: the loop when the
/// socket is ready, the waiting call itself when readiness came first, the cancellation, or the
/// disposal. Readiness that arrives while nothing waits is kept in a flag, so no edge is lost.
/// </remarks>
internal sealed class EpollSocket : Http1Socket, IValueTaskSource<int>
{
    private const int Connecting = 1;
    private const int Sending = 2;
    private const int Receiving = 3;
    private const uint ReadEvents = LinuxSockets.EventIn | LinuxSockets.EventReadHangUp | LinuxSockets.EventEdge;

    private readonly EpollLoop _loop;
    private readonly IPAddress? _source;
    private ManualResetValueTaskSourceCore<int> _core = new() { RunContinuationsAsynchronously = false };
    private CancellationTokenRegistration _cancellation;
    private Memory<byte> _receiveBuffer;
    private ReadOnlyMemory<byte> _sendBuffer;
    private int _fd = -1;
    private int _waiting;
    private int _readable;
    private int _writable;
    private bool _watchingWrites;
    private int _disposed;

    /// <summary>A socket of <paramref name="loop"/>, bound to <paramref name="source"/> when given.</summary>
    public EpollSocket(EpollLoop loop, IPAddress? source)
    {
        _loop = loop;
        _source = source;
    }

    /// <summary>The key of this socket's events in its loop; 0 before it is registered.</summary>
    public ulong Key { get; private set; }

    /// <inheritdoc/>
    public override async ValueTask ConnectAsync(EndPoint target, CancellationToken cancellationToken)
    {
        var (addresses, port) = target switch
        {
            IPEndPoint ip => ([ip.Address], ip.Port),
            DnsEndPoint name => (await Dns.GetHostAddressesAsync(name.Host, cancellationToken).ConfigureAwait(false), name.Port),
            _ => throw new ArgumentException($"cannot connect to {target}", nameof(target)),
        };
        SocketException? failure = null;
        foreach (var address in addresses)
        {
            if (_source is not null && address.AddressFamily != _source.AddressFamily)
            {
                continue;
            }

            try
            {
                if (Open(new IPEndPoint(address, port)))
                {
                    await Wait(Connecting, cancellationToken).ConfigureAwait(false);
                    Control(ReadEvents);
                }

                return;
            }
            catch (SocketException exception)
            {
                failure = exception;
                CloseDescriptor();
            }
        }

        throw failure ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <inheritdoc/>
    public override ValueTask<int> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var sent = TrySend(data);
        if (sent >= 0)
        {
            return new ValueTask<int>((int)sent);
        }

        // The send buffer is full (a large request, a slow reader): watch for room, until it went out.
        _sendBuffer = data;
        if (!_watchingWrites)
        {
            _watchingWrites = true;
            Control(ReadEvents | LinuxSockets.EventOut);
        }

        return Wait(Sending, cancellationToken);
    }

    /// <inheritdoc/>
    public override ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var received = TryReceive(buffer.Span);
        if (received >= 0)
        {
            return new ValueTask<int>((int)received);
        }

        _receiveBuffer = buffer;
        return Wait(Receiving, cancellationToken);
    }

    /// <inheritdoc/>
    public override ValueTask<int> WaitReadableAsync(CancellationToken cancellationToken)
    {
        _receiveBuffer = Memory<byte>.Empty;
        return Wait(Receiving, cancellationToken);
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (Interlocked.Exchange(ref _waiting, 0) != 0)
        {
            Fail(new ObjectDisposedException(nameof(EpollSocket)));
        }

        CloseDescriptor();
    }

    /// <summary>Takes in what epoll reported; runs on the loop's thread.</summary>
    public void OnEvents(uint events)
    {
        if ((events & (LinuxSockets.EventIn | LinuxSockets.EventReadHangUp | LinuxSockets.EventError | LinuxSockets.EventHangUp)) != 0)
        {
            Interlocked.Exchange(ref _readable, 1);
        }

        if ((events & (LinuxSockets.EventOut | LinuxSockets.EventError | LinuxSockets.EventHangUp)) != 0)
        {
            Interlocked.Exchange(ref _writable, 1);
        }

        var waiting = Volatile.Read(ref _waiting);
        if (waiting != 0 && TryTake(waiting))
        {
            Perform(waiting);
        }
    }

    int IValueTaskSource<int>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);

    /// <summary>Opens the descriptor and starts the connect; true when it is still under way.</summary>
    private unsafe bool Open(IPEndPoint target)
    {
        _fd = LinuxSockets.Open(LinuxSockets.Family(target.AddressFamily), LinuxSockets.StreamNonBlocking, LinuxSockets.ProtocolTcp);
        if (_fd < 0)
        {
            throw LinuxSockets.Error(Marshal.GetLastPInvokeError());
        }

        var one = 1;
        _ = LinuxSockets.SetOption(_fd, LinuxSockets.ProtocolTcp, LinuxSockets.OptionTcpNoDelay, &one, sizeof(int));
        if (_source is not null)
        {
            var local = new IPEndPoint(_source, 0).Serialize();
            fixed (byte* address = local.Buffer.Span)
            {
                if (LinuxSockets.Bind(_fd, address, local.Size) != 0)
                {
                    throw LinuxSockets.Error(Marshal.GetLastPInvokeError());
                }
            }
        }

        var remote = target.Serialize();
        var connected = true;
        fixed (byte* address = remote.Buffer.Span)
        {
            if (LinuxSockets.Connect(_fd, address, remote.Size) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                connected = errno == LinuxSockets.ErrorInProgress ? false : throw LinuxSockets.Error(errno);
            }
        }

        // Entered in the set after the connect started: a socket not yet connecting reports itself
        // writable, which would pass for a connect done. Adding reports what is ready at once, so
        // an edge that came in between is not lost.
        Key = _loop.Register(this);
        Control(connected ? ReadEvents : ReadEvents | LinuxSockets.EventOut, LinuxSockets.ControlAdd);
        return !connected;
    }

    private void Control(uint events, int operation = LinuxSockets.ControlModify)
    {
        var errno = LinuxSockets.Control(_loop.Epoll, operation, _fd, events, Key);
        if (errno != 0)
        {
            throw LinuxSockets.Error(errno);
        }
    }

    /// <summary>Waits for <paramref name="operation"/>; the readiness may already be there, then it is performed at once.</summary>
    private ValueTask<int> Wait(int operation, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            throw new ObjectDisposedException(nameof(EpollSocket));
        }

        _core.Reset();
        var version = _core.Version;
        if (cancellationToken.CanBeCanceled)
        {
            // Registered before the wait is published, so that whoever completes it disposes this.
            _cancellation = cancellationToken.UnsafeRegister(static state => ((EpollSocket)state!).Cancel(), this);
        }

        Interlocked.Exchange(ref _waiting, operation);
        if (cancellationToken.IsCancellationRequested)
        {
            Cancel(); // cancelled before the wait was published, when the callback found nothing to end
        }
        else if (TryTake(operation))
        {
            Perform(operation);
        }

        return new ValueTask<int>(this, version);
    }

    /// <summary>Takes the waiting <paramref name="operation"/> when its readiness was reported; false when there is none, or another took it.</summary>
    private bool TryTake(int operation)
    {
        ref var ready = ref operation == Receiving ? ref _readable : ref _writable;
        if (Volatile.Read(ref ready) == 0 || Interlocked.CompareExchange(ref _waiting, 0, operation) != operation)
        {
            return false;
        }

        // Consumed before the call, so that readiness reported during it is seen afterwards.
        Interlocked.Exchange(ref ready, 0);
        return true;
    }

    /// <summary>Performs the taken <paramref name="operation"/>; completes it, or waits again when the kernel had nothing after all.</summary>
    private void Perform(int operation)
    {
        while (true)
        {
            long result;
            int errno;
            switch (operation)
            {
                case Receiving when _receiveBuffer.IsEmpty:
                    result = errno = 0; // a wait for readiness only: the read follows with a buffer
                    break;
                case Receiving:
                    result = TryReceive(_receiveBuffer.Span, out errno);
                    break;
                case Sending:
                    result = TrySend(_sendBuffer, out errno);
                    if (result >= 0 && _watchingWrites)
                    {
                        _watchingWrites = false;
                        errno = LinuxSockets.Control(_loop.Epoll, LinuxSockets.ControlModify, _fd, ReadEvents, Key);
                        result = errno == 0 ? result : -1;
                    }

                    break;
                default:
                    result = ConnectError(out errno);
                    break;
            }

            if (result >= 0)
            {
                Complete((int)result);
                return;
            }

            if (errno != LinuxSockets.ErrorWouldBlock)
            {
                Fail(LinuxSockets.Error(errno));
                return;
            }

            Interlocked.Exchange(ref _waiting, operation);
            if (!TryTake(operation))
            {
                return;
            }
        }
    }

    private long TryReceive(Span<byte> buffer)
    {
        var received = TryReceive(buffer, out var errno);
        return received >= 0 || errno == LinuxSockets.ErrorWouldBlock ? received : throw LinuxSockets.Error(errno);
    }

    private unsafe long TryReceive(Span<byte> buffer, out int errno)
    {
        fixed (byte* data = buffer)
        {
            var received = LinuxSockets.Receive(_fd, data, buffer.Length, 0);
            errno = received < 0 ? Marshal.GetLastPInvokeError() : 0;
            return received;
        }
    }

    private long TrySend(ReadOnlyMemory<byte> data)
    {
        var sent = TrySend(data, out var errno);
        return sent >= 0 || errno == LinuxSockets.ErrorWouldBlock ? sent : throw LinuxSockets.Error(errno);
    }

    private unsafe long TrySend(ReadOnlyMemory<byte> data, out int errno)
    {
        fixed (byte* bytes = data.Span)
        {
            var sent = LinuxSockets.Send(_fd, bytes, data.Length, LinuxSockets.NoSignal);
            errno = sent < 0 ? Marshal.GetLastPInvokeError() : 0;
            return sent;
        }
    }

    /// <summary>0 when the connect succeeded, -1 with its errno when it failed (or is still under way).</summary>
    private unsafe int ConnectError(out int errno)
    {
        int error = 0, length = sizeof(int);
        errno = LinuxSockets.GetOption(_fd, LinuxSockets.LevelSocket, LinuxSockets.OptionError, &error, &length) == 0
            ? error
            : Marshal.GetLastPInvokeError();
        return errno == 0 ? 0 : -1;
    }

    private void Cancel()
    {
        var waiting = Volatile.Read(ref _waiting);
        if (waiting != 0 && Interlocked.CompareExchange(ref _waiting, 0, waiting) == waiting)
        {
            Fail(new OperationCanceledException("The socket operation was cancelled."));
        }
    }

    private void Complete(int result)
    {
        _cancellation.Dispose();
        _cancellation = default;
        _core.SetResult(result);
    }

    private void Fail(Exception exception)
    {
        _cancellation.Dispose();
        _cancellation = default;
        _core.SetException(exception);
    }

    private void CloseDescriptor()
    {
        if (Key != 0)
        {
            _loop.Unregister(Key);
            Key = 0;
        }

        if (_fd >= 0)
        {
            _ = LinuxSockets.Close(_fd);
            _fd = -1;
        }

        _readable = _writable = 0;
        _watchingWrites = false;
    }
}
