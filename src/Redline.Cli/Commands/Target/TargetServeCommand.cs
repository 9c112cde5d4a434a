using Redline.Cli.Running;
using Redline.ReferenceTarget;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Target;

/// <summary><c>redline target serve</c>: runs the reference deployment until Ctrl+C or SIGTERM.</summary>
internal sealed class TargetServeCommand : AsyncCommand<TargetServeSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, TargetServeSettings settings, CancellationToken cancellationToken)
    {
        var options = settings.ToServeOptions();
        using var stop = new ShutdownSignal();
        await ReferenceDeployment.RunAsync(options, stop.Token).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
