using Redline.Engine;
using Redline.Results.Analysis.Statistics;

namespace Redline.Results.Analysis;

/// <summary>Finds memory leaks by slope, not by endpoints, and judges them against <c>memory_leak</c>.</summary>
/// <remarks>
/// The slope is Theil-Sen's over the series after the warm-up, in MB per hour with Sen's (1 - α)
/// interval; GC drops and spikes cannot drag it as they drag least squares. A leak is reported
/// only when three things hold: the interval lies above 0; the growth is sustained, that is the
/// second half of the series (by time) has its own interval above 0 and a slope at least half the
/// whole series'; and the slope exceeds a level's threshold. The second condition is what tells a
/// leak from a cache or heap that grows and then levels off.
/// </remarks>
public sealed class LeakDetector
{
    private const double BytesPerMb = 1024.0 * 1024.0;

    /// <summary>Detects with the seed's thresholds and the default options.</summary>
    public LeakDetector()
        : this(RegressionThresholds.Default)
    {
    }

    /// <summary>Detects with <paramref name="thresholds"/> (its <c>memory_leak</c> levels and α) and <paramref name="options"/>.</summary>
    public LeakDetector(RegressionThresholds thresholds, LeakDetectorOptions? options = null)
    {
        Thresholds = thresholds;
        Options = options ?? LeakDetectorOptions.Default;
        Options.Validate();
    }

    /// <summary>The thresholds in force.</summary>
    public RegressionThresholds Thresholds { get; }

    /// <summary>The options in force.</summary>
    public LeakDetectorOptions Options { get; }

    /// <summary>Judges the resident set size of a target's samples, skipping those taken after it died.</summary>
    public LeakVerdict Analyze(IEnumerable<ResourceSample> samples, string metric = "memory_rss") =>
        Analyze(samples.Where(s => s.Alive).Select(s => new MemorySample(s.Elapsed.TotalSeconds, s.RssBytes)).ToList(), metric);

    /// <summary>Judges a memory series.</summary>
    public LeakVerdict Analyze(IReadOnlyList<MemorySample> samples, string metric = "memory")
    {
        var confidence = 1 - Thresholds.Alpha;
        var ordered = samples.Where(s => double.IsFinite(s.Seconds) && double.IsFinite(s.Bytes)).OrderBy(s => s.Seconds).ToList();
        var span = ordered.Count > 1 ? ordered[^1].Seconds - ordered[0].Seconds : 0;
        var warmUp = Options.WarmUp?.TotalSeconds ?? span * Options.WarmUpFraction;
        var kept = ordered.Where(s => s.Seconds >= ordered[0].Seconds + warmUp).ToList();
        var window = kept.Count > 1 ? kept[^1].Seconds - kept[0].Seconds : 0;
        var rules = new List<RuleOutcome>();
        var enough = kept.Count >= Options.MinimumSamples && window > 0;
        rules.Add(new RuleOutcome("samples", enough, VerdictText.Invariant(
            $"{kept.Count} samples over {VerdictText.Number(window / 60)} min after a {VerdictText.Number(warmUp / 60)} min warm-up; {Options.MinimumSamples} are needed")));

        LeakVerdict Verdict(SlopeEstimate? slope, SlopeEstimate? half, RegressionSeverity severity, string? threshold)
        {
            var verdict = new LeakVerdict(metric, slope, half, confidence, TimeSpan.FromSeconds(warmUp), TimeSpan.FromSeconds(window),
                kept.Count, severity, Thresholds.ActionOf(severity), threshold, rules, "");
            return verdict with { Explanation = Explain(verdict) };
        }

        if (!enough)
        {
            return Verdict(null, null, RegressionSeverity.None, null);
        }

        var points = Thin(kept, Options.MaximumPoints);
        var whole = Fit(points, confidence);
        var middle = points[0].Seconds + ((points[^1].Seconds - points[0].Seconds) / 2);
        var secondHalf = points.Where(p => p.Seconds >= middle).ToList();
        var half = secondHalf.Count >= 4 ? Fit(secondHalf, confidence) : null;

        var growing = whole.LowerMbPerHour > 0;
        rules.Add(new RuleOutcome("growth", growing, VerdictText.Invariant(
            $"slope {Rate(whole.MbPerHour)}, {confidence:0.##%} interval [{Rate(whole.LowerMbPerHour)}, {Rate(whole.UpperMbPerHour)}] {(growing ? "lies above 0" : whole.UpperMbPerHour < 0 ? "lies below 0" : "includes 0")}")));
        var sustained = half is not null && half.LowerMbPerHour > 0 && half.MbPerHour >= whole.MbPerHour / 2;
        rules.Add(new RuleOutcome("sustained", sustained, half is null
            ? "too few samples in the second half to fit it"
            : VerdictText.Invariant($"second half's slope {Rate(half.MbPerHour)}, interval [{Rate(half.LowerMbPerHour)}, {Rate(half.UpperMbPerHour)}]; ")
              + (sustained ? "growth continues"
                  : half.LowerMbPerHour <= 0 ? "its interval includes 0, so the growth has levelled off"
                  : "it is less than half the whole series' slope, so the growth is dying down")));

        var severity = RegressionSeverity.None;
        string? threshold = null;
        foreach (var (level, thresholds) in Thresholds.Levels)
        {
            var (name, crossed, reason) = LevelRuleFor(level, thresholds, whole.MbPerHour);
            var holds = crossed && growing && sustained;
            if (crossed && !holds)
            {
                reason = $"{reason}, but the growth is not {(growing ? "sustained" : "significant")}";
            }
            else if (holds && severity != RegressionSeverity.None)
            {
                reason = $"{reason} (superseded by {severity.ToSeedName()})";
            }
            else if (holds)
            {
                severity = level;
                threshold = name;
            }

            rules.Add(new RuleOutcome(name, holds, reason));
        }

        return Verdict(whole, half, severity, threshold);
    }

    private static (string Name, bool Crossed, string Reason) LevelRuleFor(RegressionSeverity severity, LevelThresholds level, double slope)
    {
        var levelName = severity.ToSeedName();
        if (level.MemoryLeakMbPerHour is { } limit)
        {
            var name = VerdictText.Invariant($"{levelName}: memory_leak >{VerdictText.Number(limit)} MB/hour");
            return slope > limit
                ? (name, true, $"{Rate(slope)} exceeds {Rate(limit)}")
                : (name, false, $"{Rate(slope)} does not exceed {Rate(limit)}");
        }

        return level.MinorDegradation
            ? ($"{levelName}: minor_degradation any", slope > 0, slope > 0 ? $"memory grows ({Rate(slope)})" : "memory does not grow")
            : (levelName, false, $"{levelName} has no memory_leak threshold");
    }

    private static SlopeEstimate Fit(IReadOnlyList<MemorySample> points, double confidence)
    {
        // Hours and megabytes, so the slope comes out in MB/hour.
        var fit = TheilSen.Fit(points.Select(p => p.Seconds / 3600).ToArray(), points.Select(p => p.Bytes / BytesPerMb).ToArray(), confidence);
        return new SlopeEstimate(fit.Slope, fit.SlopeLower, fit.SlopeUpper);
    }

    /// <summary>Bins of consecutive samples, each reduced to its median time and median memory.</summary>
    private static List<MemorySample> Thin(List<MemorySample> samples, int maximum)
    {
        if (samples.Count <= maximum)
        {
            return samples;
        }

        var result = new List<MemorySample>(maximum);
        for (var bin = 0; bin < maximum; bin++)
        {
            var from = (int)((long)bin * samples.Count / maximum);
            var to = (int)((long)(bin + 1) * samples.Count / maximum);
            var slice = samples.GetRange(from, to - from);
            result.Add(new MemorySample(Descriptive.Median(slice.Select(s => s.Seconds).ToArray()), Descriptive.Median(slice.Select(s => s.Bytes).ToArray())));
        }

        return result;
    }

    private static string Rate(double mbPerHour) => VerdictText.Number(mbPerHour) + " MB/hour";

    private static string Explain(LeakVerdict verdict)
    {
        if (verdict.Slope is not { } slope)
        {
            return $"{verdict.Metric}: too few samples after the warm-up to fit a slope ({verdict.SamplesUsed}); not judged.";
        }

        var head = VerdictText.Invariant($"{verdict.Metric}: {Rate(slope.MbPerHour)} [{Rate(slope.LowerMbPerHour)}, {Rate(slope.UpperMbPerHour)}] over {VerdictText.Number(verdict.Window.TotalMinutes)} min");
        if (verdict.IsLeak)
        {
            return $"{head}: {verdict.Severity.ToSeedName()} leak ({verdict.Threshold}), significant and sustained; {verdict.Action.ToSeedName()}.";
        }

        var reasons = verdict.Rules.Where(r => !r.Fired && r.Rule is "growth" or "sustained").Select(r => r.Reason).ToList();
        return reasons.Count > 0
            ? $"{head}: no leak; {string.Join("; ", reasons)}."
            : $"{head}: no leak; the growth is below every threshold.";
    }
}
