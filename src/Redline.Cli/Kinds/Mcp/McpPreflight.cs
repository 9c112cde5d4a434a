using Redline.Cli.Targets;
using Redline.Protocols.Mcp;

namespace Redline.Cli.Kinds.Mcp;

/// <summary>Connects once to an MCP server before load is sent: which revision it speaks and how many tools it lists.</summary>
internal static class McpPreflight
{
    /// <summary>The outcome of one connection and a tools/list.</summary>
    /// <param name="Ok">True when the server answered.</param>
    /// <param name="Message">What was found, or why it failed.</param>
    /// <param name="Protocol">The revision it speaks, when it answered.</param>
    public sealed record Result(bool Ok, string Message, string? Protocol)
    {
        public static implicit operator PreflightResult(Result result) => new(result.Ok, result.Message);
    }

    public static async Task<Result> CheckAsync(McpServerSpec spec, Uri? baseUrl, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!spec.IsStdio && McpServer.ResolveEndpoint(spec.Endpoint!, baseUrl) is null)
        {
            return new Result(false, $"the MCP endpoint '{spec.Endpoint}' is not an http(s) address" + (baseUrl is null ? "" : $" relative to {baseUrl}"), null);
        }

        var server = new McpServer(spec, baseUrl);
        await using (server.ConfigureAwait(false))
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                var client = await server.ConnectAsync(deadline.Token).ConfigureAwait(false);
                await using (client.ConfigureAwait(false))
                {
                    var tools = await client.ListToolsAsync(cancellationToken: deadline.Token).ConfigureAwait(false);
                    return new Result(true, $"MCP server {server.Address} speaks {client.NegotiatedProtocolVersion} and lists {tools.Count} tools", client.NegotiatedProtocolVersion);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return new Result(false, $"MCP server {server.Address} did not answer: timed out after {NetworkProblem.Format(timeout)}", null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var outcome = McpErrors.Classify(e, server, spec.IsStdio ? null : new Uri(server.Address));
                return new Result(false, $"MCP server {server.Address} did not answer: {outcome.Detail}", null);
            }
        }
    }
}
