using System.ComponentModel;
using System.Globalization;
using Redline.Cli.Gate;
using Redline.MicroPacks;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Bench;

/// <summary>The options the micro-benchmark packs (<c>bench db</c>, <c>bench serialization</c>) share besides the gate's.</summary>
internal abstract class PackSettings : JudgedRunSettings
{
    [CommandOption("--job <JOB>")]
    [Description("How long BenchmarkDotNet measures: short (default: 2 warmups, 8 iterations of ~100 ms), dry (1 iteration, to check that everything runs) or medium (6 warmups, 15 iterations of ~250 ms).")]
    public string Job { get; init; } = PackJobs.Names[0];

    [CommandOption("--suite <NAME>")]
    [Description("The suite the run is stored under; runs of one suite are each other's baselines. Default: bench:db-sqlite, bench:db-postgres or bench:serialization.")]
    public string? Suite { get; init; }

    /// <summary>Every value of a list option, given comma-separated, repeated, or both; <paramref name="defaults"/> when not given.</summary>
    protected static IReadOnlyList<string> Given(string[] values, IReadOnlyList<string> defaults) =>
        values.Length == 0
            ? defaults
            : [.. values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal)];

    /// <summary>The problems of --job and --suite, then those of the pack's own options.</summary>
    protected IEnumerable<string> PackProblems()
    {
        foreach (var problem in JudgementProblems())
        {
            yield return problem;
        }

        if (PackJobs.Find(Job) is null)
        {
            yield return $"--job: expected one of {string.Join(", ", PackJobs.Names)}, got '{Job}'";
        }

        if (Suite is { Length: 0 })
        {
            yield return "--suite: expected a name";
        }
    }

    /// <summary>A problem for each value of <paramref name="option"/> that is not one of <paramref name="allowed"/>, or for none given.</summary>
    protected static IEnumerable<string> NameProblems(string option, IReadOnlyList<string> values, IReadOnlyList<string> allowed)
    {
        if (values.Count == 0)
        {
            yield return $"{option}: expected at least one of {string.Join(", ", allowed)}";
        }

        foreach (var value in values.Where(v => !allowed.Contains(v, StringComparer.Ordinal)))
        {
            yield return $"{option}: expected {string.Join(", ", allowed)}, got '{value}'";
        }
    }

    /// <summary>A problem for each value of <paramref name="option"/> that is not a whole number above 0, or for none given.</summary>
    protected static IEnumerable<string> CountProblems(string option, IReadOnlyList<string> values, int most)
    {
        if (values.Count == 0)
        {
            yield return $"{option}: expected at least one whole number above 0";
        }

        foreach (var value in values.Where(v => !int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= 0 || n > most))
        {
            yield return $"{option}: expected whole numbers from 1 to {most:N0}, got '{value}'";
        }
    }

    /// <summary>The values of a list option that <see cref="CountProblems"/> accepted, in ascending order.</summary>
    protected static IReadOnlyList<int> Counts(IReadOnlyList<string> values) =>
        [.. values.Select(v => int.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture)).Distinct().Order()];
}
