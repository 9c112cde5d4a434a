using Redline.Engine;
using Redline.Results.Micro;
using Spectre.Console;

namespace Redline.Cli.Commands.Bench;

/// <summary>What the packs share after BenchmarkDotNet ran: its reports imported under short names, stored and judged.</summary>
internal static class PackRuns
{
    /// <summary>
    /// Imports <paramref name="reports"/> (BenchmarkDotNet's full JSON), names each benchmark <c>Class.Method</c>, and
    /// judges them as <paramref name="run"/>. Exits 2 when nothing ran; when some of the
    /// <paramref name="expected"/> benchmarks gave no result, stores the rest and exits 1 unless the gate blocked (3).
    /// </summary>
    public static async Task<int> JudgeAsync(
        PackSettings settings,
        (string RunId, DateTimeOffset Started, string OutDir, string Suite, string Source) run,
        IReadOnlyList<string> reports,
        int expected,
        IReadOnlyList<MicroColumn> columns,
        CancellationToken cancellationToken)
    {
        var benchmarks = new List<MicroBenchmark>();
        foreach (var report in reports)
        {
            try
            {
                benchmarks.AddRange(MicroFormats.Read(report, "benchmarkdotnet").Benchmarks.Select(Short));
            }
            catch (MicroFormatException exception)
            {
                throw new UserFacingException(ExitCodes.InternalError, exception.Message);
            }
        }

        if (benchmarks.Count == 0)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"none of the {expected} benchmarks gave a result (BenchmarkDotNet's errors are above); nothing was stored");
        }

        var code = await MicroRuns.JudgeAsync(settings, (run.RunId, run.Started, run.Suite, "benchmarkdotnet", run.Source), benchmarks, run.OutDir, cancellationToken, columns).ConfigureAwait(false);
        if (benchmarks.Count < expected)
        {
            AnsiConsole.MarkupLine(Markup.Escape($"{expected - benchmarks.Count} of {expected} benchmarks gave no result (BenchmarkDotNet's errors are above); the others were stored"));
            return code == ExitCodes.Ok ? ExitCodes.CriterionFailed : code;
        }

        return code;
    }

    /// <summary>The value of parameter <paramref name="name"/> of <paramref name="benchmark"/>, or "".</summary>
    public static string Parameter(MicroBenchmark benchmark, string name) =>
        benchmark.Parameters.FirstOrDefault(p => p.Key == name).Value ?? "";

    /// <summary>A pack's benchmark without its namespace: <c>DatabaseOperations.Insert</c>, stable whatever the assembly's layout.</summary>
    private static MicroBenchmark Short(MicroBenchmark benchmark)
    {
        var parts = benchmark.Name.Split('.');
        return parts.Length <= 2 ? benchmark : benchmark with { Name = string.Join('.', parts[^2..]) };
    }
}
