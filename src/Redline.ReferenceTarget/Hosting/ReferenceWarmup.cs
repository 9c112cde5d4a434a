using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Redline.ReferenceTarget.Admin;
using Redline.ReferenceTarget.Auth;
using Redline.ReferenceTarget.Cache;
using Redline.ReferenceTarget.Mcp;
using Redline.ReferenceTarget.Mcp.Servers;

namespace Redline.ReferenceTarget;

/// <summary>Whether the deployment is still warming up; <c>GET /health</c> answers 503 until it is not.</summary>
internal sealed class WarmupGate
{
    private volatile bool _warming;

    public bool Warming => _warming;

    public void Begin() => _warming = true;

    public void End() => _warming = false;
}

/// <summary>
/// Before a served deployment says it is ready, it calls each component's endpoint once over its own socket, so
/// that compiling the code paths and opening the first connections is not in the first second's measurements (a
/// production service is warm), then forgets those calls: counters, cache entries and connection counts start at 0.
/// The Circle of Experts is left out: its think time is seconds, its first call's compilation milliseconds.
/// </summary>
internal static class ReferenceWarmup
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var options = app.Services.GetRequiredService<ReferenceOptions>();
        using var http = new HttpClient { BaseAddress = ReferenceDeployment.ListeningAddress(app), Timeout = Timeout };
        try
        {
            using (await http.GetAsync(new Uri("/api/cache/key-0", UriKind.Relative), cancellationToken))
            using (await http.GetAsync(new Uri("/api/deployments/1", UriKind.Relative), cancellationToken))
            using (await http.GetAsync(new Uri("/api/deployments/1/events", UriKind.Relative), cancellationToken))
            using (await http.GetAsync(new Uri("/api/admin/stats", UriKind.Relative), cancellationToken))
            {
            }

            using (var login = await http.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { user = SeededUsers.Admin, password = SeededUsers.AdminPassword }, cancellationToken))
            {
                if (login.IsSuccessStatusCode && (await login.Content.ReadFromJsonAsync<LoginAnswer>(cancellationToken))?.Token is { } token)
                {
                    using var me = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/auth/me", UriKind.Relative));
                    me.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                    using (await http.SendAsync(me, cancellationToken))
                    {
                    }
                }
            }

            // Once per MCP server, which the gateway takes in turn.
            for (var i = 0; i < Math.Max(1, options.McpServers); i++)
            {
                using var call = new HttpRequestMessage(HttpMethod.Post, new Uri(ReferenceMcp.EndpointPath, UriKind.Relative))
                {
                    Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"list_containers","arguments":{"limit":1}}}""", Encoding.UTF8, "application/json"),
                };
                call.Headers.Accept.ParseAdd("application/json, text/event-stream");
                using (await http.SendAsync(call, cancellationToken))
                {
                }
            }
        }
        catch (HttpRequestException)
        {
            // A warm-up that fails leaves a colder start, not a broken deployment; the real requests will say what is wrong.
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }

        app.Services.GetRequiredService<RequestCounter>().Reset();
        app.Services.GetRequiredService<CacheService>().Reset();
        app.Services.GetService<AuthService>()?.Reset();
        if (app.Services.GetService<McpServerManager>() is { } manager)
        {
            foreach (var slot in manager.Slots)
            {
                slot.ResetCounts();
            }
        }
    }

    private sealed record LoginAnswer(string? Token);
}
