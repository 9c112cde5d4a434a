namespace Redline.Cli.Suites;

/// <summary>The seed's <c>benchmark_pipeline</c>, as a suite's <c>pipeline:</c> writes it: what <c>redline ci</c> runs for each trigger.</summary>
/// <param name="Triggers">The tests of each trigger, by trigger.</param>
/// <param name="Tests">The named test sets, by name.</param>
/// <param name="Preflight">The preflight checks' thresholds.</param>
/// <param name="Stability">The environment-stability probe's limits.</param>
internal sealed record PipelineSpec(
    IReadOnlyDictionary<string, IReadOnlyList<string>> Triggers,
    IReadOnlyDictionary<string, TestSetSpec> Tests,
    PreflightLimits Preflight,
    StabilityLimits Stability)
{
    /// <summary>The triggers <c>redline ci</c> knows, in the seed's order.</summary>
    public static IReadOnlyList<string> TriggerNames { get; } = ["push", "pull_request", "nightly", "weekly"];

    /// <summary>The test name that means every scenario of the suite.</summary>
    public const string FullSuite = "full_suite";
}

/// <summary>A named set of tests: scenarios of the suite (one run), a BenchmarkDotNet project, or a results file to import.</summary>
/// <param name="Name">The set's name.</param>
/// <param name="Scenarios">Scenarios to run; empty for a micro-benchmark set.</param>
/// <param name="Duration">Each scenario's duration for this set, if given.</param>
/// <param name="Scale">The users and rates multiplier, if given.</param>
/// <param name="Bench">A BenchmarkDotNet project (absolute), if this set is one.</param>
/// <param name="Args">Arguments for the project.</param>
/// <param name="Import">A results file (absolute) to import, if this set is one.</param>
/// <param name="Format">The import's format, if given.</param>
/// <param name="Paths">Globs of changed files that make a pull request run this set; empty: always.</param>
internal sealed record TestSetSpec(
    string Name,
    IReadOnlyList<string> Scenarios,
    TimeSpan? Duration,
    double? Scale,
    string? Bench,
    IReadOnlyList<string> Args,
    string? Import,
    string? Format,
    IReadOnlyList<string> Paths);

/// <summary>The preflight checks' thresholds.</summary>
/// <param name="CpuIdlePercent">The least idle CPU share, percent.</param>
/// <param name="MemoryAvailableBytes">The least memory available.</param>
/// <param name="DiskFreeBytes">The least free disk.</param>
internal sealed record PreflightLimits(double CpuIdlePercent, long MemoryAvailableBytes, long DiskFreeBytes)
{
    /// <summary>Half the CPU idle, 1 GiB of memory, 1 GiB of disk.</summary>
    public static PreflightLimits Default { get; } = new(50, 1L << 30, 1L << 30);
}

/// <summary>The environment-stability probe's limits: spread (percent) above which the gate widens, and above which it stops.</summary>
internal sealed record StabilityLimits(double WidenAbovePercent, double FailAbovePercent)
{
    /// <summary>Widen above 3%, stop above 20%.</summary>
    public static StabilityLimits Default { get; } = new(3, 20);
}
