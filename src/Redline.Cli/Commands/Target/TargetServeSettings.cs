using System.ComponentModel;
using System.Globalization;
using Redline.Cli.Running;
using Redline.ReferenceTarget;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Target;

/// <summary>The options of <c>redline target serve</c>.</summary>
internal sealed class TargetServeSettings : ReferenceSettings
{
    [CommandOption("--mcp-servers <N>")]
    [Description("Run N MCP server processes behind /mcp, started and restarted by the deployment, listed and killed at /api/admin/mcp/servers. Default: 0 (MCP served inside the deployment).")]
    public int McpServers { get; init; }

    /// <summary>The deployment's options, with the command that starts each MCP server as this Redline.</summary>
    public ReferenceOptions ToServeOptions()
    {
        var options = ToOptions([]);
        if (McpServers == 0)
        {
            return options;
        }

        var (program, prefix) = SelfCommand.Invocation();
        string[] arguments =
        [
            .. prefix, "target", "mcp-serve",
            "--profile", Profile, "--host", "127.0.0.1", "--port", "0",
            "--latency-scale", LatencyScale, "--seed", Seed.ToString(CultureInfo.InvariantCulture),
            "--parent", Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
        ];
        return options with { McpServers = McpServers, McpServerCommand = new McpServerCommand(program, arguments) };
    }

    protected override void CheckMore(List<string> problems)
    {
        if (McpServers is < 0 or > ReferenceOptionsValidation.MaxMcpServers)
        {
            problems.Add($"--mcp-servers: expected 0 to {ReferenceOptionsValidation.MaxMcpServers}, got {McpServers}");
        }
    }
}
