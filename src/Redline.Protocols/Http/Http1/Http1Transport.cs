using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Redline.Engine;

namespace Redline.Protocols.Http.Http1;

/// <summary>
/// Redline's own HTTP/1.1 client for plain http:// targets: keep-alive connections over raw
/// sockets, a request's bytes built once, a reader that parses only what framing and keep-alive
/// need, and buffers rented per exchange. Connections go back to a last-in-first-out pool, so in
/// the closed model each virtual user in effect keeps the one connection it last used, and in the
/// open model the pool holds as many as were ever in flight at once.
/// </summary>
/// <remarks>
/// Timing points, error classes and results are those of <see cref="HttpClientTransport"/>:
/// connect time when a request opened the connection, time to first byte from the send
/// (connect included), the whole exchange under the request's timeout. One difference is on
/// purpose: the first byte is the answer's first byte, where HttpClient can only show the end
/// of the headers. A kept-alive connection that the server closed while it was idle is retried
/// once on a new connection, as HttpClient does, when nothing of the answer had arrived.
/// </remarks>
internal sealed class Http1Transport : IHttpTransport
{
    private readonly Lock _lock = new();
    private readonly Stack<Http1Connection> _idle = new();
    private readonly EndPoint _endPoint;
    private readonly IPAddress[] _sources;
    private readonly long _idleLimit;
    private readonly bool _managedSockets;
    private int _nextSource;
    private volatile bool _disposed;

    /// <summary>A pool of connections to <paramref name="baseAddress"/> (http) as <paramref name="options"/> describe.</summary>
    public Http1Transport(Uri baseAddress, HttpTargetOptions options)
    {
        _endPoint = EndPointOf(baseAddress);
        _sources = [.. options.LocalAddresses];
        _managedSockets = options.ManagedSockets;
        _idleLimit = options.PooledConnectionIdleTimeout == System.Threading.Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : (long)(options.PooledConnectionIdleTimeout.TotalSeconds * Stopwatch.Frequency);
    }

    /// <inheritdoc/>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Outcome> SendAsync(PreparedHttpRequest request, ResponseCapture? capture, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var bytes = request.Http1Bytes;
        var head = request.IsHead;
        TimeSpan? connect = null;
        long start = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            var connection = TakeIdle();
            var reused = connection is not null;
            try
            {
                connection ??= Open();
                connection.Arm(request.Timeout, cancellationToken);
                if (!reused)
                {
                    connect = await connection.ConnectAsync().ConfigureAwait(false);
                }

                // The send and the read inline here rather than in a method of the connection: one
                // async level less on every answer.
                connection.Reader.Begin();
                for (ReadOnlyMemory<byte> unsent = bytes; unsent.Length > 0;)
                {
                    unsent = unsent[await connection.SendAsync(unsent).ConfigureAwait(false)..];
                }

                await connection.Reader.ReadAsync(head, capture, connection.Token).ConfigureAwait(false);
                var status = connection.Reader.Status;
                var firstByte = Stopwatch.GetElapsedTime(start, connection.Reader.FirstByteAt);
                if (connection.Disarm() && connection.Reader.KeepAlive)
                {
                    Return(connection);
                }
                else
                {
                    connection.Dispose();
                }

                return request.Judge(status) with { Connect = connect, TimeToFirstByte = firstByte };
            }
            catch (Exception exception)
            {
                var expired = connection?.Expired == true;
                var status = connection?.Reader.Status ?? 0;
                var firstByteAt = connection?.Reader.FirstByteAt ?? 0;
                connection?.Dispose();
                if (cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException("The HTTP request was interrupted.", exception, cancellationToken);
                }

                // A kept-alive connection the server closed while it sat idle: the request never
                // reached it, so it goes again on a fresh connection.
                if (reused && attempt == 0 && firstByteAt == 0 && !expired && IsStale(exception))
                {
                    continue;
                }

                var (kind, detail) = expired ? (ErrorKind.Timeout, request.TimeoutDetail) : Classify(exception, request.RequestUri);
                return Outcome.Fail(kind, detail, status) with
                {
                    Connect = connect,
                    TimeToFirstByte = firstByteAt == 0 ? null : Stopwatch.GetElapsedTime(start, firstByteAt),
                };
            }
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed = true;
        lock (_lock)
        {
            while (_idle.TryPop(out var connection))
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>Where the target listens: an IP end point when the host is an address, else a name resolved at each connect.</summary>
    internal static EndPoint EndPointOf(Uri baseAddress)
    {
        var host = baseAddress.HostNameType == UriHostNameType.IPv6 ? baseAddress.Host.Trim('[', ']') : baseAddress.IdnHost;
        return IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, baseAddress.Port) : new DnsEndPoint(host, baseAddress.Port);
    }

    private Http1Connection? TakeIdle()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            while (_idle.TryPop(out var connection))
            {
                if (now - connection.IdleSince <= _idleLimit)
                {
                    return connection;
                }

                connection.Dispose();
            }
        }

        return null;
    }

    private Http1Connection Open()
    {
        IPAddress? source = null;
        if (_sources.Length > 0)
        {
            source = _sources[(int)((uint)Interlocked.Increment(ref _nextSource) % (uint)_sources.Length)];
        }

        return new Http1Connection(_endPoint, source, _managedSockets);
    }

    private void Return(Http1Connection connection)
    {
        connection.IdleSince = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            if (!_disposed)
            {
                _idle.Push(connection);
                return;
            }
        }

        connection.Dispose();
    }

    private static bool IsStale(Exception exception) => exception is Http1ClosedException
        || exception is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown };

    private static (ErrorKind Kind, string Detail) Classify(Exception exception, Uri target) => exception switch
    {
        Http1ProtocolException protocol => (ErrorKind.Protocol, "invalid HTTP response: " + protocol.Message),
        Http1ClosedException closed => (ErrorKind.ConnectionReset, closed.Message),
        _ => HttpErrorClassifier.Classify(exception, target),
    };
}
