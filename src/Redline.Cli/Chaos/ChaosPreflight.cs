using System.Net;
using System.Text.Json;
using Redline.Cli.Suites;

namespace Redline.Cli.Chaos;

/// <summary>Checks, before any load is sent, that what a segment's service faults act on is there to act on.</summary>
internal static class ChaosPreflight
{
    /// <summary>Throws <see cref="UserFacingException"/> (preflight failed) when a fault could not be applied.</summary>
    public static async Task CheckAsync(IEnumerable<FaultSpec> faults, Uri? baseUrl, CancellationToken cancellationToken)
    {
        var list = faults.ToList();
        var reference = list.Where(f => f.On == FaultSpec.Reference).ToList();
        if (reference.Count > 0)
        {
            var names = string.Join(", ", reference.Select(f => f.Name).Distinct());
            if (baseUrl is null)
            {
                throw new UserFacingException(ExitCodes.PreflightFailed, $"{names} act on the reference deployment at target.base_url, which the suite does not give");
            }

            await ExpectAsync(new Uri(baseUrl, "/api/admin/faults"), $"{names} act on the reference deployment (redline target serve)", cancellationToken).ConfigureAwait(false);
            if (reference.Any(f => f.Kind == FaultKind.KillMcpServer))
            {
                using var servers = await ExpectAsync(new Uri(baseUrl, "/api/admin/mcp/servers"), "kill_random_mcp_server needs the reference deployment's MCP servers (target serve --mcp-servers N)", cancellationToken).ConfigureAwait(false);
                if (servers.RootElement.GetProperty("servers").GetArrayLength() == 0)
                {
                    throw new UserFacingException(ExitCodes.PreflightFailed, "kill_random_mcp_server: the reference deployment runs no MCP server (start it with --mcp-servers N)");
                }
            }
        }

        if (list.Any(f => f.Kind == FaultKind.Hook && !Uri.TryCreate(f.Hook!.Value.Start.Target, UriKind.Absolute, out _)) && baseUrl is null)
        {
            throw new UserFacingException(ExitCodes.PreflightFailed, "a hook with a path calls target.base_url, which the suite does not give");
        }
    }

    private static async Task<JsonDocument> ExpectAsync(Uri url, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await ServiceCalls.GetJsonAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException exception)
        {
            var why = exception.StatusCode == HttpStatusCode.NotFound ? "it answers 404, so it is not the reference deployment (or an older one)" : exception.Message;
            throw new UserFacingException(ExitCodes.PreflightFailed, $"preflight failed: {what}, and GET {url}: {why}; no load was sent.");
        }
        catch (Exception exception) when (exception is TaskCanceledException or JsonException or InvalidOperationException)
        {
            throw new UserFacingException(ExitCodes.PreflightFailed, $"preflight failed: {what}, and GET {url}: {exception.Message}; no load was sent.");
        }
    }
}
