using System.Globalization;
using System.Text.Json;
using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Comparison;

namespace Redline.Results.Reports;

/// <summary>
/// analysis.json: the fields of the PR comment (summary, p95, throughput and memory with their
/// change, the regressions, the report's address), then everything else a tool may want.
/// </summary>
public static class AnalysisDocument
{
    /// <summary>Writes analysis.json for <paramref name="current"/> compared with <paramref name="baseline"/>.</summary>
    public static void Write(Stream stream, RunResult baseline, RunResult current, RunComparison comparison, RegressionSeverity failOn, string? reportUrl) =>
        Write(stream, baseline, current, comparison, failOn, reportUrl, trends: null);

    /// <summary>As above, with each headline metric's place in its 7-day band when the history had enough runs.</summary>
    public static void Write(Stream stream, RunResult baseline, RunResult current, RunComparison comparison, RegressionSeverity failOn, string? reportUrl, IReadOnlyList<TrendPoint>? trends, IReadOnlyList<Judgement.GoalRow>? goals = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(comparison);
        var headline = Headline.Of(baseline, current);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("schema_version", 1);
        json.WriteString("summary", Headline.Summary(comparison, failOn));
        Number(json, "response_time_p95", headline.P95.Current);
        json.WriteString("change_p95", Headline.Change(headline.P95));
        Number(json, "throughput", headline.Throughput.Current);
        json.WriteString("change_throughput", Headline.Change(headline.Throughput));
        Number(json, "memory_usage", headline.MemoryMb.Current);
        json.WriteString("change_memory", Headline.Change(headline.MemoryMb));
        Number(json, "cpu_usage", headline.CpuPercent.Current);
        json.WriteString("change_cpu", Headline.Change(headline.CpuPercent));
        Number(json, "gc_pause_p99", headline.GcPauseP99Ms.Current);
        json.WriteString("change_gc_pause_p99", Headline.Change(headline.GcPauseP99Ms));
        json.WriteBoolean("regression", comparison.Regressions.Any() || comparison.Leaks.Values.Any(l => l.IsLeak));
        json.WriteBoolean("blocking", comparison.Blocks(failOn));
        json.WriteString("worst_severity", comparison.WorstSeverity.ToSeedName());
        if (comparison.NoiseNote is { } noiseNote)
        {
            json.WriteString("noise_note", noiseNote);
        }

        json.WriteStartArray("noise");
        foreach (var band in comparison.Noise)
        {
            json.WriteStartObject();
            json.WriteString("scope", band.Component is null ? band.Scenario : $"{band.Scenario} / {band.Component}");
            json.WriteString("metric", band.Metric);
            json.WriteNumber("runs", band.Runs);
            json.WriteNumber("median", Round(band.Median));
            json.WriteNumber("lower", Round(band.Lower));
            json.WriteNumber("upper", Round(band.Upper));
            json.WriteNumber("cv_percent", Round(band.CvPercent));
            json.WriteNumber("band_percent", Round(band.HalfWidthPercent));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("sensitivity");
        foreach (var (scope, verdict) in comparison.Scopes.SelectMany(s => s.Verdicts.Where(v => v.Detectable.Count > 0).Select(v => (s, v))))
        {
            json.WriteStartObject();
            json.WriteString("scope", scope.Label);
            json.WriteString("metric", verdict.Metric);
            Number(json, "run_to_run_cv_percent", verdict.RunToRunCvPercent is { } cv ? Round(cv) : null);
            Number(json, "interval_percent", verdict.Detectable[0].IntervalPercent);
            Number(json, "band_percent", verdict.Detectable[0].BandPercent is { } reach ? Round(reach) : null);
            json.WriteStartObject("smallest_graded_change");
            foreach (var level in verdict.Detectable)
            {
                Number(json, level.Level.ToSeedName(), level.Percent);
            }

            json.WriteEndObject();
            json.WriteStartArray("thresholds_tighter_than_noise");
            foreach (var level in verdict.Detectable.Where(d => d.TighterThanNoise))
            {
                json.WriteStringValue(level.Level.ToSeedName());
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("regressions");
        foreach (var (scope, verdict) in comparison.Regressions)
        {
            json.WriteStartObject();
            json.WriteString("metric", verdict.Metric);
            json.WriteString("scope", scope.Label);
            json.WriteNumber("baseline", Round(verdict.BaselineValue));
            json.WriteNumber("current", Round(verdict.CurrentValue));
            if (verdict.ChangePercent is { } change)
            {
                json.WriteNumber("change", Round(change));
            }
            else
            {
                json.WriteNull("change");
            }

            Number(json, "change_bound", verdict.ChangeBoundPercent is { } bound ? Round(bound) : null);
            json.WriteString("unit", verdict.Unit);
            json.WriteString("severity", verdict.Severity.ToSeedName());
            json.WriteString("action", verdict.Action.ToSeedName());
            json.WriteString("threshold", verdict.Threshold);
            WriteSignificance(json, verdict.Significance);
            json.WriteString("explanation", verdict.Explanation);
            json.WriteEndObject();
        }

        foreach (var (scenario, leak) in comparison.Leaks.Where(l => l.Value.IsLeak))
        {
            json.WriteStartObject();
            json.WriteString("metric", "memory_leak");
            json.WriteString("scope", scenario);
            Number(json, "current", leak.Slope?.MbPerHour);
            json.WriteString("unit", "MB/hour");
            json.WriteString("severity", leak.Severity.ToSeedName());
            json.WriteString("action", leak.Action.ToSeedName());
            json.WriteString("threshold", leak.Threshold);
            json.WriteString("explanation", leak.Explanation);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("trend");
        foreach (var trend in trends ?? [])
        {
            json.WriteStartObject();
            json.WriteString("metric", trend.Metric);
            json.WriteNumber("current", Round(trend.Current));
            json.WriteNumber("window_median", Round(trend.WindowMedian));
            json.WriteNumber("band_low", Round(trend.Lower));
            json.WriteNumber("band_high", Round(trend.Upper));
            json.WriteNumber("window_runs", trend.Runs);
            json.WriteBoolean("outside_band", trend.Outside);
            Number(json, "week_over_week", trend.WeekOverWeekPercent);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("goals");
        foreach (var goal in goals ?? [])
        {
            json.WriteStartObject();
            json.WriteString("scenario", goal.Scenario);
            json.WriteString("component", goal.Component);
            json.WriteString("metric", goal.Metric);
            Number(json, "baseline", goal.Baseline);
            Number(json, "target", goal.Target);
            json.WriteNumber("measured", Round(goal.Measured));
            Number(json, "improvement_percent", goal.ImprovementPercent);
            if (goal.Met is { } met)
            {
                json.WriteBoolean("met", met);
            }
            else
            {
                json.WriteNull("met");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteString("report_url", reportUrl);
        json.WriteString("baseline_run", comparison.BaselineRunId);
        json.WriteString("current_run", comparison.CurrentRunId);
        json.WriteStartArray("unmatched_scenarios");
        foreach (var name in comparison.Unmatched)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteSignificance(Utf8JsonWriter json, Significance? significance)
    {
        if (significance is null)
        {
            json.WriteNull("significance");
            return;
        }

        json.WriteStartObject("significance");
        json.WriteNumber("p_value", Math.Round(significance.PValue, 6));
        json.WriteNumber("alpha", significance.Alpha);
        Number(json, "ratio", significance.Ratio);
        Number(json, "ratio_ci_low", significance.RatioLower);
        Number(json, "ratio_ci_high", significance.RatioUpper);
        json.WriteNumber("confidence", significance.Confidence);
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, Round(v));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static double Round(double value) => Math.Round(value, 3);

    internal static string Percent(double value) => value.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";
}
