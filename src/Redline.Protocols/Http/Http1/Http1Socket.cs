using System.Net;
using System.Net.Sockets;

namespace Redline.Protocols.Http.Http1;

/// <summary>
/// The TCP connection under an <see cref="Http1Connection"/>: on Linux a non-blocking socket of
/// Redline's own <see cref="EpollLoop"/>, elsewhere (or when asked) a <see cref="Socket"/> of .NET's
/// socket engine. One operation at a time.
/// </summary>
internal abstract class Http1Socket : IDisposable
{
    /// <summary>
    /// Set to <c>managed</c>, Redline's HTTP/1.1 client uses .NET's sockets even where its own
    /// epoll loop runs: the same answers, at more CPU a request.
    /// </summary>
    public const string SocketsVariable = "REDLINE_HTTP1_SOCKETS";

    private static readonly bool ManagedByEnvironment =
        string.Equals(Environment.GetEnvironmentVariable(SocketsVariable), "managed", StringComparison.OrdinalIgnoreCase);

    /// <summary>A socket not yet connected, bound to <paramref name="source"/> when given at its connect.</summary>
    public static Http1Socket Create(IPAddress? source, bool managed) =>
        !managed && !ManagedByEnvironment && EpollLoop.Next() is { } loop ? new EpollSocket(loop, source) : new ManagedHttp1Socket(source);

    /// <summary>Connects to <paramref name="target"/>, every address of a name in turn.</summary>
    public abstract ValueTask ConnectAsync(EndPoint target, CancellationToken cancellationToken);

    /// <summary>Sends what it can of <paramref name="data"/>; the count sent.</summary>
    public abstract ValueTask<int> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Reads what has arrived into <paramref name="buffer"/>, waiting for something; 0 when the peer closed.</summary>
    public abstract ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Waits until something can be read (or the peer closed), reading nothing.</summary>
    public abstract ValueTask<int> WaitReadableAsync(CancellationToken cancellationToken);

    /// <summary>Closes the connection; not while an operation is under way.</summary>
    public abstract void Dispose();
}

/// <summary>An <see cref="Http1Socket"/> over .NET's <see cref="Socket"/>.</summary>
internal sealed class ManagedHttp1Socket : Http1Socket
{
    private readonly IPAddress? _source;
    private Socket? _socket;

    /// <summary>A socket to be bound to <paramref name="source"/> when given.</summary>
    public ManagedHttp1Socket(IPAddress? source) => _source = source;

    /// <inheritdoc/>
    public override async ValueTask ConnectAsync(EndPoint target, CancellationToken cancellationToken)
    {
        _socket = target is IPEndPoint ip
            ? new Socket(_source?.AddressFamily ?? ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        _socket.NoDelay = true;
        if (_source is not null)
        {
            _socket.Bind(new IPEndPoint(_source, 0));
        }

        await _socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override ValueTask<int> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        Connected.SendAsync(data, SocketFlags.None, cancellationToken);

    /// <inheritdoc/>
    public override ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken) =>
        Connected.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);

    /// <inheritdoc/>
    public override ValueTask<int> WaitReadableAsync(CancellationToken cancellationToken) =>
        Connected.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None, cancellationToken);

    /// <inheritdoc/>
    public override void Dispose() => _socket?.Dispose();

    private Socket Connected => _socket ?? throw new InvalidOperationException("the socket is not connected");
}
