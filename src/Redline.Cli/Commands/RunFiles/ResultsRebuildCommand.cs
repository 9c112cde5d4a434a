using System.ComponentModel;
using Redline.Engine;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.RunFiles;

/// <summary>
/// <c>redline results rebuild RUN_DIR [--out FILE]</c>: folds a run's intervals.ndjson and
/// events.ndjson into its results.json again, with the builder the run itself used. The file of a
/// killed run, which never wrote results.json, gets one this way.
/// </summary>
internal sealed class ResultsRebuildCommand : Command<ResultsRebuildCommand.Settings>
{
    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var folder = Path.GetFullPath(settings.RunDir);
        var intervals = Path.Combine(folder, "intervals.ndjson");
        if (!File.Exists(intervals))
        {
            throw new UserFacingException(ExitCodes.BadInput, Directory.Exists(folder)
                ? $"no intervals.ndjson in {folder}: it is not the folder of a run (`redline run --out DIR` names it)."
                : $"no folder {folder}.");
        }

        RunResult run;
        try
        {
            run = RepeatMerge.Merge(IntervalFileReader.Rebuild(intervals, Path.Combine(folder, "events.ndjson")), intervals);
        }
        catch (FormatException exception)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"cannot rebuild from {exception.Message}");
        }

        // What is already there stays: a rebuilt file goes beside the original, not over it.
        var existing = Path.Combine(folder, "results.json");
        var target = settings.Out is { } given ? Path.GetFullPath(given) : File.Exists(existing) ? Path.Combine(folder, "results.rebuilt.json") : existing;
        try
        {
            ResultsJsonWriter.Write(run, target);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"cannot write {target}: {exception.Message}");
        }

        AnsiConsole.MarkupLine($"rebuilt run [bold]{Markup.Escape(run.RunId)}[/] ({run.Scenarios.Count} scenario(s), verdict {ResultsJsonWriter.VerdictName(run.Verdict)}) into {Markup.Escape(target)}");
        return ExitCodes.Ok;
    }

    /// <summary>The options of <c>redline results rebuild</c>.</summary>
    internal sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<RUN_DIR>")]
        [Description("The run's output folder, with its intervals.ndjson and events.ndjson.")]
        public string RunDir { get; init; } = "";

        [CommandOption("-o|--out <FILE>")]
        [Description("Where to write the rebuilt results.json. Default: RUN_DIR/results.json, or RUN_DIR/results.rebuilt.json when that exists.")]
        public string? Out { get; init; }
    }
}
