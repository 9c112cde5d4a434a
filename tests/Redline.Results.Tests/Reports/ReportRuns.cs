using Redline.Engine;
using Redline.Monitoring;
using Redline.Results.Analysis;
using Redline.Results.Comparison;

namespace Redline.Results.Tests.Reports;

/// <summary>
/// Two genuine engine runs of one hostile scenario (a baseline and a current run, 3 s each), made
/// once and shared by the report tests, and their comparison. Every name a user or a target
/// controls is markup that would run script if the report failed to escape it.
/// </summary>
internal static class ReportRuns
{
    public const string Suite = "shop & <b>co</b>";
    public const string Scenario = "checkout <i>flow</i>";
    public const string ScriptComponent = "<script>alert(1)</script>";
    public const string ImageComponent = "<img src=x onerror=\"document.title='pwned'\">";
    public const string Description = "<script>document.title='pwned'</script>";
    public const string ErrorDetail = "</code><script>document.title='pwned'</script>";

    private static readonly Lazy<Task<Runs>> Shared = new(RunBothAsync);

    public static Task<Runs> GetAsync() => Shared.Value;

    private static async Task<Runs> RunBothAsync()
    {
        var baseline = await RunAsync("20261127-100000-base");
        var current = await RunAsync("20261127-100500-head");
        var comparison = RunComparer.Compare(baseline, current, new RegressionAnalyzer(), new LeakDetector());
        return new Runs(baseline, current, comparison);
    }

    private static async Task<RunResult> RunAsync(string runId)
    {
        var p95 = Criterion.TryParse("response_time_p95", "<1000ms", out var error) ?? throw new InvalidOperationException(error);
        var errors = Criterion.TryParse("error_rate", "<1%", out error) ?? throw new InvalidOperationException(error);
        var plan = new ScenarioPlan
        {
            Name = Scenario,
            Description = Description,
            Components =
            [
                new ComponentPlan(ScriptComponent, async (_, ct) =>
                {
                    await Task.Delay(2, ct);
                    return Outcome.Ok(200);
                }),
                new ComponentPlan(ImageComponent, async (context, ct) =>
                {
                    await Task.Delay(1, ct);
                    return context.Iteration % 10 == 0 ? Outcome.Fail(ErrorKind.Http5xx, ErrorDetail, 503) : Outcome.Ok(200);
                }),
            ],
            Load = new OpenLoad(RateSchedule.Constant(50, TimeSpan.FromSeconds(3)), ArrivalPattern.Uniform, 20, SaturationPolicy.Wait),
            Criteria = [p95, errors],
            GracefulStop = TimeSpan.FromSeconds(2),
        };

        // The test host stands in for the target: its CPU, memory and runtime are real samples of a real process.
        using var monitor = new ResourceMonitor(new ProcessMetricsSampler(Environment.ProcessId), new GeneratorRuntimeSampler(), new SystemMetricsSampler(), null);
        var options = new RunOptions { Resources = monitor };
        return await ScenarioRunner.RunAllAsync(Suite, [plan], options, runId: runId);
    }
}

/// <summary>The shared runs and their comparison.</summary>
internal sealed record Runs(RunResult Baseline, RunResult Current, RunComparison Comparison)
{
    public ScenarioResult Scenario => Current.Scenarios[0];
}
