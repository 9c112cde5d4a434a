using System.Diagnostics;

namespace Redline.Protocols.Http;

/// <summary>A request message that remembers how long the connection it started took to open.</summary>
/// <remarks>
/// SocketsHttpHandler does not tie a connection to one request: a request that finds no idle
/// connection starts opening one, but it is served by whichever connection becomes usable
/// first, and the connection it started may go on to serve another request. The time is
/// recorded on the request that started the connection (the handler's InitialRequestMessage),
/// which in the common case is the request that waited for it. If that request was served by
/// another connection before its own one was ready, the time arrives after the outcome was
/// built and is lost: the connect happened but is not attributed to any request. So a non-null
/// <see cref="ConnectDuration"/> means "this request opened a connection"; null means "it did
/// not wait for one it opened", which for sequential use is exactly "it reused a connection".
/// A subclass (rather than HttpRequestMessage.Options) keeps the options dictionary off the hot path.
/// </remarks>
internal sealed class TimedRequestMessage(HttpMethod method, Uri requestUri) : HttpRequestMessage(method, requestUri)
{
    private long _connectStarted;
    private long _connectEnded;

    /// <summary>
    /// DNS, TCP connect and, for https, the TLS handshake of the connection this request opened;
    /// null when it opened none or the connection was not ready yet.
    /// </summary>
    public TimeSpan? ConnectDuration
    {
        get
        {
            long started = Volatile.Read(ref _connectStarted);
            long ended = Volatile.Read(ref _connectEnded);
            return started != 0 && ended >= started ? Stopwatch.GetElapsedTime(started, ended) : null;
        }
    }

    /// <summary>Notes the moment this request's connection attempt began.</summary>
    public void MarkConnectStarted(long timestamp) => Volatile.Write(ref _connectStarted, timestamp);

    /// <summary>Notes the moment this request's connection became usable.</summary>
    public void MarkConnectEnded(long timestamp) => Volatile.Write(ref _connectEnded, timestamp);
}
