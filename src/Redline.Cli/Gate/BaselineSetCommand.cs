using System.ComponentModel;
using Redline.Results.History;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Gate;

/// <summary><c>redline baseline set RUN | --latest [--branch main] [--name NAME]</c>: names the run later runs compare with.</summary>
internal sealed class BaselineSetCommand : AsyncCommand<BaselineSetCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var store = await settings.OpenStoreAsync(cancellationToken).ConfigureAwait(false);
        var runId = settings.Run;
        if (settings.Latest)
        {
            var latest = await store.ListRunsAsync(new RunQuery { Branch = settings.Branch, Suite = settings.Suite, Limit = 1 }, cancellationToken).ConfigureAwait(false);
            runId = latest.FirstOrDefault()?.Id
                ?? throw new UserFacingException(ExitCodes.BadInput, $"no stored run on branch '{settings.Branch}'{(settings.Suite is null ? "" : $" of suite '{settings.Suite}'")} in {store.Location}.");
        }

        if (!await store.SetBaselineAsync(settings.Name, runId!, cancellationToken).ConfigureAwait(false))
        {
            throw new UserFacingException(ExitCodes.BadInput, $"no run '{runId}' in {store.Location}; `redline history list` shows what is there.");
        }

        AnsiConsole.MarkupLine($"baseline [bold]{Markup.Escape(settings.Name)}[/] is now run {Markup.Escape(runId!)}; use it with --baseline {Markup.Escape(settings.Name)}");
        return ExitCodes.Ok;
    }

    /// <summary>The options of <c>redline baseline set</c>.</summary>
    internal sealed class Settings : StoreSettings
    {
        [CommandArgument(0, "[RUN]")]
        [Description("The run id to name.")]
        public string? Run { get; init; }

        [CommandOption("--latest")]
        [Description("Name the newest stored run on --branch instead.")]
        public bool Latest { get; init; }

        [CommandOption("--branch <BRANCH>")]
        [Description("With --latest: the branch. Default: main.")]
        public string Branch { get; init; } = "main";

        [CommandOption("--suite <SUITE>")]
        [Description("With --latest: only runs of this suite.")]
        public string? Suite { get; init; }

        [CommandOption("--name <NAME>")]
        [Description("The baseline's name. Default: baseline.")]
        public string Name { get; init; } = "baseline";

        public override ValidationResult Validate() =>
            (Run is null) == Latest ? ValidationResult.Success() : ValidationResult.Error("give either a run id or --latest, not both and not neither");
    }
}
