using System.Globalization;
using System.Text.RegularExpressions;
using Redline.Engine;

namespace Redline.Results.Analysis;

/// <summary>Reads <c>regression_thresholds</c> in the seed's syntax, collecting every problem.</summary>
internal static partial class ThresholdParser
{
    private const string Off = "off";

    private static readonly string[] LeastSevereFirst = ["notice", "warning", "critical"];

    public static RegressionThresholds? Parse(
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> levels,
        string? alphaText,
        out IReadOnlyList<ThresholdIssue> issues)
    {
        var problems = new List<ThresholdIssue>();
        var defaults = RegressionThresholds.Default;
        var parsed = new Dictionary<string, LevelThresholds>
        {
            ["critical"] = defaults.Critical,
            ["warning"] = defaults.Warning,
            ["notice"] = defaults.Notice,
        };

        foreach (var (name, keys) in levels)
        {
            if (!parsed.TryGetValue(name, out var level))
            {
                problems.Add(new(name, $"unknown level '{name}'; expected critical, warning or notice", true));
                continue;
            }

            foreach (var (key, value) in keys)
            {
                level = Apply(level, name, key, value, problems);
            }

            parsed[name] = level;
        }

        var alpha = defaults.Alpha;
        if (alphaText is not null)
        {
            if (double.TryParse(alphaText.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= 0.5)
            {
                alpha = value;
            }
            else
            {
                problems.Add(new("alpha", $"expected a significance level in (0, 0.5] such as 0.05, got '{alphaText}'", false));
            }
        }

        CheckOrder(parsed, problems);
        issues = problems;
        return problems.Count > 0 ? null : new RegressionThresholds
        {
            Critical = parsed["critical"],
            Warning = parsed["warning"],
            Notice = parsed["notice"],
            Alpha = alpha,
        };
    }

    private static LevelThresholds Apply(LevelThresholds level, string levelName, string key, string value, List<ThresholdIssue> problems)
    {
        var path = $"{levelName}.{key}";
        var text = value.Trim();
        switch (key)
        {
            case ThresholdKeys.ResponseTimeIncrease:
            case ThresholdKeys.ThroughputDecrease:
            case ThresholdKeys.ErrorRateIncrease:
            case ThresholdKeys.CpuIncrease:
            case ThresholdKeys.MemoryIncrease:
                if (!TryPercent(text, out var percent, out var error))
                {
                    problems.Add(new(path, error, false));
                    return level;
                }

                return key switch
                {
                    ThresholdKeys.ResponseTimeIncrease => level with { ResponseTimeIncreasePercent = percent },
                    ThresholdKeys.ThroughputDecrease => level with { ThroughputDecreasePercent = percent },
                    ThresholdKeys.ErrorRateIncrease => level with { ErrorRateIncreasePercent = percent },
                    ThresholdKeys.CpuIncrease => level with { CpuIncreasePercent = percent },
                    _ => level with { MemoryIncreasePercent = percent },
                };
            case ThresholdKeys.MemoryLeak:
                if (!TryRate(text, out var rate, out var rateError))
                {
                    problems.Add(new(path, rateError, false));
                    return level;
                }

                return level with { MemoryLeakMbPerHour = rate };
            case ThresholdKeys.MinorDegradation:
                if (text is "any" or Off or "none")
                {
                    return level with { MinorDegradation = text == "any" };
                }

                problems.Add(new(path, $"expected 'any' or 'off', got '{value}'", false));
                return level;
            case ThresholdKeys.Action:
                if (RegressionNames.ParseAction(text) is { } action)
                {
                    return level with { Action = action };
                }

                problems.Add(new(path, $"expected block_deployment, require_review or log_and_track, got '{value}'", false));
                return level;
            default:
                problems.Add(new(path, $"unknown key '{key}'; expected one of {string.Join(", ", ThresholdKeys.All)}", true));
                return level;
        }
    }

    private static bool TryPercent(string text, out double? percent, out string error)
    {
        percent = null;
        error = "";
        if (text == Off)
        {
            return true;
        }

        var match = PercentPattern().Match(text);
        if (!match.Success)
        {
            error = text.StartsWith('<')
                ? $"a regression threshold is a change to exceed, written with '>' such as '>20%', got '{text}'"
                : $"expected a percentage such as '>20%' (or 'off'), got '{text}'";
            return false;
        }

        percent = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        return true;
    }

    private static bool TryRate(string text, out double? mbPerHour, out string error)
    {
        mbPerHour = null;
        error = "";
        if (text == Off)
        {
            return true;
        }

        var match = RatePattern().Match(text);
        if (!match.Success)
        {
            error = $"expected a growth rate such as '>50MB/hour' (B, KB, MB or GB per second, minute or hour; or 'off'), got '{text}'";
            return false;
        }

        var amount = double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        var megabytes = match.Groups["size"].Value.ToUpperInvariant() switch
        {
            "B" => amount / (1024 * 1024),
            "KB" => amount / 1024,
            "GB" => amount * 1024,
            _ => amount,
        };
        var perHour = match.Groups["per"].Value.ToLowerInvariant() switch
        {
            "s" or "sec" or "second" => 3600,
            "m" or "min" or "minute" => 60,
            _ => 1,
        };
        mbPerHour = megabytes * perHour;
        return true;
    }

    /// <summary>A bigger change must not be a lesser severity: notice ≤ warning ≤ critical where set.</summary>
    private static void CheckOrder(Dictionary<string, LevelThresholds> levels, List<ThresholdIssue> problems)
    {
        foreach (var kind in Enum.GetValues<MetricKind>().Where(k => LevelThresholds.KeyFor(k) is not null))
        {
            CheckChain(LevelThresholds.KeyFor(kind)!, "%", level => levels[level].PercentFor(kind), problems);
        }

        CheckChain(ThresholdKeys.MemoryLeak, " MB/hour", level => levels[level].MemoryLeakMbPerHour, problems);
    }

    private static void CheckChain(string key, string unit, Func<string, double?> valueOf, List<ThresholdIssue> problems)
    {
        string? previousLevel = null;
        double previous = 0;
        foreach (var level in LeastSevereFirst)
        {
            if (valueOf(level) is not { } value)
            {
                continue;
            }

            if (previousLevel is not null && previous > value)
            {
                problems.Add(new($"{previousLevel}.{key}", Invariant($"{previous}{unit} is above {level}'s {value}{unit}; a bigger change must not be a lesser severity"), false));
            }

            previousLevel = level;
            previous = value;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^>\s*(?<value>\d+(\.\d+)?)\s*%$")]
    private static partial Regex PercentPattern();

    [GeneratedRegex(@"^>\s*(?<value>\d+(\.\d+)?)\s*(?<size>B|KB|MB|GB)\s*/\s*(?<per>s|sec|second|m|min|minute|h|hr|hour)$", RegexOptions.IgnoreCase)]
    private static partial Regex RatePattern();
}
