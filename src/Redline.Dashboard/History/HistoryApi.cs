using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Redline.Engine;
using Redline.Results.Comparison;
using Redline.Results.History;

namespace Redline.Dashboard.History;

/// <summary>
/// What the historical dashboard reads from the history store, as JSON: the suites and their scenarios, a metric's
/// trend (each run, daily, weekly and monthly medians, the 7-day band, level shifts, the regression timeline, a
/// capacity projection, the target's resources beside), and any two runs side by side.
/// </summary>
public sealed class HistoryApi(IHistoryStore store, TimeProvider time)
{
    /// <summary>Runs read for one view at most.</summary>
    public const int MaxRuns = 2000;

    /// <summary>Runs whose resources are read for the trend (each is a full load).</summary>
    public const int MaxResourceRuns = 60;

    /// <summary>The window the capacity projection fits.</summary>
    public static readonly TimeSpan ProjectionWindow = TimeSpan.FromDays(30);

    /// <summary>Every suite in the store, with its scenarios and their components, and its newest run.</summary>
    public async Task<string> SuitesAsync(CancellationToken cancellationToken)
    {
        var runs = await store.ListRunsAsync(new RunQuery { Limit = MaxRuns }, cancellationToken).ConfigureAwait(false);
        return Json(w =>
        {
            w.WriteStartArray();
            foreach (var suite in runs.GroupBy(r => r.Suite, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                w.WriteStartObject();
                w.WriteString("suite", suite.Key);
                w.WriteNumber("runs", suite.Count());
                w.WriteString("newest", suite.Max(r => r.StartedAt));
                w.WriteStartArray("scenarios");
                foreach (var scenario in suite.SelectMany(r => r.Scenarios).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                {
                    w.WriteStartObject();
                    w.WriteString("name", scenario);
                    w.WriteStartArray("components");
                    foreach (var component in suite.SelectMany(r => r.ComponentsOf(scenario)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
                    {
                        w.WriteStringValue(component);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }

    /// <summary>One metric of one scenario (or component) over the stored runs; null when the metric is not one the trend reads.</summary>
    public async Task<string?> TrendAsync(string suite, string scenario, string? component, string metric, CancellationToken cancellationToken)
    {
        if (!Trend.Metrics.ContainsKey(metric))
        {
            return null;
        }

        var runs = await store.ListRunsAsync(new RunQuery { Suite = suite, Scenario = scenario, Limit = MaxRuns }, cancellationToken).ConfigureAwait(false);
        var series = Trend.Series(runs, scenario, component, metric);
        var band = Trend.Judge(metric, series, TimeSpan.FromDays(7));
        var shifts = series.Count >= 4 ? Trend.Changes(series) : [];
        var reports = (await store.ListReportsAsync(null, 500, cancellationToken).ConfigureAwait(false))
            .Where(r => r.Suite == suite && (r.Scenario is null || r.Scenario == scenario)).OrderBy(r => r.CreatedAt).ToList();
        var resources = new List<(RunInfo Run, double? Cpu, long? Memory)>();
        foreach (var (run, _) in series.TakeLast(MaxResourceRuns))
        {
            var stored = await store.LoadRunAsync(run.Id, cancellationToken).ConfigureAwait(false);
            var target = stored?.Result.Scenarios.FirstOrDefault(s => s.Name == scenario)?.Target;
            resources.Add((run, target?.CpuUsagePercent, target?.MemoryPeakBytes));
        }

        var projection = await ProjectAsync(series, scenario, component, metric, cancellationToken).ConfigureAwait(false);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("suite", suite);
            w.WriteString("scenario", scenario);
            w.WriteString("component", component);
            w.WriteString("metric", metric);
            w.WriteString("unit", Unit(metric));
            w.WriteStartArray("points");
            foreach (var (run, value) in series)
            {
                w.WriteStartObject();
                w.WriteNumber("value", Round(value));
                WriteRunFields(w, run);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WriteBand(w, band);
            w.WriteStartArray("changes");
            foreach (var shift in shifts)
            {
                w.WriteStartObject();
                w.WriteString("run_id", shift.RunId);
                w.WriteString("at", shift.At);
                w.WriteNumber("before", Round(shift.Before));
                w.WriteNumber("after", Round(shift.After));
                w.WriteNumber("change_percent", Round(100 * (shift.After - shift.Before) / Math.Max(Math.Abs(shift.Before), 1e-9)));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            WritePeriods(w, "daily", series, at => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            WritePeriods(w, "weekly", series, at => $"{ISOWeek.GetYear(at.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(at.UtcDateTime):00}");
            WritePeriods(w, "monthly", series, at => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            w.WriteStartArray("regressions");
            foreach (var report in reports)
            {
                w.WriteStartObject();
                w.WriteString("report_id", report.Id);
                w.WriteString("at", report.CreatedAt);
                w.WriteString("head_run_id", report.HeadRunId);
                w.WriteString("base_run_id", report.BaseRunId);
                w.WriteString("outcome", report.Outcome);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WritePropertyName("projection");
            if (projection is { } p)
            {
                w.WriteStartObject();
                w.WriteString("criterion", p.Criterion);
                w.WriteNumber("threshold", Round(p.Threshold));
                w.WriteNumber("slope_per_day", Round(p.SlopePerDay));
                w.WriteNumber("fitted_now", Round(p.FittedNow));
                w.WriteNumber("runs", p.Runs);
                if (p.CrossesAt is { } crosses)
                {
                    w.WriteString("crosses_at", crosses);
                }
                else
                {
                    w.WriteNull("crosses_at");
                }

                w.WriteString("note", p.Note);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNullValue();
            }

            w.WriteStartArray("resources");
            foreach (var (run, cpu, memory) in resources)
            {
                w.WriteStartObject();
                w.WriteString("run_id", run.Id);
                w.WriteString("at", run.StartedAt);
                Number(w, "cpu_usage_percent", cpu);
                Number(w, "memory_peak_bytes", memory);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>Two runs side by side: each scenario's and component's figures and their change; null when either run is not stored.</summary>
    public async Task<string?> CompareAsync(string a, string b, CancellationToken cancellationToken)
    {
        var first = await store.GetRunAsync(a, cancellationToken).ConfigureAwait(false);
        var second = await store.GetRunAsync(b, cancellationToken).ConfigureAwait(false);
        if (first is null || second is null)
        {
            return null;
        }

        return Json(w =>
        {
            w.WriteStartObject();
            WriteRun(w, "a", first);
            WriteRun(w, "b", second);
            w.WriteStartArray("rows");
            foreach (var summary in first.Summaries)
            {
                if (second.Summary(summary.Scenario, summary.Component) is not { } other)
                {
                    continue;
                }

                foreach (var metric in Trend.Metrics.Keys)
                {
                    var before = Trend.Metrics[metric](summary.Measures);
                    var after = Trend.Metrics[metric](other.Measures);
                    w.WriteStartObject();
                    w.WriteString("scenario", summary.Scenario);
                    w.WriteString("component", summary.Component);
                    w.WriteString("metric", metric);
                    w.WriteString("unit", Unit(metric));
                    Number(w, "a", before);
                    Number(w, "b", after);
                    Number(w, "change_percent", before is { } x && after is { } y && Math.Abs(x) > 1e-9 ? 100 * (y - x) / Math.Abs(x) : null);
                    w.WriteEndObject();
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// When, at the last 30 days' linear trend, the metric crosses the threshold of its success criterion in the newest
    /// run; null without such a criterion or with fewer than three runs in the window.
    /// </summary>
    private async Task<Projection?> ProjectAsync(IReadOnlyList<(RunInfo Run, double Value)> series, string scenario, string? component, string metric, CancellationToken cancellationToken)
    {
        if (series.Count == 0)
        {
            return null;
        }

        var newest = await store.LoadRunAsync(series[^1].Run.Id, cancellationToken).ConfigureAwait(false);
        var name = component is null ? metric : $"{component}.{metric}";
        var outcome = newest?.Result.Scenarios.FirstOrDefault(s => s.Name == scenario)?.Criteria.FirstOrDefault(c => c.Name == name);
        if (outcome is null || Criterion.TryParse(outcome.Name, outcome.Expression, out _) is not { } criterion)
        {
            return null;
        }

        var now = time.GetUtcNow();
        var recent = series.Where(p => p.Run.StartedAt >= series[^1].Run.StartedAt - ProjectionWindow).ToList();
        if (recent.Count < 3)
        {
            return null;
        }

        var origin = recent[0].Run.StartedAt;
        var xs = recent.Select(p => (p.Run.StartedAt - origin).TotalDays).ToList();
        var ys = recent.Select(p => p.Value).ToList();
        var (meanX, meanY) = (xs.Average(), ys.Average());
        var sxx = xs.Sum(x => (x - meanX) * (x - meanX));
        var slope = sxx <= 0 ? 0 : xs.Zip(ys).Sum(p => (p.First - meanX) * (p.Second - meanY)) / sxx;
        var fittedNow = meanY + (slope * ((now - origin).TotalDays - meanX));
        var threshold = criterion.Threshold;
        var metNow = criterion.IsMet(fittedNow);
        var towards = slope != 0 && Math.Sign(threshold - fittedNow) == Math.Sign(slope);
        DateTimeOffset? crosses = null;
        string note;
        if (!metNow)
        {
            note = $"the trend is already past {criterion.Expression}";
        }
        else if (!towards)
        {
            note = $"the trend moves away from {criterion.Expression} (or is flat): no crossing ahead";
        }
        else
        {
            var days = (threshold - fittedNow) / slope;
            crosses = days < 3650 ? now + TimeSpan.FromDays(days) : null;
            note = crosses is null ? "more than ten years away at this trend" : $"{metric} reaches {criterion.Expression[1..].TrimStart('=')} in about {days:0} days at this trend (a straight line through {recent.Count} runs of the last 30 days)";
        }

        return new Projection(outcome.Name + ": " + criterion.Expression, threshold, slope, fittedNow, recent.Count, crosses, note);
    }

    private static void WriteBand(Utf8JsonWriter w, TrendPoint? band)
    {
        w.WritePropertyName("band");
        if (band is null)
        {
            w.WriteNullValue();
            return;
        }

        w.WriteStartObject();
        w.WriteNumber("current", Round(band.Current));
        w.WriteNumber("median", Round(band.WindowMedian));
        w.WriteNumber("lower", Round(band.Lower));
        w.WriteNumber("upper", Round(band.Upper));
        w.WriteNumber("runs", band.Runs);
        w.WriteBoolean("outside", band.Outside);
        Number(w, "week_over_week_percent", band.WeekOverWeekPercent);
        w.WriteEndObject();
    }

    private static void WritePeriods(Utf8JsonWriter w, string name, IReadOnlyList<(RunInfo Run, double Value)> series, Func<DateTimeOffset, string> period)
    {
        w.WriteStartArray(name);
        double? previous = null;
        foreach (var group in series.GroupBy(p => period(p.Run.StartedAt)).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var values = group.Select(p => p.Value).Order().ToList();
            var median = values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
            w.WriteStartObject();
            w.WriteString("period", group.Key);
            w.WriteNumber("runs", values.Count);
            w.WriteNumber("median", Round(median));
            w.WriteNumber("min", Round(values[0]));
            w.WriteNumber("max", Round(values[^1]));
            Number(w, "change_percent", previous is { } before && Math.Abs(before) > 1e-9 ? 100 * (median - before) / Math.Abs(before) : null);
            w.WriteEndObject();
            previous = median;
        }

        w.WriteEndArray();
    }

    private static void WriteRun(Utf8JsonWriter w, string name, RunInfo run)
    {
        w.WriteStartObject(name);
        WriteRunFields(w, run);
        w.WriteEndObject();
    }

    /// <summary>A run's id, start, verdict, commit, branch and labels: what tells versions apart.</summary>
    private static void WriteRunFields(Utf8JsonWriter w, RunInfo run)
    {
        w.WriteString("run_id", run.Id);
        w.WriteString("at", run.StartedAt);
        w.WriteString("verdict", ResultsJsonWriter.VerdictName(run.Verdict));
        w.WriteString("commit", run.Environment.GitCommit);
        w.WriteString("branch", run.Environment.GitBranch);
        w.WriteStartObject("labels");
        foreach (var (key, label) in run.Labels)
        {
            w.WriteString(key, label);
        }

        w.WriteEndObject();
    }

    private static string Unit(string metric) => metric switch
    {
        "throughput" => "/s",
        "error_rate" => "%",
        _ => "ms",
    };

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            w.WriteNumber(name, Round(v));
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 4) : 0;

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private sealed record Projection(string Criterion, double Threshold, double SlopePerDay, double FittedNow, int Runs, DateTimeOffset? CrossesAt, string Note);
}
