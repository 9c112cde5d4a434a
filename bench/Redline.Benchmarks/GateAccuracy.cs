using System.Globalization;
using Redline.Results.Analysis;
using Redline.Results.Comparison;

namespace Redline.Benchmarks;

/// <summary>
/// <c>gate-accuracy [TRIALS] [HICCUP_SHARE] [RUN_SIGMA]</c>: the seeded simulation of the regression gate's accuracy, printed as the
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
            HiccupShare = args.Length > 2 ? double.Parse(args[2], culture) : new GateSimulationOptions().HiccupShare,
            RunSigma = args.Length > 3 ? double.Parse(args[3], culture) : new GateSimulationOptions().RunSigma,
        };
        Console.WriteLine(string.Create(culture, $"{options.Trials} comparisons per row; {options.Seconds} s runs at {options.RequestsPerSecond}/s; latency {options.MedianMs} ms (sigma {options.RequestSigma} per request, {options.LevelSigma} per run) with {100 * options.HiccupShare}% of requests hit by a hiccup of +{100 * options.HiccupSize}% on average, its share varying with sigma {options.SecondSigma} per second and {options.RunSigma} per run; history {options.HistoryRuns} earlier runs; seed {options.Seed}"));
        var cv = GateSimulation.RunToRunCv(options);
        Console.WriteLine(string.Create(culture, $"simulated run-to-run CV: p50 {cv["response_time_p50"]:0.0}%, p95 {cv["response_time_p95"]:0.0}%, p99 {cv["response_time_p99"]:0.0}%"));
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
