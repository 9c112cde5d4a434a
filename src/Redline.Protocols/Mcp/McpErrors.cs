using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using Redline.Engine;
using Redline.Protocols.Http;

namespace Redline.Protocols.Mcp;

/// <summary>The error classes of MCP operations, and how a failure becomes one.</summary>
public static class McpErrors
{
    /// <summary>The server answered with a JSON-RPC error; its code is kept as the status.</summary>
    public static readonly ErrorKind JsonRpcError = ErrorKind.Named("mcp_error");

    /// <summary>A tool call's result said <c>isError</c>.</summary>
    public static readonly ErrorKind ToolError = ErrorKind.Named("mcp_tool_error");

    /// <summary>The answer was not valid MCP: broken framing or JSON, an unexpected message.</summary>
    public static readonly ErrorKind Protocol = ErrorKind.Named("mcp_protocol");

    /// <summary>A stdio server's process exited.</summary>
    public static readonly ErrorKind ProcessExited = ErrorKind.Named("mcp_process_exited");

    /// <summary>An operation that had to fail (<c>expect: error</c>) succeeded.</summary>
    public static readonly ErrorKind ExpectedError = ErrorKind.Named("mcp_expected_error");

    private const int MaxDetail = 200;

    /// <summary>The outcome of <paramref name="exception"/>, raised by an operation on <paramref name="server"/> (at <paramref name="endpoint"/> over HTTP).</summary>
    public static Outcome Classify(Exception exception, McpServer server, Uri? endpoint)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case McpProtocolException rpc:
                    return Outcome.Fail(JsonRpcError, Shorten($"JSON-RPC error {(int)rpc.ErrorCode}: {rpc.Message}"), (int)rpc.ErrorCode);
                case ClientTransportClosedException closed when closed.Details is StdioClientCompletionDetails stdio:
                    return Outcome.Fail(ProcessExited, Shorten($"the server process {stdio.ProcessId} exited with code {stdio.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unknown"}" + StderrTail(stdio)));
                case ClientTransportClosedException closed when closed.Details is HttpClientCompletionDetails { HttpStatusCode: { } status }:
                    return Outcome.Fail((int)status >= 500 ? ErrorKind.Http5xx : ErrorKind.Http4xx, Shorten($"HTTP {(int)status}: {closed.Message}"), (int)status);
                case HttpRequestException when endpoint is not null:
                    var (kind, detail) = HttpErrorClassifier.Classify(exception, endpoint);
                    return Outcome.Fail(kind, detail, (int?)((HttpRequestException)current).StatusCode ?? 0);
                case JsonException json:
                    return Outcome.Fail(Protocol, Shorten($"broken JSON from the server: {json.Message}"));
                case IOException when server.ProcessesStarted > 0:
                    return Outcome.Fail(ProcessExited, Shorten($"the server process's pipe closed: {current.Message}"));
                default:
                    break;
            }
        }

        return exception is McpException
            ? Outcome.Fail(Protocol, Shorten(exception.Message))
            : Outcome.Fail(ErrorKind.Other, Shorten($"{exception.GetType().Name}: {exception.Message}"));
    }

    private static string StderrTail(StdioClientCompletionDetails stdio) =>
        stdio.StandardErrorTail is { Count: > 0 } tail ? "; stderr: " + string.Join(" | ", tail.TakeLast(2)) : "";

    private static string Shorten(string text) => text.Length <= MaxDetail ? text : text[..MaxDetail] + "…";
}
