using System.Globalization;
using Redline.Cli.Suites;
using Redline.Engine;
using Spectre.Console;

namespace Redline.Cli.Terminal;

/// <summary>
/// Components with <c>baseline:</c> and <c>target:</c> tables, measured against each: the
/// improvement over the baseline and whether the target was met, metric by metric.
/// </summary>
internal static class TargetsTable
{
    public static void Print(Suite suite, RunResult result)
    {
        var rows = Rows(suite, result).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var table = new Table().Border(TableBorder.Simple).Title("against the baseline and target tables");
        foreach (var heading in new[] { "scenario", "component", "metric", "baseline", "target", "measured", "improvement", "target met" })
        {
            table.AddColumn(heading);
        }

        foreach (var row in rows)
        {
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }

        AnsiConsole.Write(table);
    }

    public static IEnumerable<string[]> Rows(Suite suite, RunResult result)
    {
        foreach (var scenario in result.Scenarios)
        {
            foreach (var component in scenario.Components)
            {
                var spec = suite.FindComponent(component.Name);
                if (spec is null || (spec.Baseline is null && spec.Target is null) || component.Measures.Requests == 0)
                {
                    continue;
                }

                var latency = component.Measures.Latency;
                foreach (var (metric, measured, baseline, target, higherIsBetter) in new (string, double, double?, double?, bool)[]
                {
                    ("p50 ms", latency.P50, Ms(spec.Baseline?.P50), Ms(spec.Target?.P50), false),
                    ("p95 ms", latency.P95, Ms(spec.Baseline?.P95), Ms(spec.Target?.P95), false),
                    ("p99 ms", latency.P99, Ms(spec.Baseline?.P99), Ms(spec.Target?.P99), false),
                    ("max ms", latency.Max, Ms(spec.Baseline?.Max), Ms(spec.Target?.Max), false),
                    ("throughput /s", component.Measures.ThroughputRps, spec.Baseline?.Throughput, spec.Target?.Throughput, true),
                })
                {
                    if (baseline is null && target is null)
                    {
                        continue;
                    }

                    var improvement = baseline is { } b && b > 0
                        ? (higherIsBetter ? 100 * (measured - b) / b : 100 * (b - measured) / b).ToString("+0;-0", CultureInfo.InvariantCulture) + "%"
                        : "";
                    var met = target is { } t ? ((higherIsBetter ? measured >= t : measured <= t) ? "yes" : "no") : "";
                    yield return [scenario.Name, component.Name, metric, N(baseline), N(target), N(measured), improvement, met];
                }
            }
        }
    }

    private static double? Ms(TimeSpan? value) => value?.TotalMilliseconds;

    private static string N(double? value) => value is { } v ? Format.Number(v, v < 10 ? "0.##" : "0.#") : "";
}
