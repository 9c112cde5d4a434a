using System.Globalization;
using System.Text;
using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Comparison;

namespace Redline.Results.Reports;

/// <summary>CSV for spreadsheets: one row per scenario or component of the run, with the comparison's verdicts when there was one.</summary>
public static class CsvReport
{
    private static readonly string[] Header =
    [
        "scenario", "component", "requests", "errors", "error_rate", "throughput_rps",
        "p50_ms", "p95_ms", "p99_ms", "max_ms", "metric", "baseline", "current", "change_percent", "severity", "action", "p_value",
    ];

    /// <summary>The CSV text.</summary>
    public static string Render(RunResult current, RunComparison? comparison)
    {
        ArgumentNullException.ThrowIfNull(current);
        var text = new StringBuilder();
        text.AppendLine(string.Join(',', Header));
        foreach (var scenario in current.Scenarios)
        {
            foreach (var (component, measures) in scenario.Components.Select(c => ((string?)c.Name, c.Measures)).Prepend((null, scenario.Totals)))
            {
                var figures = new[]
                {
                    scenario.Name, component ?? "", N(measures.Requests), N(measures.Errors), N(measures.ErrorRatePercent), N(measures.ThroughputRps),
                    N(measures.Latency.P50), N(measures.Latency.P95), N(measures.Latency.P99), N(measures.Latency.Max),
                };
                var verdicts = comparison?.Scopes.FirstOrDefault(s => s.Scenario == scenario.Name && s.Component == component)?.Verdicts;
                if (verdicts is null || verdicts.Count == 0)
                {
                    text.AppendLine(Row([.. figures, "", "", "", "", "", "", ""]));
                    continue;
                }

                foreach (var v in verdicts)
                {
                    text.AppendLine(Row([.. figures, v.Metric, N(v.BaselineValue), N(v.CurrentValue), v.ChangePercent is { } c ? N(c) : "", v.Severity.ToSeedName(), v.Action.ToSeedName(), v.Significance is { } s ? N(s.PValue) : ""]));
                }
            }
        }

        return text.ToString();
    }

    private static string N(double value) => Math.Round(value, 4).ToString(CultureInfo.InvariantCulture);

    /// <summary>RFC 4180 quoting, and a leading quote on anything a spreadsheet would run as a formula.</summary>
    private static string Row(IEnumerable<string> cells) => string.Join(',', cells.Select(Cell));

    private static string Cell(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '@' or '-' && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
