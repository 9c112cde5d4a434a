using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Redline.Engine;

namespace Redline.Protocols.Http;

/// <summary>Sends requests through one HttpClient over one SocketsHttpHandler pool.</summary>
internal sealed class HttpClientTransport : IHttpTransport
{
    private const int DrainBufferSize = 16 * 1024;

    private readonly HttpClient _client;
    private volatile bool _disposed;

    /// <summary>Creates the pool that <paramref name="options"/> describe.</summary>
    public HttpClientTransport(HttpTargetOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.MaxConnectionsPerServer,
            PooledConnectionLifetime = options.PooledConnectionLifetime,
            PooledConnectionIdleTimeout = options.PooledConnectionIdleTimeout,
            ConnectTimeout = options.ConnectTimeout,
            ConnectCallback = ConnectTiming.ConnectAsync,
            PlaintextStreamFilter = ConnectTiming.ConnectedAsync,
            // A load test measures what the target sends: no redirects followed (a 3xx is the
            // answer), no cookies shared between virtual users, no decompression cost, no
            // proxy picked up from the environment.
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseProxy = false,
        };
        // Each request enforces its spec's timeout itself.
        _client = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <inheritdoc/>
    // The pooling builder reuses the state machine box: one less allocation per request.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<Outcome> SendAsync(PreparedHttpRequest request, ResponseCapture? capture, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        using var message = request.CreateMessage();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(request.Timeout);

        int status = 0;
        TimeSpan? timeToFirstByte = null;
        long start = Stopwatch.GetTimestamp();
        try
        {
            // ResponseHeadersRead returns as soon as the headers are in, which is the first byte
            // as near as HttpClient lets us see it; TTFB so includes any connect, as curl's does.
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            timeToFirstByte = Stopwatch.GetElapsedTime(start);
            status = (int)response.StatusCode;

            // The body is read to the end, also for unexpected statuses, so the engine's total
            // latency includes the download and the connection can go back to the pool.
            if (capture is null)
            {
                await DrainAsync(response.Content, deadline.Token).ConfigureAwait(false);
            }
            else
            {
                await CaptureAsync(response, capture, deadline.Token).ConfigureAwait(false);
            }

            return request.Judge(status) with { Connect = message.ConnectDuration, TimeToFirstByte = timeToFirstByte };
        }
        catch (OperationCanceledException exception)
            when (cancellationToken.IsCancellationRequested && exception.CancellationToken == cancellationToken)
        {
            throw;
        }
        catch (Exception exception) when (cancellationToken.IsCancellationRequested)
        {
            // The caller's stop aborted the exchange; whatever surfaced (usually a cancellation
            // of the linked token), it is reported as the caller's cancellation.
            throw new OperationCanceledException("The HTTP request was interrupted.", exception, cancellationToken);
        }
        catch (Exception exception)
        {
            // Once the deadline fired, any failure (cancellation, an aborted stream) is its effect.
            var (kind, detail) = deadline.IsCancellationRequested
                ? (ErrorKind.Timeout, request.TimeoutDetail)
                : HttpErrorClassifier.Classify(exception, request.RequestUri);
            return Outcome.Fail(kind, detail, status) with { Connect = message.ConnectDuration, TimeToFirstByte = timeToFirstByte };
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed = true;
        _client.Dispose();
    }

    // Only a flow step whose answer something is captured from pays for keeping the body as text.
    private static async Task CaptureAsync(HttpResponseMessage response, ResponseCapture capture, CancellationToken cancellationToken)
    {
        capture.Clear();
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            capture.Headers[header.Key] = string.Join(", ", header.Value);
        }

        capture.Body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask DrainAsync(HttpContent content, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(DrainBufferSize);
        try
        {
            while (await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
