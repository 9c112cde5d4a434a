using Redline.Engine;

namespace Redline.Protocols.Http;

/// <summary>
/// Sends one prepared request and reports what happened. The seam lets a raw-socket HTTP/1.1
/// client replace <see cref="HttpClientTransport"/> without touching the engine or
/// <see cref="HttpTarget"/>'s public API.
/// </summary>
/// <remarks>
/// An implementation returns every failure as an <see cref="Outcome"/> and throws only
/// <see cref="OperationCanceledException"/> when the caller's token was cancelled, or
/// <see cref="ObjectDisposedException"/> after disposal.
/// </remarks>
internal interface IHttpTransport : IDisposable
{
    /// <summary>
    /// Sends <paramref name="request"/>, reads the whole answer and classifies it; when
    /// <paramref name="capture"/> is given, it receives the answer's body and headers.
    /// </summary>
    ValueTask<Outcome> SendAsync(PreparedHttpRequest request, ResponseCapture? capture, CancellationToken cancellationToken);
}
