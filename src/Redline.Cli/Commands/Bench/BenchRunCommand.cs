using System.ComponentModel;
using System.Diagnostics;
using Redline.Cli.Gate;
using Redline.Engine;
using Redline.Results.Micro;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Bench;

/// <summary>
/// <c>redline bench run PROJECT [-- ARGS]</c>: runs a BenchmarkDotNet project in Release with the full JSON exporter
/// into a folder of its own, then imports what it wrote as one run, judged like <c>bench import</c>.
/// </summary>
internal sealed class BenchRunCommand : AsyncCommand<BenchRunCommand.Settings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        var runId = ScenarioRunner.NewRunId(now);
        var outDir = Path.GetFullPath(settings.Out ?? Path.Combine(".redline", "runs", runId));
        var artifacts = Path.Combine(outDir, "benchmarkdotnet");
        Directory.CreateDirectory(artifacts);
        // BenchmarkDotNet finds the project to build its runner from the working folder: the project's own.
        var project = Path.GetFullPath(settings.Project);
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = Directory.Exists(project) ? project : Path.GetDirectoryName(project) };
        foreach (var argument in (string[])["run", "-c", "Release", "--project", project, "--", "--exporters", "fulljson", "--artifacts", artifacts, .. context.Remaining.Raw])
        {
            start.ArgumentList.Add(argument);
        }

        AnsiConsole.MarkupLine($"running {Markup.Escape(string.Join(' ', start.ArgumentList.Prepend("dotnet")))}");
        using (var process = Process.Start(start) ?? throw new UserFacingException(ExitCodes.BadInput, "dotnet could not be started"))
        {
            using var stop = cancellationToken.Register(() => process.Kill(entireProcessTree: true));
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            if (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Aborted;
            }

            if (process.ExitCode != 0)
            {
                throw new UserFacingException(ExitCodes.BadInput, $"the benchmarks in {settings.Project} failed (dotnet run exited with {process.ExitCode}); nothing was imported");
            }
        }

        var files = Directory.Exists(Path.Combine(artifacts, "results"))
            ? Directory.GetFiles(Path.Combine(artifacts, "results"), "*-report-full.json").Order(StringComparer.Ordinal).ToList()
            : [];
        if (files.Count == 0)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"{settings.Project} wrote no BenchmarkDotNet results into {artifacts}: does its Main pass its args to BenchmarkSwitcher or BenchmarkRunner, and did the filter (--filter) select any benchmark?");
        }

        var benchmarks = new List<MicroBenchmark>();
        foreach (var file in files)
        {
            try
            {
                benchmarks.AddRange(MicroFormats.Read(file, "benchmarkdotnet").Benchmarks);
            }
            catch (MicroFormatException exception)
            {
                throw new UserFacingException(ExitCodes.BadInput, exception.Message);
            }
        }

        if (benchmarks.Count == 0)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"the benchmarks in {settings.Project} gave no results (BenchmarkDotNet lists them under \"Benchmarks with issues\" above); nothing was stored");
        }

        var suite = settings.Suite ?? MicroRuns.DefaultSuite(settings.Project);
        return await MicroRuns.JudgeAsync(settings, (runId, now, suite, "benchmarkdotnet", settings.Project), benchmarks, outDir, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The options of <c>redline bench run</c>; what follows <c>--</c> goes to BenchmarkDotNet.</summary>
    internal sealed class Settings : JudgedRunSettings, CommandLine.IPassesOnArguments
    {
        [CommandArgument(0, "<PROJECT>")]
        [Description("The BenchmarkDotNet project (its folder or .csproj); its Main must hand its args to BenchmarkSwitcher or BenchmarkRunner.")]
        public string Project { get; init; } = "";

        [CommandOption("--suite <NAME>")]
        [Description("The suite the run is stored under; runs of one suite are each other's baselines. Default: bench:<project name>.")]
        public string? Suite { get; init; }

        public override ValidationResult Validate()
        {
            var problems = JudgementProblems().ToList();
            if (!File.Exists(Project) && !Directory.Exists(Project))
            {
                problems.Add($"{Project}: no such project file or folder");
            }

            return problems.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join(Environment.NewLine, problems));
        }
    }
}
