using System.ComponentModel;
using Redline.Cli.Chaos;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Chaos;

/// <summary>
/// <c>redline chaos clean [--all]</c>: reverts the faults that runs which are gone (killed, crashed) left on the
/// machine, from the fault journal: control groups emptied and removed (a killed run's target stopped), ballast
/// files deleted, services' faults switched off; and control groups named <c>redline-*</c> that no lease holds.
/// With <c>--all</c>, also the faults of runs still going.
/// </summary>
internal sealed class ChaosCleanCommand : Command<ChaosCleanCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var leases = FaultLeases.Machine();
        var live = settings.All ? 0 : leases.All().Count(FaultLeases.OwnerAlive);
        var lines = leases.Sweep(settings.All, orphans: true);
        foreach (var line in lines)
        {
            Console.WriteLine(line);
        }

        var left = leases.All().Count;
        Console.WriteLine(lines.Count == 0
            ? $"nothing to clean: no fault is left behind (journal: {leases.Folder})"
            : $"cleaned {lines.Count} item{(lines.Count == 1 ? "" : "s")} (journal: {leases.Folder})");
        if (left > 0)
        {
            Console.WriteLine($"{left} fault{(left == 1 ? " is" : "s are")} still held by runs that are going{(live > 0 ? "; --all reverts them too" : "")}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The options of <c>redline chaos clean</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandOption("--all")]
        [Description("Also revert the faults of runs that are still going.")]
        public bool All { get; init; }
    }
}
