using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Analysis.Statistics;
using Redline.Results.History;

namespace Redline.Results.Comparison;

/// <summary>
/// One metric's run-to-run spread on this machine: its values over the earlier runs of the same suite,
/// scenario, component, machine and branch in the window, as a robust band (median ± 3 MAD-sigma).
/// </summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Component">The component, or null for the scenario's totals.</param>
/// <param name="Metric">The metric, such as <c>response_time_p95</c>.</param>
/// <param name="Runs">Earlier runs the band is drawn from.</param>
/// <param name="Median">Their median.</param>
/// <param name="Sigma">Their scaled MAD.</param>
/// <param name="K">The band's half-width in sigmas (the seed's 3).</param>
public sealed record NoiseBand(string Scenario, string? Component, string Metric, int Runs, double Median, double Sigma, double K)
{
    /// <summary>The lowest value inside the band.</summary>
    public double Lower => Median - (K * Sigma);

    /// <summary>The highest value inside the band.</summary>
    public double Upper => Median + (K * Sigma);

    /// <summary>The between-run coefficient of variation, in percent of the median (robust: from the MAD).</summary>
    public double CvPercent => Median == 0 ? 0 : 100 * Sigma / Math.Abs(Median);

    /// <summary>The band's half-width in percent of the median: the smallest change the band lets through.</summary>
    public double HalfWidthPercent => K * CvPercent;

    /// <summary>Whether <paramref name="value"/> lies outside the band.</summary>
    public bool IsOutside(double value) => value < Lower || value > Upper;
}

/// <summary>
/// The seed's "3-sigma over a 7-day window" in the gate: a change between two runs is a regression only when
/// the current value also lies outside the band that the earlier runs like it drew, so a change no larger than
/// the machine's own run-to-run noise is not reported, however significant it looks within one run.
/// </summary>
public static class RunToRunNoise
{
    /// <summary>The rule a verdict names for it.</summary>
    public const string RuleName = "run_to_run_band";

    /// <summary>The seed's window.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromDays(7);

    /// <summary>The bands of every compared metric of <paramref name="current"/> that has at least <see cref="Trend.MinimumRuns"/> earlier runs in <paramref name="history"/>.</summary>
    /// <param name="history">Stored runs of the same suite, machine and branch; the current run and later ones are left out here.</param>
    /// <param name="current">The run being judged.</param>
    /// <param name="window">How far back earlier runs count.</param>
    /// <param name="k">The band's half-width in sigmas.</param>
    public static IReadOnlyList<NoiseBand> Bands(IEnumerable<RunInfo> history, RunResult current, TimeSpan window, double k = RobustBand.DefaultK)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(current);
        var earlier = history
            .Where(r => r.Id != current.RunId && r.StartedAt < current.StartedAt && r.StartedAt >= current.StartedAt - window)
            .ToList();
        var bands = new List<NoiseBand>();
        foreach (var scenario in current.Scenarios)
        {
            foreach (var component in scenario.Components.Select(c => (string?)c.Name).Prepend(null))
            {
                foreach (var (metric, read) in Trend.Metrics)
                {
                    var values = earlier
                        .Select(r => r.Summary(scenario.Name, component))
                        .Where(s => s is not null && s.Measures.Requests > 0)
                        .Select(s => read(s!.Measures))
                        .OfType<double>()
                        .ToList();
                    if (values.Count >= Trend.MinimumRuns)
                    {
                        var band = RobustBand.From(values, k);
                        bands.Add(new NoiseBand(scenario.Name, component, metric, values.Count, band.Median, band.Sigma, k));
                    }
                }
            }
        }

        return bands;
    }

    /// <summary>
    /// <paramref name="comparison"/> with each regression checked against its metric's band: one inside the band is
    /// not reported (its verdict says so), one outside keeps its severity and says that too. Metrics without a
    /// band keep today's verdict. The comparison carries the bands and, without any, says why.
    /// </summary>
    public static RunComparison Apply(RunComparison comparison, IReadOnlyList<NoiseBand> bands, int earlierRuns, TimeSpan window)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        ArgumentNullException.ThrowIfNull(bands);
        var days = VerdictText.Number(window.TotalDays);
        var scopes = comparison.Scopes.Select(scope => scope with
        {
            Verdicts = [.. scope.Verdicts.Select(verdict =>
                bands.FirstOrDefault(b => b.Scenario == scope.Scenario && b.Component == scope.Component && b.Metric == verdict.Metric) is { } band
                    ? Judge(verdict, band, days)
                    : verdict)],
        }).ToList();
        var note = window <= TimeSpan.Zero
            ? VerdictText.Invariant($"judged against run {comparison.BaselineRunId} alone: the run-to-run band is off (a noise window of 0)")
            : bands.Count > 0
            ? VerdictText.Invariant($"judged against the run-to-run noise of up to {bands.Max(b => b.Runs)} earlier runs like it in the last {days} days (same suite, machine and branch) as well as against run {comparison.BaselineRunId}")
            : VerdictText.Invariant($"judged against run {comparison.BaselineRunId} alone: {earlierRuns} earlier {(earlierRuns == 1 ? "run" : "runs")} like it in the last {days} days, {Trend.MinimumRuns} are needed for a run-to-run band");
        return comparison with { Scopes = scopes, Noise = bands, NoiseNote = note };
    }

    /// <summary>
    /// The smallest change graded at each level once the band has its say: past the threshold with the interval's
    /// confidence, and far enough from the baseline to leave the band.
    /// </summary>
    private static List<DetectableChange> Reach(RegressionVerdict verdict, NoiseBand band)
    {
        if (verdict.BaselineValue == 0)
        {
            return [.. verdict.Detectable];
        }

        var edge = verdict.Direction == MetricDirection.HigherIsWorse ? band.Upper - verdict.BaselineValue : verdict.BaselineValue - band.Lower;
        var needed = 100 * edge / Math.Abs(verdict.BaselineValue);
        return [.. verdict.Detectable.Select(d => d with { BandPercent = needed })];
    }

    private static RegressionVerdict Judge(RegressionVerdict verdict, NoiseBand band, string days)
    {
        verdict = verdict with { Detectable = Reach(verdict, band), RunToRunCvPercent = verdict.RunToRunCvPercent ?? band.CvPercent };
        if (!verdict.IsRegression)
        {
            return verdict;
        }

        var range = VerdictText.Invariant($"{VerdictText.Number(band.Lower)} to {VerdictText.Number(band.Upper)} {verdict.Unit}, the {VerdictText.Number(band.K)}-sigma band of {band.Runs} earlier runs in {days} days (run-to-run CV {VerdictText.Number(band.CvPercent)}%)");
        if (band.IsOutside(verdict.CurrentValue))
        {
            var outside = new RuleOutcome(RuleName, true, VerdictText.Invariant($"{VerdictText.Number(verdict.CurrentValue)} {verdict.Unit} is outside {range}"));
            var kept = verdict with { Rules = [.. verdict.Rules, outside] };
            return kept with { Explanation = VerdictText.Explain(kept) };
        }

        var inside = new RuleOutcome(RuleName, false, VerdictText.Invariant($"{VerdictText.Number(verdict.CurrentValue)} {verdict.Unit} is inside {range}: within this machine's run-to-run noise"));
        var dropped = verdict with
        {
            Severity = RegressionSeverity.None,
            Action = RegressionAction.None,
            Threshold = null,
            Rules = [.. verdict.Rules, inside],
        };
        return dropped with { Explanation = VerdictText.Explain(dropped) };
    }
}
