using System.Diagnostics;
using Redline.Cli.Running;
using Redline.ReferenceTarget.Mcp;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Target;

/// <summary>
/// <c>redline target mcp-serve</c>: one of the MCP manager's servers, the reference deployment's MCP tools alone
/// over Streamable HTTP. <c>redline target serve --mcp-servers N</c> starts it N times; it stops with Ctrl+C,
/// SIGTERM, or when its <c>--parent</c> has gone, so a deployment killed outright leaves no server behind.
/// </summary>
internal sealed class TargetMcpServeCommand : AsyncCommand<TargetMcpServeSettings>
{
    private static readonly TimeSpan ParentCheck = TimeSpan.FromSeconds(1);

    public override async Task<int> ExecuteAsync(CommandContext context, TargetMcpServeSettings settings, CancellationToken cancellationToken)
    {
        using var stop = new ShutdownSignal();
        using var orphaned = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
        var watch = settings.Parent is { } parent ? WatchParentAsync(parent, orphaned) : Task.CompletedTask;
        await ReferenceMcp.RunHttpAsync(settings.ToOptions([]), Console.Out, orphaned.Token).ConfigureAwait(false);
        await orphaned.CancelAsync().ConfigureAwait(false);
        await watch.ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static async Task WatchParentAsync(int pid, CancellationTokenSource orphaned)
    {
        using var parent = Find(pid);
        using var timer = new PeriodicTimer(ParentCheck);
        try
        {
            while (parent is { HasExited: false } && await timer.WaitForNextTickAsync(orphaned.Token).ConfigureAwait(false))
            {
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        await orphaned.CancelAsync().ConfigureAwait(false);
    }

    private static Process? Find(int pid)
    {
        try
        {
            return Process.GetProcessById(pid);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
