using ModelContextProtocol.Client;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary><c>redline target mcp-stdio</c> as a child process, spoken to by the MCP SDK's own client.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class McpStdioEndToEndTests
{
    [Fact]
    public async Task McpStdio_SdkClient_InitializesListsAndCallsTools()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var errors = new List<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Command = "dotnet",
            Arguments = [RedlineProcess.Dll, "target", "mcp-stdio", "--latency-scale", "0.02"],
            Name = "redline",
            StandardErrorLines = line =>
            {
                lock (errors)
                {
                    errors.Add(line);
                }
            },
        });

        // Pinning the 2025-11-25 revision makes the client open with `initialize`.
        await using var client = await McpClient.CreateAsync(transport, new McpClientOptions { ProtocolVersion = "2025-11-25" }, cancellationToken: timeout.Token);

        Assert.Equal("2025-11-25", client.NegotiatedProtocolVersion);
        Assert.Equal("redline-reference-target", client.ServerInfo?.Name);
        var tools = await client.ListToolsAsync(cancellationToken: timeout.Token);
        Assert.Contains(tools, t => t.Name == "list_containers");
        Assert.Contains(tools, t => t.Name == "scan_image");
        var result = await client.CallToolAsync("get_pods", new Dictionary<string, object?> { ["namespace"] = "checkout" }, cancellationToken: timeout.Token);
        Assert.NotEqual(true, result.IsError);
        Assert.NotNull(result.StructuredContent);
    }
}
