using Redline.Cli.Running;
using Redline.ReferenceTarget.Mcp;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Target;

/// <summary>
/// <c>redline target mcp-stdio</c>: the reference deployment's MCP tools over standard input and
/// output. Nothing else may reach standard output, which belongs to the protocol.
/// </summary>
internal sealed class TargetMcpStdioCommand : AsyncCommand<ReferenceSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, ReferenceSettings settings, CancellationToken cancellationToken)
    {
        using var stop = new ShutdownSignal();
        await ReferenceMcp.RunStdioAsync(settings.ToOptions([]), stop.Token).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
