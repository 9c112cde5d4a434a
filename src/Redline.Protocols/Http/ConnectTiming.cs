using System.Diagnostics;
using System.Net.Sockets;

namespace Redline.Protocols.Http;

/// <summary>SocketsHttpHandler callbacks that time connection establishment (see <see cref="TimedRequestMessage"/>).</summary>
internal static class ConnectTiming
{
    /// <summary>Opens the TCP connection as the default handler does, noting when it started.</summary>
    public static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        (context.InitialRequestMessage as TimedRequestMessage)?.MarkConnectStarted(Stopwatch.GetTimestamp());

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            // Resolves the name too, so connect time includes DNS as it does in the default handler.
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs once the connection is usable (after the TLS handshake for https), so connect time
    /// covers everything spent before the first request byte can be sent.
    /// </summary>
    public static ValueTask<Stream> ConnectedAsync(SocketsHttpPlaintextStreamFilterContext context, CancellationToken cancellationToken)
    {
        (context.InitialRequestMessage as TimedRequestMessage)?.MarkConnectEnded(Stopwatch.GetTimestamp());
        return ValueTask.FromResult(context.PlaintextStream);
    }
}
