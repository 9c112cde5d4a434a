using System.ComponentModel;
using Redline.Cli.Gate;
using Redline.Engine;
using Redline.Results.Micro;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Bench;

/// <summary>
/// <c>redline bench import FILE</c>: micro-benchmark results from any of the supported tools, kept as a run in the
/// history store and judged by the same gate as a load run (baseline, thresholds, reports, exit codes).
/// </summary>
internal sealed class BenchImportCommand : AsyncCommand<BenchImportCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        MicroImport imported;
        try
        {
            imported = MicroFormats.Read(settings.File, settings.Format);
        }
        catch (MicroFormatException exception)
        {
            throw new UserFacingException(ExitCodes.BadInput, exception.Message);
        }

        if (imported.Benchmarks.Count == 0)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"{settings.File}: no benchmark results in it ({imported.Format})");
        }

        var now = TimeProvider.System.GetUtcNow();
        var runId = ScenarioRunner.NewRunId(now);
        var outDir = Path.GetFullPath(settings.Out ?? Path.Combine(".redline", "runs", runId));
        return await MicroRuns.JudgeAsync(settings, (runId, now, settings.Suite ?? MicroRuns.DefaultSuite(settings.File), imported.Format, settings.File), imported.Benchmarks, outDir, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The options of <c>redline bench import</c>.</summary>
    internal sealed class Settings : JudgedRunSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("The results file (or, for Criterion, its target/criterion folder).")]
        public string File { get; init; } = "";

        [CommandOption("-f|--format <FORMAT>")]
        [Description("The tool that wrote it: benchmarkdotnet, google-benchmark, criterion, pytest-benchmark, go or jmh. Default: told from the content.")]
        public string? Format { get; init; }

        [CommandOption("--suite <NAME>")]
        [Description("The suite the run is stored under; runs of one suite are each other's baselines. Default: bench:<file name>.")]
        public string? Suite { get; init; }

        public override ValidationResult Validate()
        {
            var problems = JudgementProblems().ToList();
            if (!System.IO.File.Exists(File) && !Directory.Exists(File))
            {
                problems.Add($"{File}: no such file or folder");
            }

            if (Format is not null && !MicroFormats.Names.Contains(Format, StringComparer.Ordinal))
            {
                problems.Add($"--format: expected one of {string.Join(", ", MicroFormats.Names)}, got '{Format}'");
            }

            if (Suite is { Length: 0 })
            {
                problems.Add("--suite: expected a name");
            }

            return problems.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join(Environment.NewLine, problems));
        }
    }
}
