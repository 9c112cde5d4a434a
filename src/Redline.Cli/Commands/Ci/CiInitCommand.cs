using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Ci;

/// <summary>
/// <c>redline ci init [SUITE]</c>: writes <c>.github/workflows/performance-benchmarks.yml</c>, the seed's workflow doing what
/// <c>redline ci</c> does on push, pull request, nightly and weekly, with the history store kept between runs in the
/// Actions cache and each run's files uploaded as an artifact.
/// </summary>
internal sealed class CiInitCommand : Command<CiInitCommand.Settings>
{
    /// <summary>Where the workflow goes, from the repository's root.</summary>
    public const string WorkflowPath = ".github/workflows/performance-benchmarks.yml";

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(settings.Directory);
        var path = Path.Combine(root, WorkflowPath);
        if (File.Exists(path) && !settings.Force)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"{path} already exists; pass --force to write over it");
        }

        var suite = Path.GetRelativePath(root, Path.GetFullPath(settings.Suite)).Replace('\\', '/');
        if (suite.StartsWith("..", StringComparison.Ordinal))
        {
            throw new UserFacingException(ExitCodes.BadInput, $"{settings.Suite} is outside {root}; the workflow runs the suite from the repository's checkout");
        }

        // In Redline's own repository the workflow runs this checkout's CLI; elsewhere it installs the tool.
        var ownRepository = File.Exists(Path.Combine(root, "src", "Redline.Cli", "Redline.Cli.csproj"));
        var redline = settings.Command ?? (ownRepository ? "dotnet run -c Release --project src/Redline.Cli --" : "redline");
        var install = settings.Command is not null || ownRepository
            ? ""
            : """

                  - name: Install Redline
                    run: dotnet tool install --global Redline.Cli
            """;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, Workflow(suite, redline, install));
        AnsiConsole.MarkupLine(Markup.Escape($"wrote {path}: redline ci {suite} on push to main, pull requests, nightly (02:00 UTC) and weekly (Sunday 04:00 UTC)"));
        return ExitCodes.Ok;
    }

    /// <summary>The workflow's text.</summary>
    public static string Workflow(string suite, string redline, string install) => $$$"""
        # Written by `redline ci init`. The seed's benchmark pipeline: redline ci picks the tests that the
        # suite's pipeline: section maps to this event's trigger (push, pull_request, nightly, weekly), checks
        # the runner, judges each run against its baseline, writes the job summary and keeps one comment per
        # suite on a pull request up to date.
        name: Performance Benchmarks

        on:
          push:
            branches: [main]
          pull_request:
            branches: [main]
          schedule:
            - cron: '0 2 * * *'   # nightly
            - cron: '0 4 * * 0'   # weekly: a schedule with a day of the week is the weekly trigger
          workflow_dispatch:
            inputs:
              trigger:
                description: 'pull_request, push, nightly or weekly'
                default: nightly

        permissions:
          contents: read
          pull-requests: write

        # One pipeline per branch at a time: two runs at once on one runner would measure each other.
        concurrency:
          group: performance-benchmarks-${{ github.ref }}
          cancel-in-progress: ${{ github.event_name == 'pull_request' }}

        jobs:
          benchmark:
            runs-on: ubuntu-latest
            timeout-minutes: 120
            steps:
              - uses: actions/checkout@v4
                with:
                  fetch-depth: 0   # the baseline search and changed_components read the history

              - uses: actions/setup-dotnet@v4
                with:
                  dotnet-version: '10.0.x'
        {{{install}}}
              # The history store is the baselines: restored from the newest cache this branch can see (a pull
              # request sees its base branch's), and saved again after the run.
              - name: Restore the history store
                uses: actions/cache/restore@v4
                with:
                  path: .redline/history.db
                  key: redline-history-${{ github.ref_name }}-${{ github.run_id }}
                  restore-keys: |
                    redline-history-${{ github.ref_name }}-
                    redline-history-main-

              - name: Run the benchmark pipeline
                env:
                  GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}
                run: {{{redline}}} ci {{{suite}}} --out .redline/ci/run --report html,junit

              - name: Keep the history store
                if: always()
                uses: actions/cache/save@v4
                with:
                  path: .redline/history.db
                  key: redline-history-${{ github.ref_name }}-${{ github.run_id }}

              - name: Upload the run's files
                if: always()
                uses: actions/upload-artifact@v4
                with:
                  name: redline-${{ github.run_id }}
                  path: .redline/ci/
                  if-no-files-found: ignore

        """;

    /// <summary>The options of <c>redline ci init</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<SUITE>")]
        [Description("The suite file the workflow runs (its pipeline: section says what each trigger runs).")]
        public string Suite { get; init; } = "";

        [CommandOption("--dir <DIR>")]
        [Description("The repository's root. Default: the current folder.")]
        public string Directory { get; init; } = ".";

        [CommandOption("--command <COMMAND>")]
        [Description("How the workflow runs Redline. Default: this repository's CLI in Redline's own repository, else the installed tool.")]
        public string? Command { get; init; }

        [CommandOption("--force")]
        [Description("Write over an existing workflow.")]
        public bool Force { get; init; }

        public override ValidationResult Validate() =>
            File.Exists(Suite) ? ValidationResult.Success() : ValidationResult.Error($"{Suite}: no such suite file");
    }
}
