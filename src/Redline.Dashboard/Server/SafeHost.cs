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
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Redline.Dashboard;

/// <summary>
/// The web host both dashboards run on, safe by default: it binds loopback; any other address needs a token that
/// every request carries (a bearer header, <c>?token=</c> once, then a same-site cookie); a foreign <c>Host</c> or
/// <c>Origin</c> is refused; no CORS; only GET and HEAD; a Content-Security-Policy that allows the page's own files
/// only. Its pages' files are served from the assembly with ETags.
/// </summary>
internal sealed class SafeHost : IAsyncDisposable
{
    private const string TokenCookie = "redline_token";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(2);

    private readonly WebApplication _app;
    private readonly string? _token;

    private SafeHost(WebApplication app, string? token)
    {
        _app = app;
        _token = token;
    }

    /// <summary>The page's address (with <c>?token=</c> when a token is needed).</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    /// <summary>
    /// Starts a host on <paramref name="address"/> with the routes <paramref name="map"/> adds. A non-loopback address
    /// needs <paramref name="token"/>; without one it throws <see cref="ArgumentException"/> with the reason.
    /// </summary>
    /// <exception cref="IOException">The address could not be bound (in use, not on this machine).</exception>
    public static async Task<SafeHost> StartAsync(DashboardAddress address, string? token, Action<WebApplication> map, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(map);
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
        var host = new SafeHost(app, string.IsNullOrEmpty(token) ? null : token);
        app.Use(host.GuardAsync);
        map(app);
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
        host.Url = new Uri($"http://{new DashboardAddress(shown, port)}/{(host._token is null ? "" : "?token=" + Uri.EscapeDataString(host._token))}");
        return host;
    }

    /// <summary>One of the page files embedded under wwwroot, with its ETag; 304 when the browser has it.</summary>
    public static IResult Asset(HttpContext context, string name)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (bytes, etag) = Assets.Get(name);
        context.Response.Headers.ETag = etag;
        context.Response.Headers.CacheControl = "no-cache";
        var type = Path.GetExtension(name) switch
        {
            ".html" => "text/html; charset=utf-8",
            ".js" => "text/javascript; charset=utf-8",
            _ => "text/css; charset=utf-8",
        };
        return context.Request.Headers.IfNoneMatch.ToString() == etag ? HttpResults.StatusCode(StatusCodes.Status304NotModified) : HttpResults.Bytes(bytes, type);
    }

    /// <summary>Stops listening within about two seconds whatever the pages do.</summary>
    public async ValueTask DisposeAsync()
    {
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

    /// <summary>The page's files, read once from the assembly, each with an ETag of its content.</summary>
    private static class Assets
    {
        private static readonly Dictionary<string, (byte[] Bytes, string ETag)> Cache = Load();

        public static (byte[] Bytes, string ETag) Get(string name) => Cache[name];

        private static Dictionary<string, (byte[], string)> Load()
        {
            var assembly = typeof(SafeHost).Assembly;
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
