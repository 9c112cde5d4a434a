using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using Redline.ReferenceTarget.Mcp;

namespace Redline.ReferenceTarget.Tests.Mcp;

/// <summary>A minimal web application with only the MCP server, on a free loopback port.</summary>
internal sealed class McpHttpHost : IAsyncDisposable
{
    /// <summary>The protocol revision that still opens with the initialize handshake.</summary>
    public const string InitializeRevision = "2025-11-25";

    private readonly WebApplication _app;

    private McpHttpHost(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>The Streamable HTTP endpoint, http://127.0.0.1:port/mcp.</summary>
    public Uri Endpoint { get; }

    public static async Task<McpHttpHost> StartAsync(ReferenceOptions options, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        ReferenceMcp.AddReferenceMcp(builder.Services, options);
        var app = builder.Build();
        ReferenceMcp.MapReferenceMcp(app);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new McpHttpHost(app, new Uri(new Uri(address), ReferenceMcp.EndpointPath));
    }

    /// <summary>A client of the SDK over Streamable HTTP; <paramref name="protocolVersion"/> null lets it pick the newest revision.</summary>
    public Task<McpClient> ConnectAsync(string? protocolVersion, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
        });
        return McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = protocolVersion }, cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
