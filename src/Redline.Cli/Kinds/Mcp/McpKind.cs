using System.Text.Json.Nodes;
using Redline.Cli.Suites;
using Redline.Engine;
using Redline.Protocols.Mcp;

namespace Redline.Cli.Kinds.Mcp;

/// <summary>
/// The <c>mcp:</c> component: one MCP operation per iteration against a server over Streamable HTTP or
/// stdio, with one session per user (or a cold one per iteration), in the protocol revision the
/// server speaks, found out once per run.
/// </summary>
internal sealed class McpKind : ComponentKind<McpSpec>
{
    private static readonly Lazy<string> Definitions = new(() => KindResources.Read("mcp.schema.json"));

    /// <inheritdoc/>
    public override string Key => "mcp";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, string> ValueMessages { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["mcp"] = "expected a map with endpoint (Streamable HTTP) or command (stdio) and one operation",
        ["mcpProtocol"] = "expected auto, 2025-11-25 or 2026-07-28",
        ["mcpSession"] = "expected per_user or per_iteration",
        ["mcpList"] = "expected tools, resources or prompts",
        ["mcpExpect"] = "expected error",
    };

    /// <inheritdoc/>
    public override JsonObject SchemaDefinitions() => JsonNode.Parse(Definitions.Value)!.AsObject();

    /// <inheritdoc/>
    public override async Task<PreflightResult> PreflightAsync(KindRunContext context, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var found = new List<string>();
        foreach (var server in context.Components.Select(c => c.Spec).OfType<McpSpec>().Select(s => s.Server).DistinctBy(s => s.Key))
        {
            var checkedServer = await McpPreflight.CheckAsync(server, context.BaseUrl, timeout, cancellationToken).ConfigureAwait(false);
            if (!checkedServer.Ok)
            {
                return checkedServer;
            }

            context.Discovered[server.Key] = checkedServer.Protocol!;
            found.Add(checkedServer.Message);
        }

        var message = string.Join("; ", found);
        return new PreflightResult(true, message) { Note = found.Count == 0 ? null : message };
    }

    /// <inheritdoc/>
    protected override bool RequiresBaseUrl(McpSpec spec) => spec.Server.Endpoint is { } endpoint && endpoint.StartsWith('/');

    /// <inheritdoc/>
    protected override McpSpec? ReadSpec(DocNode node, KindReading reading) => new McpReader(reading).Read(node);

    /// <inheritdoc/>
    protected override IKindSteps<McpSpec> Open(KindRunContext context) => new Steps(context);

    /// <summary>The run's servers, one per distinct server spec, each closing its sessions and stopping its processes at the end.</summary>
    private sealed class Steps(KindRunContext context) : IKindSteps<McpSpec>
    {
        private readonly Dictionary<string, (McpServer Server, Uri? Endpoint)> _servers = new(StringComparer.Ordinal);

        public Step Create(string component, McpSpec spec, StepBuild build)
        {
            if (!_servers.TryGetValue(spec.Server.Key, out var server))
            {
                // What the preflight found stands for the run: sessions skip the revision probe.
                var protocol = spec.Server.Protocol == McpServerSpec.Auto && context.Discovered.TryGetValue(spec.Server.Key, out var found) ? found : spec.Server.Protocol;
                var opened = new McpServer(spec.Server with { Protocol = protocol }, context.BaseUrl);
                server = (opened, spec.Server.IsStdio ? null : new Uri(opened.Address));
                _servers.Add(spec.Server.Key, server);
            }

            return McpStepFactory.Create(component, spec, server.Server, server.Endpoint);
        }

        public void Dispose()
        {
            foreach (var (server, _) in _servers.Values)
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            _servers.Clear();
        }
    }
}
