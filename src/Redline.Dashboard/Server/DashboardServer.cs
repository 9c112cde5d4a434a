using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Redline.Dashboard;

/// <summary>
/// Serves the live dashboard, its event stream and <c>/metrics</c> from a <see cref="LiveState"/>, on a
/// <see cref="SafeHost"/> (loopback by default, a token elsewhere, foreign Host and Origin refused). It never holds
/// up Redline's exit: disposing it ends every stream at once.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    private readonly LiveState _state;
    private readonly CancellationTokenSource _stopping = new();
    private SafeHost? _host;

    private DashboardServer(LiveState state) => _state = state;

    /// <summary>The page's address (with <c>?token=</c> when a token is needed).</summary>
    public Uri Url => _host!.Url;

    /// <summary>
    /// Starts serving <paramref name="state"/> on <paramref name="address"/>. A non-loopback address needs
    /// <paramref name="token"/>; without one it throws <see cref="ArgumentException"/> with the reason.
    /// </summary>
    /// <exception cref="IOException">The address could not be bound (in use, not on this machine).</exception>
    public static async Task<DashboardServer> StartAsync(LiveState state, DashboardAddress address, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var server = new DashboardServer(state);
        server._host = await SafeHost.StartAsync(address, token, app =>
        {
            app.MapGet("/", (HttpContext context) => SafeHost.Asset(context, "index.html"));
            app.MapGet("/dashboard.js", (HttpContext context) => SafeHost.Asset(context, "dashboard.js"));
            app.MapGet("/charts.js", (HttpContext context) => SafeHost.Asset(context, "charts.js"));
            app.MapGet("/dashboard.css", (HttpContext context) => SafeHost.Asset(context, "dashboard.css"));
            app.MapGet("/events", server.StreamAsync);
            app.MapGet("/metrics", () => HttpResults.Text(MetricsExposition.Write(state), MetricsExposition.ContentType));
            app.MapGet("/api/snapshot", () => HttpResults.Text(state.SnapshotJson(), "application/json; charset=utf-8"));
        }, cancellationToken).ConfigureAwait(false);
        return server;
    }

    /// <summary>Ends every page's stream and stops listening, within about two seconds whatever the pages do.</summary>
    public async ValueTask DisposeAsync()
    {
        _state.CloseAll();
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_host is not null)
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
    }

    private async Task StreamAsync(HttpContext context)
    {
        var request = context.Request;
        var lastId = request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header ? header : request.Query["last_event_id"].ToString();
        long? last = long.TryParse(lastId, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        using var subscription = _state.Subscribe(last);
        try
        {
            await response.WriteAsync("retry: 2000\n\n", stop.Token).ConfigureAwait(false);
            foreach (var frame in subscription.Replay)
            {
                await WriteAsync(response, frame, stop.Token).ConfigureAwait(false);
            }

            await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
            while (true)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                beat.CancelAfter(Heartbeat);
                bool more;
                try
                {
                    more = await subscription.Live.WaitToReadAsync(beat.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    await response.WriteAsync(": still here\n\n", stop.Token).ConfigureAwait(false);
                    await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
                    continue;
                }

                if (!more)
                {
                    break;
                }

                while (subscription.Live.TryRead(out var frame))
                {
                    await WriteAsync(response, frame, stop.Token).ConfigureAwait(false);
                }

                await response.Body.FlushAsync(stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The page left or Redline is exiting.
        }
    }

    private static Task WriteAsync(HttpResponse response, LiveFrame frame, CancellationToken cancellationToken) =>
        response.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"id: {frame.Id}\nevent: {frame.Type}\ndata: {frame.Data}\n\n"), cancellationToken);
}
