using System.Globalization;

namespace Redline.Engine;

/// <summary>
/// Reads a stress scenario's break from its stream: the break's event, the probes' verdicts and the
/// stages' figures give the last good and first bad load; the seconds after the drop give the
/// recovery time; the breaking stage against the last good one names what saturated.
/// </summary>
internal static class StressAnalysis
{
    public static StressReport Of(StopCondition condition, IReadOnlyList<StageResult> stages, IReadOnlyList<RunEvent> events, IReadOnlyList<SecondTally> seconds, ScenarioStart start, int cores)
    {
        var window = condition.Window.TotalSeconds;
        var found = events.FirstOrDefault(e => e.Kind == RunEventKind.BreakingPoint);
        var loadStages = stages.Where(s => s.Span.Phase == "load").ToList();
        if (found is null)
        {
            var peak = loadStages.Count > 0 ? loadStages.Max(s => s.Span.To) : (double?)null;
            var note = peak is { } top
                ? string.Create(CultureInfo.InvariantCulture, $"no break: the stop condition never held, up to {top:0.##} {loadStages[0].Span.Unit}")
                : "no break: the stop condition never held";
            return new StressReport(condition.Expression, window, null, null, note);
        }

        var data = found.Data;
        var at = Read(data, "at_s") ?? found.At.TotalSeconds;
        var breaking = loadStages.LastOrDefault(s => s.Span.Start.TotalSeconds <= at);
        var unit = data.GetValueOrDefault("unit") ?? breaking?.Span.Unit ?? "";
        var load = Read(data, "load") ?? breaking?.Span.To ?? 0;
        var probes = events.Where(e => e.Kind == RunEventKind.BreakProbe).Select(e => Probe(e, stages)).ToList();

        var good = loadStages.Where(s => breaking is not null && s.Span.Number < breaking.Span.Number && !s.GeneratorSaturated && s.Measures.Requests > 0)
            .Select(s => Level(s, "good"))
            .Concat(probes.Where(p => p.Verdict == "good"))
            .OrderBy(l => l.GeneratorSaturated)
            .ThenByDescending(l => l.Load)
            .FirstOrDefault();
        var bad = new[] { new BreakLevel(breaking?.Span.To ?? load, Read(data, "throughput_rps") ?? 0, Read(data, "p95_ms") ?? 0, Read(data, "error_rate") ?? 0, breaking?.Span.Number, "bad", breaking?.GeneratorSaturated ?? false) }
            .Concat(probes.Where(p => p.Verdict == "bad"))
            .OrderBy(l => l.GeneratorSaturated)
            .ThenBy(l => l.Load)
            .FirstOrDefault();
        var point = new BreakingPoint(at, load, unit, Read(data, "throughput_rps") ?? 0, Read(data, "p95_ms") ?? 0, Read(data, "error_rate") ?? 0, data.GetValueOrDefault("reason") ?? found.Text, good, bad)
        {
            Probes = probes,
        };

        var recovery = stages.FirstOrDefault(s => s.Span.Phase == "recovery") is { } phase ? Recovery(phase, good, seconds) : null;
        var lastGoodStage = good?.Stage is { } goodStage ? stages.FirstOrDefault(s => s.Span.Number == goodStage) : null;
        var firstBadStage = bad?.Stage is { } badStage ? stages.FirstOrDefault(s => s.Span.Number == badStage) : breaking;
        return new StressReport(condition.Expression, window, point, recovery, null)
        {
            Bottlenecks = firstBadStage is null ? [] : Bottlenecks(firstBadStage, lastGoodStage, start, cores),
            Watched = firstBadStage?.TargetCpuPercent is not null,
        };
    }

    /// <summary>
    /// From the drop, the first second that starts <see cref="RecoveryPlan.SteadySeconds"/> in a row within the
    /// band around the last good load; none when the phase ended first.
    /// </summary>
    internal static RecoveryResult Recovery(StageResult phase, BreakLevel? baseline, IReadOnlyList<SecondTally> seconds)
    {
        var from = phase.Span.Start.TotalSeconds;
        if (baseline is null)
        {
            return new RecoveryResult(from, phase.Span.To, 0, 0, null, "not measured: no load held before the break to recover to (the first stage already broke)");
        }

        var result = new RecoveryResult(from, phase.Span.To, baseline.P95Ms, baseline.ErrorRatePercent, null, null);
        var first = (long)Math.Ceiling(from);
        var end = phase.Span.End.TotalSeconds;
        long? steadySince = null;
        foreach (var second in seconds.Where(s => s.Second >= first && s.Second + 1 <= end + 0.001))
        {
            var within = second.Requests > 0 && second.P95Ms <= result.BandP95Ms && second.ErrorRatePercent <= result.BandErrorRatePercent;
            steadySince = within ? steadySince ?? second.Second : null;
            if (steadySince is { } since && second.Second - since + 1 >= RecoveryPlan.SteadySeconds)
            {
                return result with { RecoveryTimeSeconds = Math.Round(Math.Max(since - from, 0), 3) };
            }
        }

        return result with
        {
            Note = string.Create(CultureInfo.InvariantCulture,
                $"not recovered: no {RecoveryPlan.SteadySeconds} s in a row with p95 <= {result.BandP95Ms} ms and errors <= {result.BandErrorRatePercent}% in the {end - from:0} s at {phase.Span.To:0.##} {phase.Span.Unit}"),
        };
    }

    /// <summary>What saturated in the breaking stage, from what was measured there against the last good stage.</summary>
    internal static List<Bottleneck> Bottlenecks(StageResult bad, StageResult? good, ScenarioStart start, int cores)
    {
        var found = new List<Bottleneck>();
        if (bad.GeneratorSaturated)
        {
            found.Add(new Bottleneck("generator", Invariant($"the generator itself was past its limits (CPU {bad.GeneratorCpuPercent}%, schedule lag p99 {bad.ScheduleLagP99Ms} ms): its figures are not the target's")));
        }

        if (bad.TargetCpuPercent is { } cpu && cpu >= 85 * cores)
        {
            found.Add(new Bottleneck("target_cpu", Invariant($"the target used {cpu:0}% CPU of {100 * cores}% ({cores} cores){(good?.TargetCpuPercent is { } before ? Invariant($", {before:0}% at the last good load") : "")}")));
        }

        if (bad.ThreadPoolQueueMax is { } queue && queue >= 10 && queue > 2 * (good?.ThreadPoolQueueMax ?? 0))
        {
            found.Add(new Bottleneck("thread_pool_queue", Invariant($"the target's thread-pool queue reached {queue} work items{(good?.ThreadPoolQueueMax is { } before ? Invariant($" (at most {before} at the last good load)") : "")}")));
        }

        if (bad.TimeInGcPercent is { } gc && gc >= 10)
        {
            found.Add(new Bottleneck("gc", Invariant($"the target spent {gc}% of its time in GC{(good?.TimeInGcPercent is { } before ? Invariant($" ({before}% at the last good load)") : "")}")));
        }

        if (start.MaxConcurrency > 0 && (bad.InFlightMean >= 0.95 * start.MaxConcurrency || bad.Measures.DroppedIterations > 0 || bad.Measures.LateIterations > bad.Measures.Requests / 100))
        {
            found.Add(new Bottleneck("max_concurrency", Invariant($"iterations in flight averaged {bad.InFlightMean:0} of max_concurrency {start.MaxConcurrency}; {bad.Measures.LateIterations} started late and {bad.Measures.DroppedIterations} were dropped")));
        }

        var connectionErrors = bad.Measures.ErrorsByType.Where(e => e.Key is "connection_refused" or "connection_reset" or "timeout").Sum(e => e.Value);
        if (bad.Measures.Requests > 0 && connectionErrors * 100 >= bad.Measures.Requests)
        {
            found.Add(new Bottleneck("connections", Invariant($"{connectionErrors} of {bad.Measures.Requests} requests failed to connect, were reset or timed out ({string.Join(", ", bad.Measures.ErrorsByType.Where(e => e.Key is "connection_refused" or "connection_reset" or "timeout").Select(e => $"{e.Key} {e.Value}"))})")));
        }

        if (good is { InFlightMean: > 0 } last && bad.InFlightMean >= 3 * last.InFlightMean && last.Measures.ThroughputRps > 0
            && bad.Measures.ThroughputRps / last.Measures.ThroughputRps <= bad.InFlightMean / last.InFlightMean / 2)
        {
            found.Add(new Bottleneck("target_queue", Invariant($"concurrency grew {bad.InFlightMean / last.InFlightMean:0.#}x ({last.InFlightMean:0.##} to {bad.InFlightMean:0.##} in flight) while throughput grew {bad.Measures.ThroughputRps / last.Measures.ThroughputRps:0.##}x ({last.Measures.ThroughputRps:0.#} to {bad.Measures.ThroughputRps:0.#} req/s): requests queue inside the target")));
        }

        if (good is not null)
        {
            var grew = bad.Components
                .Where(c => c.Value.Requests > 0 && good.Components.TryGetValue(c.Key, out var before) && before.Requests > 0 && before.Latency.P95 > 0)
                .Select(c => (Name: c.Key, Before: good.Components[c.Key].Latency.P95, After: c.Value.Latency.P95))
                .MaxBy(c => c.After / c.Before);
            if (grew.Name is not null && grew.After >= 1.5 * grew.Before && bad.Components.Count > 1)
            {
                found.Add(new Bottleneck("component", Invariant($"{grew.Name}'s p95 grew most: {grew.Before} ms at the last good load, {grew.After} ms at the break ({grew.After / grew.Before:0.0}x)")));
            }
        }

        return found;
    }

    private static BreakLevel Level(StageResult stage, string verdict) =>
        new(stage.Span.To, stage.Measures.ThroughputRps, stage.Measures.Latency.P95, Math.Round(stage.Measures.ErrorRatePercent, 3), stage.Span.Number, verdict, stage.GeneratorSaturated);

    private static BreakLevel Probe(RunEvent probe, IReadOnlyList<StageResult> stages)
    {
        var data = probe.Data;
        var level = Read(data, "level") ?? 0;
        var from = Read(data, "from_s");
        var stage = stages.FirstOrDefault(s => s.Span.Phase == "probe" && from is { } f && Math.Abs(s.Span.Start.TotalSeconds - f) < 0.01);
        return new BreakLevel(level, Read(data, "throughput_rps") ?? 0, Read(data, "p95_ms") ?? 0, Read(data, "error_rate") ?? 0, stage?.Span.Number, data.GetValueOrDefault("verdict") ?? "inconclusive", stage?.GeneratorSaturated ?? false);
    }

    private static double? Read(IReadOnlyDictionary<string, string> data, string key) =>
        data.TryGetValue(key, out var text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
