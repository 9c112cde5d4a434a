using System.Globalization;

namespace Redline.Results.Judgement;

/// <summary>Checked goals as text, the same in the terminal, the PR comment and the HTML report.</summary>
public static class GoalText
{
    /// <summary>The columns of <see cref="Cells"/>.</summary>
    public static readonly string[] Headings = ["scenario", "component", "metric", "baseline", "target", "measured", "improvement", "target met"];

    /// <summary>One checked goal: scenario, component, metric, baseline, target, measured, improvement, target met.</summary>
    public static string[] Cells(GoalRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return
        [
            row.Scenario,
            row.Component,
            row.Label,
            Number(row.Baseline),
            Number(row.Target),
            Number(row.Measured),
            row.ImprovementPercent is { } i ? i.ToString("+0;-0", CultureInfo.InvariantCulture) + "%" : "",
            row.Met switch { true => "yes", false => "no", null => "" },
        ];
    }

    private static string Number(double? value) =>
        value is { } v ? v.ToString(v < 10 ? "0.##" : "0.#", CultureInfo.InvariantCulture) : "";
}
