using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Redline.Results.History;
using HttpResults = Microsoft.AspNetCore.Http.Results;

namespace Redline.Dashboard.History;

/// <summary>
/// <c>redline dashboard</c>: the history store as a page, on a <see cref="SafeHost"/> (loopback by default, a token
/// elsewhere): trends per suite, scenario and component, the regression timeline, any two runs side by side, and a
/// capacity projection.
/// </summary>
public sealed class HistoryServer : IAsyncDisposable
{
    private readonly SafeHost _host;

    private HistoryServer(SafeHost host) => _host = host;

    /// <summary>The page's address.</summary>
    public Uri Url => _host.Url;

    /// <summary>Serves <paramref name="store"/> on <paramref name="address"/>; see <see cref="SafeHost.StartAsync"/> for what is refused.</summary>
    public static async Task<HistoryServer> StartAsync(IHistoryStore store, DashboardAddress address, string? token, TimeProvider time, CancellationToken cancellationToken)
    {
        var api = new HistoryApi(store, time);
        var host = await SafeHost.StartAsync(address, token, app =>
        {
            app.MapGet("/", (HttpContext context) => SafeHost.Asset(context, "history.html"));
            app.MapGet("/history.js", (HttpContext context) => SafeHost.Asset(context, "history.js"));
            app.MapGet("/charts.js", (HttpContext context) => SafeHost.Asset(context, "charts.js"));
            app.MapGet("/dashboard.css", (HttpContext context) => SafeHost.Asset(context, "dashboard.css"));
            app.MapGet("/api/suites", async (CancellationToken token) => HttpResults.Text(await api.SuitesAsync(token).ConfigureAwait(false), "application/json; charset=utf-8"));
            app.MapGet("/api/trend", async (string suite, string scenario, string? component, string? metric, CancellationToken token) =>
                await api.TrendAsync(suite, scenario, string.IsNullOrEmpty(component) ? null : component, metric ?? "response_time_p95", token).ConfigureAwait(false) is { } json
                    ? HttpResults.Text(json, "application/json; charset=utf-8")
                    : HttpResults.BadRequest($"unknown metric '{metric}': response_time_p50, response_time_p95, response_time_p99, throughput or error_rate"));
            app.MapGet("/api/compare", async (string a, string b, CancellationToken token) =>
                await api.CompareAsync(a, b, token).ConfigureAwait(false) is { } json
                    ? HttpResults.Text(json, "application/json; charset=utf-8")
                    : HttpResults.NotFound($"run '{a}' or '{b}' is not in the store"));
        }, cancellationToken).ConfigureAwait(false);
        return new HistoryServer(host);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
