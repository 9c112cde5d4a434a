using System.Globalization;
using Redline.Engine;

namespace Redline.Results.Analysis;

/// <summary>Whether a metric's change crosses one level's threshold, and how to say so.</summary>
/// <param name="Name">The rule as the verdict names it, such as <c>warning: response_time_increase &gt;10%</c>.</param>
/// <param name="Key">The threshold key that applies, or null when the level has none for the metric.</param>
/// <param name="Crossed">Whether the change goes past the threshold in the bad direction.</param>
/// <param name="Reason">Why, in words.</param>
internal sealed record LevelRule(string Name, string? Key, bool Crossed, string Reason)
{
    /// <summary>
    /// The rule of <paramref name="level"/> for <paramref name="kind"/>, given the change in the bad direction and,
    /// when the change was tested, the change at the bound of its interval (<paramref name="badBound"/>, with
    /// <paramref name="confidence"/>): a percentage threshold is crossed only when both are past it.
    /// </summary>
    public static LevelRule For(RegressionSeverity severity, LevelThresholds level, MetricKind kind, bool lowerIsWorse, double? badChange, bool worse, double? badBound = null, double? confidence = null)
    {
        var levelName = severity.ToSeedName();
        var key = LevelThresholds.KeyFor(kind);
        if (level.PercentFor(kind) is { } percent)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{levelName}: {key} >{percent}%");
            var what = lowerIsWorse ? "a decrease" : "an increase";
            if (badChange is not { } change)
            {
                return new(name, key, false, "the baseline is 0, so a percentage change is undefined");
            }

            var signed = VerdictText.Percent(lowerIsWorse ? -change : change);
            var limit = VerdictText.Number(percent);
            if (change <= percent)
            {
                return new(name, key, false, $"{signed} is not {what} of more than {limit}%");
            }

            if (badBound is not { } bound)
            {
                return new(name, key, true, $"{signed} is {what} of more than {limit}%");
            }

            var atBound = VerdictText.Percent(lowerIsWorse ? -bound : bound);
            var confidencePercent = VerdictText.Number(100 * (confidence ?? 0.95));
            return bound > percent
                ? new(name, key, true, $"{signed} is {what} of more than {limit}%, and so is {atBound} at the bound of its {confidencePercent}% interval")
                : new(name, key, false, $"{signed} is {what} of more than {limit}%, but at the bound of its {confidencePercent}% interval it is {atBound}: not past {limit}% with that confidence");
        }

        if (level.MinorDegradation)
        {
            var name = $"{levelName}: minor_degradation any";
            var signed = badChange is { } change ? VerdictText.Percent(lowerIsWorse ? -change : change) : "a change from 0";
            return worse
                ? new(name, ThresholdKeys.MinorDegradation, true, $"the metric got worse ({signed})")
                : new(name, ThresholdKeys.MinorDegradation, false, $"the metric did not get worse ({signed})");
        }

        return new(levelName, null, false, key is null
            ? $"{levelName} has no threshold for this metric"
            : $"{levelName} has no {key} threshold");
    }
}
