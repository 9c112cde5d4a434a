using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Redline.ReferenceTarget.Mcp.Servers;

/// <summary>
/// /mcp in front of the manager's servers: each call goes to the next running server in turn. The profiles differ
/// in what happens to the connection afterwards: the baseline closes it (every call opens a new one), the
/// optimized profile keeps it for the next call 95% of the time (the seed's mcp_connection_reuse).
/// </summary>
internal sealed class McpGateway(McpServerManager manager, ReferenceOptions options)
{
    // Hop-by-hop headers and the length, which the server recomputes, are not passed on.
    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer", "Host", "Content-Length",
    };

    // A call whose server has just died is tried on one more.
    private const int MaxAttempts = 2;

    private readonly LogNormalDraws _reuse = new(options.Seed);
    private readonly double _reuseShare = options.Profile == Profile.Optimized ? McpCosts.OptimizedConnectionReuse : 0;

    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map(ReferenceMcp.EndpointPath, (HttpContext context, McpGateway gateway) => gateway.ForwardAsync(context));
    }

    private async Task ForwardAsync(HttpContext context)
    {
        // MCP messages are small: the body is read once so that a call whose server has just died can go to the next.
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var content = body.ToArray();
        string? failure = null;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var slot = manager.Pick();
            if (slot?.Running() is not { } client)
            {
                break;
            }

            slot.CountRequest();
            using var request = Request(context, client, content);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or ObjectDisposedException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
            {
                // Nothing reached the server, or its process is gone (disposing its client cancels the call):
                // the next one in turn takes the call.
                failure = $"MCP server {slot.Index} went away: {e.Message}";
                continue;
            }

            await RelayAsync(context, response);
            return;
        }

        await ErrorAsync(
            context,
            failure is null ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.BadGateway,
            failure ?? "No MCP server is running; the manager is starting them again.");
    }

    private HttpRequestMessage Request(HttpContext context, HttpClient client, byte[] content)
    {
        var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(client.BaseAddress!, ReferenceMcp.EndpointPath + context.Request.QueryString));
        if (content.Length > 0)
        {
            request.Content = new ByteArrayContent(content);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (NotForwarded.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        request.Headers.ConnectionClose = !_reuse.Chance(_reuseShare);
        return request;
    }

    private static async Task RelayAsync(HttpContext context, HttpResponseMessage response)
    {
        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            Copy(response.Headers, context.Response.Headers);
            Copy(response.Content.Headers, context.Response.Headers);
            try
            {
                await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or ObjectDisposedException or OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
            {
                // The server died mid-answer: the client sees a cut response, as it would from the server itself.
                context.Abort();
            }
        }
    }

    private static void Copy(HttpHeaders from, IHeaderDictionary to)
    {
        foreach (var (name, values) in from)
        {
            if (!NotForwarded.Contains(name))
            {
                to[name] = values.ToArray();
            }
        }
    }

    private static Task ErrorAsync(HttpContext context, HttpStatusCode status, string message)
    {
        context.Response.StatusCode = (int)status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsJsonAsync(new { jsonrpc = "2.0", id = (object?)null, error = new { code = -32603, message } });
    }
}
