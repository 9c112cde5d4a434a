using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Redline.Dashboard;

/// <summary>
/// Serves the live dashboard, its event stream and <c>/metrics</c> from a <see cref="LiveState"/>. Safe by default: it
/// binds loopback; any other address needs a token that every request carries (a bearer header, <c>?token=</c> once,
/// then a same-site cookie); a foreign <c>Host</c> or <c>Origin</c> is refused; no CORS; only GET and HEAD.
/// It never holds up Redline's exit: disposing it ends every stream at once.
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    private const string TokenCookie = "redline_token";
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly WebApplication _app;
    private readonly LiveState _state;
    private readonly string? _token;
    private readonly CancellationTokenSource _stopping = new();

    private DashboardServer(WebApplication app, LiveState state, string? token, Uri url)
    {
        _app = app;
        _state = state;
        _token = token;
        Url = url;
    }

    /// <summary>The page's address (with <c>?token=</c> when a token is needed).</summary>
    public Uri Url { get; }

    /// <summary>
    /// Starts serving <paramref name="state"/> on <paramref name="address"/>. A non-loopback address needs
    /// <paramref name="token"/>; without one it throws <see cref="ArgumentException"/> with the reason.
    /// </summary>
    /// <exception cref="IOException">The address could not be bound (in use, not on this machine).</exception>
    public static async Task<DashboardServer> StartAsync(LiveState state, DashboardAddress address, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsLoopback && string.IsNullOrEmpty(token))
        {
            throw new ArgumentException($"the dashboard binds {address}, which other machines can reach: set REDLINE_DASHBOARD_TOKEN to a secret that every request must carry, or bind loopback (127.0.0.1)");
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // Redline handles Ctrl+C itself; the web host must not take the signal from it.
        builder.Services.AddSingleton<IHostLifetime, QuietLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address.Address, address.Port);
        });
        var app = builder.Build();
        DashboardServer? server = null;
        app.Use((context, next) => server!.GuardAsync(context, next));
        app.MapGet("/", (HttpContext context) => Asset(context, "index.html", "text/html; charset=utf-8"));
        app.MapGet("/dashboard.js", (HttpContext context) => Asset(context, "dashboard.js", "text/javascript; charset=utf-8"));
        app.MapGet("/dashboard.css", (HttpContext context) => Asset(context, "dashboard.css", "text/css; charset=utf-8"));
        app.MapGet("/events", (HttpContext context) => server!.StreamAsync(context));
        app.MapGet("/metrics", (HttpContext context) => Results.Text(MetricsExposition.Write(state), MetricsExposition.ContentType));
        app.MapGet("/api/snapshot", () => Results.Text(state.SnapshotJson(), "application/json; charset=utf-8"));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException exception)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"the dashboard cannot listen on {address}: {exception.Message}", exception);
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(bound).Port;
        var shown = address.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : address.Address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback : address.Address;
        var url = new Uri($"http://{new DashboardAddress(shown, port)}/{(string.IsNullOrEmpty(token) ? "" : "?token=" + Uri.EscapeDataString(token))}");
        server = new DashboardServer(app, state, string.IsNullOrEmpty(token) ? null : token, url);
        return server;
    }

    /// <summary>Ends every page's stream and stops listening, within about two seconds whatever the pages do.</summary>
    public async ValueTask DisposeAsync()
    {
        _state.CloseAll();
        await _stopping.CancelAsync().ConfigureAwait(false);
        using var limit = new CancellationTokenSource(StopTimeout);
        try
        {
            await _app.StopAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // What did not stop in time is dropped with the process.
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var response = context.Response;
        response.Headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.XFrameOptions = "DENY";
        response.Headers["Referrer-Policy"] = "no-referrer";
        var refusal = Refusal(context.Request);
        if (refusal is { } refused)
        {
            response.StatusCode = refused.Status;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync(refused.Reason + "\n", context.RequestAborted).ConfigureAwait(false);
            return;
        }

        if (_token is not null && context.Request.Query.ContainsKey("token"))
        {
            // The token came in the address once; the page's own requests carry it as a cookie from now on.
            response.Cookies.Append(TokenCookie, _token, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>Why a request is refused (status and reason), or null when it may go on.</summary>
    private (int Status, string Reason)? Refusal(HttpRequest request)
    {
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return (StatusCodes.Status405MethodNotAllowed, "the dashboard is read-only: GET and HEAD only");
        }

        if (_token is not null)
        {
            var given = request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim()
                : request.Query.TryGetValue("token", out var query) ? query.ToString()
                : request.Cookies.TryGetValue(TokenCookie, out var cookie) ? cookie
                : null;
            if (given is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(_token)))
            {
                return (StatusCodes.Status401Unauthorized, "this dashboard needs its token: Authorization: Bearer TOKEN, or ?token=TOKEN in the address");
            }
        }
        else if (!IsLoopbackHost(request.Host.Host))
        {
            // A loopback dashboard answers only to loopback names: a page elsewhere cannot reach it by rebinding a name of its own.
            return (StatusCodes.Status403Forbidden, $"foreign Host '{request.Host}' refused: this dashboard answers to 127.0.0.1, [::1] and localhost only");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase))
        {
            return (StatusCodes.Status403Forbidden, $"foreign Origin '{origin}' refused: only the dashboard's own pages may read it");
        }

        return request.Headers["Sec-Fetch-Site"].ToString() == "cross-site"
            ? (StatusCodes.Status403Forbidden, "cross-site request refused")
            : null;
    }

    private static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));

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

    private static IResult Asset(HttpContext context, string name, string contentType)
    {
        var (bytes, etag) = Assets.Get(name);
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "no-cache";
        return context.Request.Headers.IfNoneMatch.ToString() == etag ? Results.StatusCode(StatusCodes.Status304NotModified) : Results.Bytes(bytes, contentType);
    }

    /// <summary>The page's files, read once from the assembly, each with an ETag of its content.</summary>
    private static class Assets
    {
        private static readonly Dictionary<string, (byte[] Bytes, string ETag)> Cache = Load();

        public static (byte[] Bytes, string ETag) Get(string name) => Cache[name];

        private static Dictionary<string, (byte[], string)> Load()
        {
            var assembly = typeof(DashboardServer).Assembly;
            var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
            foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("dashboard/", StringComparison.Ordinal)))
            {
                using var stream = assembly.GetManifestResourceStream(resource)!;
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                var bytes = copy.ToArray();
                files[resource["dashboard/".Length..]] = (bytes, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]}\"");
            }

            return files;
        }
    }

    /// <summary>A host lifetime that leaves the process's signals to Redline.</summary>
    private sealed class QuietLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
