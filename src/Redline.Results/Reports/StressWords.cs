using System.Globalization;
using Redline.Engine;

namespace Redline.Results.Reports;

/// <summary>A stress scenario's break, recovery and bottlenecks, and the capacity model of any staged load, in sentences for the console and the reports.</summary>
public static class StressWords
{
    /// <summary>One line per finding, most important first; none for a scenario without stages or a stop condition.</summary>
    public static IEnumerable<string> Lines(ScenarioResult scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if (scenario.Stress is { } stress)
        {
            foreach (var line in Stress(stress))
            {
                yield return line;
            }
        }

        foreach (var fault in scenario.Chaos)
        {
            var span = fault.EndedAtSeconds is { } end ? Invariant($"{fault.StartedAtSeconds:0.#}-{end:0.#} s") : Invariant($"from {fault.StartedAtSeconds:0.#} s");
            var hit = fault.Components.Where(c => c.Hit).Select(c => c.Component).ToList();
            var cascaded = fault.Components.Where(c => c.Cascaded).Select(c => c.Component).ToList();
            var components = fault.Components.Count == 0 ? ""
                : $"; hit: {(hit.Count == 0 ? "none" : string.Join(", ", hit))}{(cascaded.Count > 0 ? $"; cascaded to: {string.Join(", ", cascaded)}" : "")}";
            yield return $"fault {fault.Fault} {fault.Asked} on {fault.On} ({span}): achieved {fault.Achieved ?? "not measured"}{(fault.Note is { } note ? $" ({note})" : "")}; {fault.Impact.Describe()}{components}";
        }

        if (scenario.Capacity is { } capacity)
        {
            foreach (var line in Capacity(capacity, scenario.Stages.FirstOrDefault()?.Span.Unit ?? ""))
            {
                yield return line;
            }
        }
    }

    private static IEnumerable<string> Stress(StressReport stress)
    {
        if (stress.Break is not { } found)
        {
            yield return Invariant($"stop condition \"{stress.StopCondition}\" (over {stress.WindowSeconds:0} s): {stress.Note}");
            yield break;
        }

        yield return Invariant($"breaking point at {found.AtSeconds:0} s, {found.Load:0.##} {found.Unit}, {found.ThroughputRps:0.#} req/s: {found.Reason}");
        if (found.LastGood is { } good)
        {
            yield return Invariant($"last good: {Level(good, found.Unit)}");
        }
        else
        {
            yield return "last good: none (the first load already broke)";
        }

        if (found.FirstBad is { } bad)
        {
            yield return Invariant($"first bad: {Level(bad, found.Unit)}");
        }

        foreach (var probe in found.Probes)
        {
            yield return Invariant($"probe: {Level(probe, found.Unit)}, {probe.Verdict}");
        }

        if (stress.Recovery is { } recovery)
        {
            yield return recovery.RecoveryTimeSeconds is { } seconds
                ? Invariant($"recovered in {seconds:0.#} s at {recovery.Level:0.##} {found.Unit} (p95 <= {recovery.BandP95Ms} ms, errors <= {recovery.BandErrorRatePercent}% for {RecoveryPlan.SteadySeconds} s)")
                : $"recovery: {recovery.Note}";
        }

        foreach (var bottleneck in stress.Bottlenecks)
        {
            yield return $"bottleneck ({bottleneck.Resource}): {bottleneck.Evidence}";
        }

        if (stress.Bottlenecks.Count == 0)
        {
            yield return "bottleneck: nothing Redline measured saturated at the break" + (stress.Watched ? "" : " (watch the target's resources with target.start or target.pid to see more)");
        }
    }

    private static IEnumerable<string> Capacity(CapacityModel capacity, string unit)
    {
        if (capacity.Usl is { } usl)
        {
            var peak = usl.PeakConcurrency is { } n ? Invariant($"peak {usl.PeakThroughputRps:0.#} req/s at concurrency {n:0.#}")
                : usl.PeakThroughputRps is { } level ? Invariant($"levels off at {level:0.#} req/s") : "no peak in reach";
            yield return Invariant($"capacity (USL over {usl.Points} stages): σ {usl.Sigma:0.####}, κ {usl.Kappa:0.######}, λ {usl.Lambda:0.##} req/s, {peak}, R² {usl.RSquared:0.###}") + (capacity.UslNote is { } note ? $"; {note}" : "");
        }
        else if (capacity.UslNote is { } why)
        {
            yield return $"capacity: {why}";
        }

        if (capacity.Knee is { } knee)
        {
            yield return Invariant($"knee: stage {knee.Stage} ({knee.Load:0.##} {unit}), {knee.ThroughputRps:0.#} req/s at p95 {knee.P95Ms:0.#} ms");
        }

        foreach (var check in capacity.Little.Where(c => c.Fails))
        {
            yield return Invariant($"Little's law fails in stage {check.Stage}: {check.MeasuredConcurrency:0.##} in flight measured, {check.PredictedConcurrency:0.##} predicted from throughput and time in system ({check.DeviationPercent:+0.#;-0.#}%); the measurement may be off");
        }
    }

    private static string Level(BreakLevel level, string unit) =>
        Invariant($"{level.Load:0.##} {unit}{(level.Stage is { } stage ? Invariant($" (stage {stage})") : "")}, {level.ThroughputRps:0.#} req/s, p95 {level.P95Ms:0.#} ms, errors {level.ErrorRatePercent:0.##}%{(level.GeneratorSaturated ? ", generator saturated" : "")}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
