using System.Globalization;
using Redline.Results.Analysis.Statistics;

namespace Redline.Results.Analysis;

/// <summary>The words of verdicts, with numbers formatted the same way everywhere.</summary>
internal static class VerdictText
{
    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A value with about four significant digits.</summary>
    public static string Number(double value) => Math.Abs(value) switch
    {
        >= 1000 => value.ToString("0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("0.#", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString("0.####", CultureInfo.InvariantCulture),
    };

    /// <summary>A signed percentage such as <c>+12.3%</c>.</summary>
    public static string Percent(double value) => value.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A p-value: fixed point down to 0.001, scientific below.</summary>
    public static string PValue(double p) => p < 0.001
        ? p.ToString("0.0e0", CultureInfo.InvariantCulture)
        : p.ToString("0.####", CultureInfo.InvariantCulture);

    public static string MannWhitney(MannWhitneyResult test, double alpha)
    {
        var how = test.Method == PValueMethod.Exact ? "exact" : "normal approximation";
        var effect = test.RankBiserial.ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture);
        return test.PValue < alpha
            ? Invariant($"p = {PValue(test.PValue)} < α = {alpha} ({how}; rank-biserial {effect})")
            : Invariant($"p = {PValue(test.PValue)} ≥ α = {alpha} ({how}; rank-biserial {effect}): the samples do not differ significantly");
    }

    public static string Interval(RatioInterval? ratio, string of, double confidence, bool higherIsWorse)
    {
        if (ratio is null)
        {
            return $"the baseline {of} is 0, so the ratio has no interval";
        }

        var where = ratio.ExcludesOneAbove ? "lies above 1" : ratio.ExcludesOneBelow ? "lies below 1" : "includes 1";
        var meaning = (ratio.ExcludesOneAbove, ratio.ExcludesOneBelow) switch
        {
            (false, false) => "",
            (true, _) => higherIsWorse ? " (worse)" : " (better)",
            _ => higherIsWorse ? " (better)" : " (worse)",
        };
        return Invariant($"{of} ratio {ratio.Estimate:0.###}, {confidence:0.##%} interval [{ratio.Lower:0.###}, {ratio.Upper:0.###}] {where}{meaning}");
    }

    /// <summary>The verdict in one or two sentences.</summary>
    public static string Explain(RegressionVerdict verdict)
    {
        var change = verdict.ChangePercent is { } c ? Percent(c) : "change undefined";
        var head = Invariant($"{verdict.Metric}: {Number(verdict.BaselineValue)} → {Number(verdict.CurrentValue)} {verdict.Unit} ({change})");
        var evidence = verdict.Significance is { } s
            ? Invariant($"p = {PValue(s.PValue)}") + (s.Ratio is { } r ? Invariant($", {s.RatioOf} ratio {r:0.###} [{s.RatioLower:0.###}, {s.RatioUpper:0.###}]") : "")
            : "not tested";

        // A level the point estimate crossed but the interval's bound did not.
        var pointOnly = verdict.Rules.FirstOrDefault(r => !r.Fired && r.Reason.EndsWith("with that confidence", StringComparison.Ordinal));
        var graded = verdict.ChangeBoundPercent is { } bound ? Invariant($"; graded on {Percent(bound)}, the bound of its interval") : "";
        if (verdict.IsRegression)
        {
            var notHigher = pointOnly is null ? "" : $"; {pointOnly.Rule} is past only at the point estimate";
            return $"{head}: {verdict.Severity.ToSeedName()} regression ({verdict.Threshold}{graded}), significant ({evidence}){notHigher}; {verdict.Action.ToSeedName()}.";
        }

        if (verdict.Rules.FirstOrDefault(r => r.Rule == Comparison.RunToRunNoise.RuleName && !r.Fired) is { } band
            && verdict.Rules.FirstOrDefault(r => r.Fired && r.Rule.Contains(": ", StringComparison.Ordinal)) is { } level)
        {
            return $"{head}: significant ({evidence}) and past {level.Rule}, but {band.Reason}; not reported.";
        }

        if (pointOnly is not null && verdict.Significance is { IsSignificant: true })
        {
            return $"{head}: significant ({evidence}), past {pointOnly.Rule} only at the point estimate{graded}; not reported.";
        }

        if (verdict.Significance is null)
        {
            return $"{head}: too few samples to test ({verdict.Window.BaselineCount} and {verdict.Window.CurrentCount}); not reported.";
        }

        var crossed = verdict.Rules.FirstOrDefault(r => r.Reason.EndsWith("but the change is not significant", StringComparison.Ordinal));
        if (crossed is not null)
        {
            return $"{head}: past {crossed.Rule}, but not significant ({evidence}); not reported.";
        }

        if (verdict.Improved)
        {
            return $"{head}: a significant improvement ({evidence}).";
        }

        return verdict.Significance.IsSignificant
            ? $"{head}: significant, but below every threshold ({evidence}); not reported."
            : $"{head}: no significant change ({evidence}).";
    }
}
