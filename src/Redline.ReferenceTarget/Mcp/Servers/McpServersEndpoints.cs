using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Redline.ReferenceTarget.Mcp.Servers;

/// <summary>The manager's servers as <c>GET /api/admin/mcp/servers</c> lists them.</summary>
internal sealed record McpServersStatus(string Profile, double ConnectionReuse, IReadOnlyList<McpServerInfo> Servers);

/// <summary>The answer of <c>POST /api/admin/mcp/servers/{index}/kill</c>.</summary>
internal sealed record McpServerKilled(int Index, int Pid);

/// <summary>
/// The MCP manager's admin endpoints: list the servers (pid, state, restarts, connection reuse) and kill one, so
/// that a suite or a chaos schedule can take a server down (partial failure) and watch it come back (recovery).
/// </summary>
internal static class McpServersEndpoints
{
    public const string ServersPath = "/api/admin/mcp/servers";

    public static void MapMcpServersEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(ServersPath, (McpServerManager manager, ReferenceOptions options, TimeProvider time) =>
        {
            var servers = manager.Slots.Select(slot => slot.Info(time)).ToList();
            var requests = servers.Sum(s => s.Requests);
            var connections = servers.Sum(s => s.Connections);
            var reuse = requests == 0 ? 0 : Math.Round(Math.Max(0, 1 - ((double)connections / requests)), 4);
            return Results.Ok(new McpServersStatus(ReferenceDeployment.ProfileName(options.Profile), reuse, servers));
        });
        app.MapPost(ServersPath + "/{index:int}/kill", (int index, McpServerManager manager) =>
        {
            if (index < 0 || index >= manager.Slots.Count)
            {
                return Results.NotFound(new ErrorBody($"No MCP server {index}; there are {manager.Slots.Count}, numbered from 0."));
            }

            return manager.Slots[index].Kill() is { } pid
                ? Results.Ok(new McpServerKilled(index, pid))
                : Results.Conflict(new ErrorBody($"MCP server {index} is not running ({manager.Slots[index].State.ToString().ToLowerInvariant()})."));
        });
    }
}
