using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Redline.Engine;
using Redline.Protocols.Templates;

namespace Redline.Protocols.Mcp;

/// <summary>
/// Builds the step of an MCP component: one operation per iteration over the user's session (opened
/// on its first iteration and timed apart as setup), or over a cold session of its own
/// (<see cref="McpSessionMode.PerIteration"/>, the handshake then part of the latency).
/// </summary>
public static class McpStepFactory
{
    /// <summary>The step that runs <paramref name="spec"/>'s operation on <paramref name="server"/>, for component <paramref name="component"/>.</summary>
    public static Step Create(string component, McpSpec spec, McpServer server, Uri? endpoint)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(server);
        var sessionKey = "mcp:" + server.Id;
        var operation = new PreparedOperation(spec.Operation);
        return async (context, cancellationToken) =>
        {
            TimeSpan? setup = null;
            McpClient client;
            McpClient? own = null;
            try
            {
                if (spec.Session == McpSessionMode.PerIteration)
                {
                    client = own = await server.ConnectAsync(cancellationToken).ConfigureAwait(false);
                }
                else if (context.User.TryGet<McpLease>(sessionKey, out var lease))
                {
                    client = lease.Client;
                }
                else
                {
                    var opening = Stopwatch.GetTimestamp();
                    lease = await server.LeaseAsync(cancellationToken).ConfigureAwait(false);
                    setup = lease.Opened ? Stopwatch.GetElapsedTime(opening) : null;
                    context.User.Set(sessionKey, lease);
                    client = lease.Client;
                }
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                return Judge(spec, McpErrors.Classify(exception, server, endpoint)) with { Setup = setup };
            }

            try
            {
                var outcome = await RunAsync(operation, client, context, spec.Timeout, server, endpoint, cancellationToken).ConfigureAwait(false);
                return Judge(spec, outcome) with { Setup = setup };
            }
            finally
            {
                if (own is not null)
                {
                    await McpServer.CloseQuietlyAsync(own).ConfigureAwait(false);
                }
            }
        };
    }

    /// <summary>With <c>expect: error</c> an MCP-level failure is the success and a success the failure.</summary>
    private static Outcome Judge(McpSpec spec, Outcome outcome)
    {
        if (!spec.ExpectError)
        {
            return outcome;
        }

        return outcome.Error == McpErrors.JsonRpcError || outcome.Error == McpErrors.ToolError
            ? Outcome.Ok(outcome.StatusCode)
            : outcome.IsSuccess
                ? Outcome.Fail(McpErrors.ExpectedError, $"{spec.Operation} succeeded, but the suite expects it to fail")
                : outcome;
    }

    private static async Task<Outcome> RunAsync(PreparedOperation operation, McpClient client, StepContext context, TimeSpan timeout, McpServer server, Uri? endpoint, CancellationToken cancellationToken)
    {
        if (!operation.TryArguments(context, out var arguments, out var missing) || !operation.TryTarget(context, out var target, out missing))
        {
            return TextTemplate.Missing(missing!);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            object result;
            var error = ErrorKind.None;
            string? detail = null;
            switch (operation.Spec.Kind)
            {
                // Every page is listed; a capture sees one result of the protocol's shape ({"tools": [...]}).
                case McpOperationKind.List when operation.Spec.Target == "tools":
                    var tools = await client.ListToolsAsync(cancellationToken: deadline.Token).ConfigureAwait(false);
                    result = new ListToolsResult { Tools = [.. tools.Select(t => t.ProtocolTool)] };
                    break;
                case McpOperationKind.List when operation.Spec.Target == "resources":
                    var resources = await client.ListResourcesAsync(cancellationToken: deadline.Token).ConfigureAwait(false);
                    result = new ListResourcesResult { Resources = [.. resources.Select(r => r.ProtocolResource)] };
                    break;
                case McpOperationKind.List:
                    var prompts = await client.ListPromptsAsync(cancellationToken: deadline.Token).ConfigureAwait(false);
                    result = new ListPromptsResult { Prompts = [.. prompts.Select(p => p.ProtocolPrompt)] };
                    break;
                case McpOperationKind.Call:
                    var call = await client.CallToolAsync(target, arguments, cancellationToken: deadline.Token).ConfigureAwait(false);
                    if (call.IsError == true)
                    {
                        (error, detail) = (McpErrors.ToolError, $"tool '{target}' answered isError: {FirstText(call)}");
                    }

                    result = call;
                    break;
                case McpOperationKind.Read:
                    result = await client.ReadResourceAsync(target, cancellationToken: deadline.Token).ConfigureAwait(false);
                    break;
                case McpOperationKind.Prompt:
                    result = await client.GetPromptAsync(target, arguments, cancellationToken: deadline.Token).ConfigureAwait(false);
                    break;
                default:
                    result = await client.PingAsync(cancellationToken: deadline.Token).ConfigureAwait(false);
                    break;
            }

            if (context.Capture is { } capture)
            {
                capture.Clear();
                capture.Body = JsonSerializer.Serialize(result, result.GetType(), McpJsonUtilities.DefaultOptions);
            }

            return error == ErrorKind.None ? Outcome.Ok() : Outcome.Fail(error, detail);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return Outcome.Fail(ErrorKind.Timeout, $"no answer to {operation.Spec} within {timeout.TotalMilliseconds:0} ms");
        }
        catch (Exception exception)
        {
            return McpErrors.Classify(exception, server, endpoint);
        }
    }

    private static string FirstText(CallToolResult result)
    {
        var text = result.Content.OfType<TextContentBlock>().FirstOrDefault()?.Text ?? "no text";
        return text.Length <= 120 ? text : text[..120] + "…";
    }

    /// <summary>An operation's arguments, prepared once; only string values with placeholders are filled per iteration.</summary>
    private sealed class PreparedOperation
    {
        private readonly Dictionary<string, object?>? _fixed;
        private readonly List<(string[] Path, TextTemplate Template)> _templates = [];
        private readonly TextTemplate? _target;

        public PreparedOperation(McpOperation spec)
        {
            Spec = spec;
            _target = TextTemplate.TryCreate(spec.Target, "the operation", []);
            if (spec.Arguments is { } arguments)
            {
                Collect(arguments, [], _templates);
                if (_templates.Count == 0)
                {
                    _fixed = ToDictionary(arguments);
                }
            }
        }

        public McpOperation Spec { get; }

        /// <summary>The tool or prompt name or the resource URI of this iteration (a flow may have captured it).</summary>
        public bool TryTarget(StepContext context, out string target, out string? missing)
        {
            missing = null;
            if (_target is null)
            {
                target = Spec.Target;
                return true;
            }

            return _target.TryRender(context, out target, out missing);
        }

        public bool TryArguments(StepContext context, out IReadOnlyDictionary<string, object?>? arguments, out string? missing)
        {
            missing = null;
            if (Spec.Arguments is null || _fixed is not null)
            {
                arguments = _fixed;
                return true;
            }

            var copy = Spec.Arguments.DeepClone().AsObject();
            foreach (var (path, template) in _templates)
            {
                if (!template.TryRender(context, out var text, out missing))
                {
                    arguments = null;
                    return false;
                }

                JsonNode node = copy;
                foreach (var step in path[..^1])
                {
                    node = int.TryParse(step, out var index) && node is JsonArray array ? array[index]! : node[step]!;
                }

                if (node is JsonArray list)
                {
                    list[int.Parse(path[^1], System.Globalization.CultureInfo.InvariantCulture)] = text;
                }
                else
                {
                    node[path[^1]] = text;
                }
            }

            arguments = ToDictionary(copy);
            return true;
        }

        private static Dictionary<string, object?> ToDictionary(JsonObject arguments) =>
            arguments.ToDictionary(p => p.Key, p => (object?)JsonSerializer.SerializeToElement(p.Value), StringComparer.Ordinal);

        private static void Collect(JsonNode node, List<string> path, List<(string[] Path, TextTemplate Template)> templates)
        {
            switch (node)
            {
                case JsonObject map:
                    foreach (var (key, value) in map)
                    {
                        Visit(value, [.. path, key], templates);
                    }

                    break;
                case JsonArray list:
                    for (var i = 0; i < list.Count; i++)
                    {
                        Visit(list[i], [.. path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)], templates);
                    }

                    break;
                default:
                    break;
            }
        }

        private static void Visit(JsonNode? value, List<string> path, List<(string[] Path, TextTemplate Template)> templates)
        {
            if (value is JsonValue leaf && leaf.TryGetValue<string>(out var text) && TextTemplate.TryCreate(text, "an argument", []) is { } template)
            {
                templates.Add(([.. path], template));
            }
            else if (value is not null)
            {
                Collect(value, path, templates);
            }
        }
    }
}
