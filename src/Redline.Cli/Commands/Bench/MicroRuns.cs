using Redline.Cli.Gate;
using Redline.Engine;
using Redline.Results.Judgement;
using Spectre.Console;

namespace Redline.Cli.Commands.Bench;

/// <summary>What <c>bench import</c> and <c>bench run</c> share: micro-benchmarks made a run, written, printed, stored and judged.</summary>
internal static class MicroRuns
{
    /// <summary>
    /// Writes <c>results.json</c> of a run holding <paramref name="benchmarks"/> into <paramref name="outDir"/>, prints them
    /// (with a pack's own <paramref name="columns"/>), and hands the run to the regression gate as <c>run</c> does; returns the exit code.
    /// </summary>
    public static async Task<int> JudgeAsync(
        JudgedRunSettings settings,
        (string RunId, DateTimeOffset Started, string Suite, string Format, string Source) run,
        IReadOnlyList<MicroBenchmark> benchmarks,
        string outDir,
        CancellationToken cancellationToken,
        IReadOnlyList<MicroColumn>? columns = null)
    {
        var directory = Directory.GetCurrentDirectory();
        var result = new RunResult(run.RunId, run.Suite, run.Started, TimeProvider.System.GetUtcNow(), Verdict.Passed, [], EnvironmentProbe.Capture(directory))
        {
            Micro = benchmarks,
            MicroFormat = run.Format,
        };
        Directory.CreateDirectory(outDir);
        ResultsJsonWriter.Write(result, Path.Combine(outDir, "results.json"));
        MicroTable.Print(result, columns);
        AnsiConsole.MarkupLine(Markup.Escape($"{benchmarks.Count} benchmark(s) from {run.Source} ({run.Format}) as run {run.RunId} of suite {run.Suite}  results: {Path.Combine(outDir, "results.json")}"));
        var blocks = await RegressionGate.ApplyAsync(result, outDir, settings, RunJudgement.Default, directory, cancellationToken).ConfigureAwait(false);
        return blocks ? ExitCodes.BlockingRegression : ExitCodes.Ok;
    }

    /// <summary>The suite a run is stored under without <c>--suite</c>: <c>bench:</c> and the file's or project's name, without folders or extensions.</summary>
    public static string DefaultSuite(string path)
    {
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        return "bench:" + (dot > 0 ? name[..dot] : name);
    }
}
