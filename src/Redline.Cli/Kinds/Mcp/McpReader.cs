using System.Text.Json.Nodes;
using Redline.Cli.Suites;
using Redline.Protocols.Mcp;

namespace Redline.Cli.Kinds.Mcp;

/// <summary>The semantic checks of a component's <c>mcp:</c> map, and the <see cref="McpSpec"/> they build.</summary>
internal sealed class McpReader(KindReading reading)
{
    private static readonly string[] Operations = ["list", "call", "read", "prompt", "ping"];

    private ValueReader Values => reading.Values;

    private SuiteIssues Issues => reading.Values.Issues;

    /// <summary>The spec, or null when it has errors (reported with their positions).</summary>
    public McpSpec? Read(DocNode node)
    {
        if (!Values.IsMap(node))
        {
            return null;
        }

        var endpoint = Values.String(node["endpoint"]);
        var command = Values.String(node["command"]);
        var valid = !Values.BothGiven(node, "endpoint", "command", "give endpoint (Streamable HTTP) or command (stdio), not both");
        if (!node["endpoint"].Exists && !node["command"].Exists)
        {
            Issues.AtValue(node, "missing 'endpoint' (Streamable HTTP) or 'command' (stdio)");
            valid = false;
        }

        if (endpoint is not null && !endpoint.StartsWith('/') && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            Issues.AtValue(node["endpoint"], $"expected a path starting with '/' or a full http(s) URL, got '{endpoint}'");
            valid = false;
        }

        if (command is null)
        {
            foreach (var key in new[] { "args", "env", "working_dir", "processes" }.Where(k => node[k].Exists))
            {
                Issues.AtKey(node[key], $"'{key}' is for a stdio server (command:); an HTTP server takes only endpoint");
                valid = false;
            }
        }

        var operation = ReadOperation(node);
        var server = new McpServerSpec(
            endpoint,
            command,
            Values.ScalarList(node["args"]) ?? [],
            Values.ScalarMap(node["env"]) ?? new Dictionary<string, string>(),
            Path.GetFullPath(Path.Combine(reading.BaseDirectory, Values.String(node["working_dir"]) ?? ".")),
            Values.String(node["protocol"]) ?? McpServerSpec.Auto,
            Values.Integer(node["processes"], 1, 1024) ?? McpServerSpec.DefaultProcesses);
        var session = Values.String(node["session"]) == "per_iteration" ? McpSessionMode.PerIteration : McpSessionMode.PerUser;
        var expectError = Values.String(node["expect"]) == "error";
        var timeout = Values.PositiveDuration(node["timeout"]) ?? McpSpec.DefaultTimeout;
        return valid && operation is not null ? new McpSpec(server, operation, session, expectError, timeout) : null;
    }

    private McpOperation? ReadOperation(DocNode node)
    {
        var given = Operations.Where(k => node[k].Exists).ToList();
        if (given.Count != 1)
        {
            Issues.AtValue(node, given.Count == 0
                ? "missing the operation: one of list, call, read, prompt or ping"
                : $"give one operation, not {string.Join(" and ", given)}");
            return null;
        }

        if (node["arguments"].Exists && !Values.IsMap(node["arguments"]))
        {
            return null;
        }

        var arguments = node["arguments"].Value as JsonObject;
        if (node["arguments"].Exists && given[0] is not ("call" or "prompt"))
        {
            Issues.AtKey(node["arguments"], "'arguments' go with call or prompt");
            return null;
        }

        var target = given[0] == "ping" ? "" : Values.String(node[given[0]]);
        var kind = given[0] switch
        {
            "list" => McpOperationKind.List,
            "call" => McpOperationKind.Call,
            "read" => McpOperationKind.Read,
            "prompt" => McpOperationKind.Prompt,
            _ => McpOperationKind.Ping,
        };
        return target is null ? null : new McpOperation(kind, target, (JsonObject?)arguments?.DeepClone());
    }
}
