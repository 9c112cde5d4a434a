using System.Globalization;
using Redline.Results.Analysis;
using Redline.Results.Comparison;

namespace Redline.Benchmarks;

/// <summary>
/// <c>gate-accuracy [TRIALS] [RUN_SIGMA]</c>: the seeded simulation of the regression gate's accuracy, printed as the
/// README's table: A/A false alerts per metric-run, and for each shift how often the p95 was detected and how it was graded.
/// </summary>
internal static class GateAccuracy
{
    public static int Run(string[] args)
    {
        var culture = CultureInfo.InvariantCulture;
        var options = new GateSimulationOptions
        {
            Trials = args.Length > 1 ? int.Parse(args[1], culture) : 200,
            RunSigma = args.Length > 2 ? double.Parse(args[2], culture) : new GateSimulationOptions().RunSigma,
        };
        Console.WriteLine(string.Create(culture, $"{options.Trials} comparisons per row; {options.Seconds} s runs at {options.RequestsPerSecond}/s; latency median {options.MedianMs} ms, sigma per request {options.RequestSigma}, per second {options.SecondSigma}, per run {options.RunSigma}; history {options.HistoryRuns} earlier runs; seed {options.Seed}"));
        Console.WriteLine();
        Console.WriteLine("| history | repeats | shift | A/A false alerts (p50, p95, p99) | p95 detected | none | notice | warning | critical | at true severity |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in GateSimulation.Run(options))
        {
            var grades = row.Grades;
            var alerts = row.ShiftPercent == 0 ? string.Create(culture, $"{row.FalseAlerts}/{row.MetricRuns} ({100.0 * row.FalseAlerts / row.MetricRuns:0.0}%)") : "";
            var truth = row.ShiftPercent == 0 ? "" : string.Create(culture, $"{row.AtTrueSeverity}/{row.Trials} ({row.TrueSeverity.ToSeedName()})");
            Console.WriteLine(string.Create(culture, $"| {(row.History ? "yes" : "no")} | {row.Repeats} | +{row.ShiftPercent}% | {alerts} | {row.Detected}/{row.Trials} | {grades[RegressionSeverity.None]} | {grades[RegressionSeverity.Notice]} | {grades[RegressionSeverity.Warning]} | {grades[RegressionSeverity.Critical]} | {truth} |"));
        }

        return 0;
    }
}
