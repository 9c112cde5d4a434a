using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.History;

namespace Redline.Results.Comparison;

/// <summary>How the simulated runs of <see cref="GateSimulation"/> vary: calibrated on real runs of a fixed-delay endpoint.</summary>
public sealed record GateSimulationOptions
{
    /// <summary>Comparisons per setup and shift.</summary>
    public int Trials { get; init; } = 200;

    /// <summary>Seconds per run (or per repeat).</summary>
    public int Seconds { get; init; } = 8;

    /// <summary>Requests per second (an open model: throughput does not change).</summary>
    public int RequestsPerSecond { get; init; } = 40;

    /// <summary>The median latency of the unchanged endpoint, in ms.</summary>
    public double MedianMs { get; init; } = 20.5;

    /// <summary>How much a whole run's latency varies from the next run's (log-normal sigma): the machine's mood moves the median a little.</summary>
    public double LevelSigma { get; init; } = 0.015;

    /// <summary>One request's spread around the endpoint's latency (log-normal sigma): small for a fixed delay.</summary>
    public double RequestSigma { get; init; } = 0.01;

    /// <summary>The share of requests that hit a hiccup (a GC pause, a busy neighbour, a timer firing late), on a typical run.</summary>
    public double HiccupShare { get; init; } = 0.03;

    /// <summary>A hiccup's mean extra latency, as a share of the request's own (exponentially distributed).</summary>
    public double HiccupSize { get; init; } = 0.4;

    /// <summary>How much the hiccup share varies from one second to the next (log-normal sigma): hiccups come in bursts.</summary>
    public double SecondSigma { get; init; } = 0.8;

    /// <summary>How much the hiccup share varies from one whole run to the next (log-normal sigma): what restarting the target and the machine's mood change.</summary>
    public double RunSigma { get; init; } = 0.5;

    /// <summary>Earlier runs in the store, for the setups with history (the baseline is the newest of them).</summary>
    public int HistoryRuns { get; init; } = 7;

    /// <summary>Seeds every draw, so the same options give the same table.</summary>
    public int Seed { get; init; } = 1;
}

/// <summary>One setup and shift of the simulation: how often the gate alerted, and how it graded what it found.</summary>
/// <param name="History">Whether earlier runs gave a run-to-run band.</param>
/// <param name="Repeats">Repeats per run on both sides.</param>
/// <param name="ShiftPercent">The true change of every latency, in percent (0: an A/A comparison).</param>
/// <param name="Trials">Comparisons made.</param>
/// <param name="FalseAlerts">For A/A: regressions reported over the scenario's p50, p95 and p99 (the metrics a latency shift moves).</param>
/// <param name="MetricRuns">For A/A: metrics judged, <paramref name="Trials"/> × 3.</param>
/// <param name="Grades">How the scenario's p95 was graded in each comparison, by severity.</param>
/// <param name="TrueSeverity">The severity the shift has by the default thresholds (none, notice ≥5%, warning ≥10%, critical ≥20%).</param>
public sealed record GateAccuracyRow(bool History, int Repeats, double ShiftPercent, int Trials, int FalseAlerts, int MetricRuns, IReadOnlyDictionary<RegressionSeverity, int> Grades, RegressionSeverity TrueSeverity)
{
    /// <summary>Comparisons whose p95 was reported as a regression at any severity.</summary>
    public int Detected => Grades.Where(g => g.Key != RegressionSeverity.None).Sum(g => g.Value);

    /// <summary>Comparisons whose p95 was graded at the shift's true severity.</summary>
    public int AtTrueSeverity => Grades.GetValueOrDefault(TrueSeverity);
}

/// <summary>
/// A seeded simulation of the regression gate's accuracy: synthetic runs whose latency varies per request, per second
/// and per run as real runs do, compared by the gate's own code (<see cref="RunComparer"/>, <see cref="RunToRunNoise"/>)
/// with and without history and repeats, for no change (A/A) and for shifts of +5, +10, +25 and +40%.
/// </summary>
public static class GateSimulation
{
    /// <summary>The shifts simulated, in percent.</summary>
    public static IReadOnlyList<double> Shifts { get; } = [0, 5, 10, 25, 40];

    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Latencies = ["response_time_p50", "response_time_p95", "response_time_p99"];
    private static readonly EnvironmentInfo Machine = new("sim", "linux", "x64", "simulated", 2, 1L << 34, ".NET", "server", "sim-fingerprint", null, "main", false);

    /// <summary>Every setup (history: no/yes × repeats: 1/3) and shift.</summary>
    public static IReadOnlyList<GateAccuracyRow> Run(GateSimulationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rows = new List<GateAccuracyRow>();
        foreach (var repeats in new[] { 1, 3 })
        {
            foreach (var history in new[] { false, true })
            {
                rows.AddRange(Shifts.Select(shift => Run(options, history, repeats, shift)));
            }
        }

        return rows;
    }

    /// <summary>One setup and shift.</summary>
    public static GateAccuracyRow Run(GateSimulationOptions options, bool history, int repeats, double shift)
    {
        ArgumentNullException.ThrowIfNull(options);
        var analyzer = new RegressionAnalyzer();
        var leaks = new LeakDetector();
        var grades = Enum.GetValues<RegressionSeverity>().ToDictionary(s => s, _ => 0);
        var falseAlerts = 0;
        for (var trial = 0; trial < options.Trials; trial++)
        {
            var random = new Random(unchecked((options.Seed * 1_000_003) + (history ? 500_009 : 0) + (repeats * 10_007) + (int)(shift * 101) + (trial * 7_919)));
            var earlier = history ? options.HistoryRuns : 1;
            var runs = Enumerable.Range(0, earlier).Select(i => Synthetic(options, random, $"b{i}", Now - TimeSpan.FromHours(earlier - i), repeats, 1)).ToList();
            var current = Synthetic(options, random, "current", Now, repeats, 1 + (shift / 100));
            var compared = RunComparer.Compare(runs[^1], current, analyzer, leaks);
            var bands = RunToRunNoise.Bands(runs.Select(Info), current, RunToRunNoise.DefaultWindow);
            var judged = RunToRunNoise.Apply(compared, bands, runs.Count, RunToRunNoise.DefaultWindow);
            var verdicts = judged.Scopes.First(s => s.Component is null).Verdicts;
            falseAlerts += verdicts.Count(v => Latencies.Contains(v.Metric) && v.IsRegression);
            grades[verdicts.Single(v => v.Metric == "response_time_p95").Severity]++;
        }

        return new GateAccuracyRow(history, repeats, shift, options.Trials, shift == 0 ? falseAlerts : 0, shift == 0 ? options.Trials * Latencies.Length : 0, grades, TrueSeverity(shift));
    }

    /// <summary>The run-to-run CV (in percent) of the scenario's p50, p95 and p99 over <paramref name="runs"/> simulated runs: what to hold against real A/A runs.</summary>
    public static IReadOnlyDictionary<string, double> RunToRunCv(GateSimulationOptions options, int runs = 200)
    {
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(options.Seed);
        var latencies = Enumerable.Range(0, runs).Select(i => Synthetic(options, random, $"r{i}", Now, 1, 1).Scenarios[0].Totals.Latency).ToList();
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["response_time_p50"] = Cv([.. latencies.Select(l => l.P50)]),
            ["response_time_p95"] = Cv([.. latencies.Select(l => l.P95)]),
            ["response_time_p99"] = Cv([.. latencies.Select(l => l.P99)]),
        };

        static double Cv(List<double> values)
        {
            var mean = values.Average();
            return 100 * Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)) / mean;
        }
    }

    /// <summary>The severity a shift has by the seed's default thresholds.</summary>
    public static RegressionSeverity TrueSeverity(double shift) => shift switch
    {
        >= 20 => RegressionSeverity.Critical,
        >= 10 => RegressionSeverity.Warning,
        >= 5 => RegressionSeverity.Notice,
        _ => RegressionSeverity.None,
    };

    /// <summary>A run of one scenario with one component, its latencies multiplied by <paramref name="factor"/>.</summary>
    private static RunResult Synthetic(GateSimulationOptions options, Random random, string id, DateTimeOffset start, int repeats, double factor)
    {
        var timeline = new List<TimelinePoint>();
        var all = new List<double>();
        var repeatResults = new List<ScenarioRepeat>();
        for (var repeat = 1; repeat <= repeats; repeat++)
        {
            var share = options.HiccupShare * Math.Exp(options.RunSigma * Normal(random));
            var level = factor * Math.Exp(options.LevelSigma * Normal(random));
            var values = new List<double>();
            for (var second = 0; second < options.Seconds; second++)
            {
                var secondShare = Math.Min(1, share * Math.Exp(options.SecondSigma * Normal(random)));
                var latencies = Enumerable.Range(0, options.RequestsPerSecond).Select(_ => Latency(options, random, level, secondShare)).ToList();
                values.AddRange(latencies);
                var snapshot = Snapshot(timeline.Count, latencies);
                timeline.Add(new TimelinePoint(timeline.Count, options.RequestsPerSecond, 1, snapshot, [snapshot with { Component = "endpoint" }], new GeneratorSample(1, 0.1, 0.2), null));
            }

            all.AddRange(values);
            var measures = Measures(values, options.Seconds);
            repeatResults.Add(new ScenarioRepeat(repeat, start, TimeSpan.FromSeconds(options.Seconds), Verdict.Passed, measures, [new ComponentResult("endpoint", measures, [])]));
        }

        var totals = Measures(all, options.Seconds * repeats);
        var scenario = new ScenarioResult(
            "fixed", "open", null, start, TimeSpan.FromSeconds(options.Seconds * repeats), Verdict.Passed, null, totals,
            [new ComponentResult("endpoint", totals, [])], [], new GeneratorReport(1, 1, 0.1, 0.2, false, []), null, timeline)
        {
            Repeats = repeats > 1 ? repeatResults : [],
        };
        return new RunResult(id, "simulation", start, start + scenario.Duration, Verdict.Passed, [scenario], Machine);
    }

    private static RunInfo Info(RunResult run) => new(
        run.RunId, run.Suite, run.StartedAt, run.EndedAt, run.Verdict, run.Environment, new Dictionary<string, string>(),
        [.. run.Scenarios.SelectMany(s => s.Components.Select(c => new StoredSummary(s.Name, c.Name, c.Measures)).Prepend(new StoredSummary(s.Name, null, s.Totals)))],
        run.EndedAt, null);

    private static IntervalSnapshot Snapshot(long second, List<double> latencies)
    {
        var stats = Stats(latencies);
        return new IntervalSnapshot(second, null, latencies.Count, 0, 0, 0, 0, new Dictionary<string, long>(), new Dictionary<string, long>(), stats, stats, "", "");
    }

    private static Measures Measures(List<double> latencies, int seconds)
    {
        var stats = Stats(latencies);
        return new Measures(latencies.Count, 0, (double)latencies.Count / seconds, stats, stats, LatencyStats.Empty, LatencyStats.Empty, new Dictionary<string, long>(), new Dictionary<string, long>(), 0, 0, 0, 0);
    }

    /// <summary>Nearest-rank statistics of <paramref name="latencies"/>, as a histogram would give them to within its precision.</summary>
    private static LatencyStats Stats(List<double> latencies)
    {
        var sorted = latencies.Order().ToArray();
        var mean = sorted.Average();
        var stdev = Math.Sqrt(sorted.Sum(v => (v - mean) * (v - mean)) / sorted.Length);
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencyStats(sorted.Length, sorted[0], mean, stdev, At(0.5), At(0.75), At(0.9), At(0.95), At(0.99), At(0.999), sorted[^1]);
    }

    /// <summary>One request: the endpoint's latency times the shift, its own small spread, and now and then a hiccup on top.</summary>
    private static double Latency(GateSimulationOptions options, Random random, double factor, double hiccupShare)
    {
        var latency = options.MedianMs * factor * Math.Exp(options.RequestSigma * Normal(random));
        return random.NextDouble() < hiccupShare ? latency * (1 + (options.HiccupSize * -Math.Log(1 - random.NextDouble()))) : latency;
    }

    /// <summary>A standard normal draw (Box-Muller).</summary>
    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
