using System.Text.Json;

namespace Redline.Engine;

/// <summary>Writes results.json: versioned, snake_case, one object per scenario and per component.</summary>
public static class ResultsJsonWriter
{
    /// <summary>Writes <paramref name="result"/> to <paramref name="path"/> (through a temporary file, so a reader never sees half a file).</summary>
    public static void Write(RunResult result, string path)
    {
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            Write(result, stream);
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="result"/> to <paramref name="stream"/>.</summary>
    public static void Write(RunResult result, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(result);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("schema_version", RunResult.SchemaVersion);
        json.WriteString("run_id", result.RunId);
        json.WriteString("suite", result.Suite);
        json.WriteString("started_at", result.StartedAt);
        json.WriteString("ended_at", result.EndedAt);
        json.WriteString("verdict", VerdictName(result.Verdict));
        WriteGenerator(json, Worst(result.Scenarios));
        WriteEnvironment(json, result.Environment);
        json.WriteStartArray("scenarios");
        foreach (var scenario in result.Scenarios)
        {
            WriteScenario(json, scenario);
        }

        json.WriteEndArray();
        if (result.Alerts.Count > 0)
        {
            WriteAlerts(json, result.Alerts);
        }

        if (result.Micro.Count > 0)
        {
            MicroJson.Write(json, result.MicroFormat, result.Micro);
        }

        json.WriteEndObject();
    }

    private static void WriteAlerts(Utf8JsonWriter json, IReadOnlyList<AlertReport> alerts)
    {
        json.WriteStartArray("alerts");
        foreach (var alert in alerts)
        {
            json.WriteStartObject();
            json.WriteString("name", alert.Name);
            json.WriteString("condition", alert.Condition);
            json.WriteString("severity", alert.Severity);
            json.WriteString("scenario", alert.Scenario);
            json.WriteBoolean("fired", alert.Fired);
            json.WriteStartArray("transitions");
            foreach (var transition in alert.Transitions)
            {
                json.WriteStartObject();
                json.WriteString("state", transition.State);
                json.WriteString("at", transition.At);
                if (transition.Second is { } second)
                {
                    json.WriteNumber("second", second);
                }

                if (transition.Value is { } value && double.IsFinite(value))
                {
                    json.WriteNumber("value", Math.Round(value, 4));
                }

                json.WriteString("text", transition.Text);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("deliveries");
            foreach (var delivery in alert.Deliveries)
            {
                json.WriteStartObject();
                json.WriteString("channel", delivery.Channel);
                json.WriteString("type", delivery.Type);
                json.WriteString("action", delivery.Action);
                json.WriteBoolean("delivered", delivery.Delivered);
                json.WriteNumber("attempts", delivery.Attempts);
                if (delivery.Status is { } status)
                {
                    json.WriteNumber("status", status);
                }

                if (delivery.Error is not null)
                {
                    json.WriteString("error", delivery.Error);
                }

                json.WriteString("at", delivery.At);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>"passed", "failed" or "aborted".</summary>
    public static string VerdictName(Verdict verdict) => verdict switch
    {
        Verdict.Passed => "passed",
        Verdict.Failed => "failed",
        _ => "aborted",
    };

    private static void WriteScenario(Utf8JsonWriter json, ScenarioResult scenario)
    {
        json.WriteStartObject();
        json.WriteString("name", scenario.Name);
        json.WriteString("model", scenario.Model);
        if (scenario.Description is not null)
        {
            json.WriteString("description", scenario.Description);
        }

        json.WriteString("started_at", scenario.StartedAt);
        json.WriteNumber("duration_s", Math.Round(scenario.Duration.TotalSeconds, 3));
        json.WriteString("verdict", VerdictName(scenario.Verdict));
        json.WriteString("stop_reason", scenario.StopReason);
        WriteStrings(json, "notes", scenario.Notes);
        WriteMeasures(json, scenario.Totals);
        json.WriteStartArray("criteria");
        foreach (var criterion in scenario.Criteria)
        {
            json.WriteStartObject();
            json.WriteString("name", criterion.Name);
            json.WriteString("expression", criterion.Expression);
            WriteNumberOrNull(json, "actual", criterion.Actual);
            json.WriteString("unit", criterion.Unit);
            json.WriteBoolean("passed", criterion.Passed);
            if (criterion.Note is not null)
            {
                json.WriteString("note", criterion.Note);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteGenerator(json, scenario.Generator);
        WriteTarget(json, scenario.Target);
        ResourcesJson.WriteBusiness(json, scenario.Business);
        ResourcesJson.WriteResources(json, scenario.Resources);
        json.WriteStartArray("components");
        foreach (var component in scenario.Components)
        {
            json.WriteStartObject();
            json.WriteString("name", component.Name);
            WriteMeasures(json, component.Measures);
            WriteStrings(json, "error_samples", component.ErrorSamples);
            if (component.SessionSetup is { } setup)
            {
                json.WriteStartObject("session_setup_ms");
                json.WriteNumber("count", setup.Count);
                json.WriteNumber("p50", setup.P50);
                json.WriteNumber("p95", setup.P95);
                json.WriteNumber("p99", setup.P99);
                json.WriteNumber("max", setup.Max);
                json.WriteEndObject();
            }

            if (component.Steps.Count > 0)
            {
                json.WriteStartArray("steps");
                foreach (var step in component.Steps)
                {
                    json.WriteStartObject();
                    json.WriteString("name", step.Name);
                    json.WriteNumber("skipped", step.Skipped);
                    WriteMeasures(json, step.Measures);
                    WriteStrings(json, "error_samples", step.ErrorSamples);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteRepeats(json, scenario.Repeats);
        WriteStages(json, scenario.Stages);
        StressJson.WriteStress(json, scenario.Stress);
        StressJson.WriteCapacity(json, scenario.Capacity);
        StressJson.WriteChaos(json, scenario.Chaos);
        json.WriteStartArray("events");
        foreach (var runEvent in scenario.Events)
        {
            EventJson.Write(json, runEvent, withScenario: false);
        }

        json.WriteEndArray();
        json.WriteStartArray("timeline");
        foreach (var point in scenario.Timeline)
        {
            WriteTimelinePoint(json, point);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Each stage's figures, the degradation curve, when the load has stages.</summary>
    private static void WriteStages(Utf8JsonWriter json, IReadOnlyList<StageResult> stages)
    {
        if (stages.Count == 0)
        {
            return;
        }

        json.WriteStartArray("stages");
        foreach (var stage in stages)
        {
            var span = stage.Span;
            json.WriteStartObject();
            json.WriteNumber("stage", span.Number);
            json.WriteNumber("start_s", Math.Round(span.Start.TotalSeconds, 3));
            json.WriteNumber("end_s", Math.Round(span.End.TotalSeconds, 3));
            json.WriteNumber("load_from", span.From);
            json.WriteNumber("load_to", span.To);
            json.WriteString("load_unit", span.Unit);
            json.WriteString("phase", span.Phase);
            WriteMeasures(json, stage.Measures);
            json.WriteNumber("in_flight_mean", stage.InFlightMean);
            WriteNumberOrNull(json, "target_cpu_percent", stage.TargetCpuPercent);
            WriteNumberOrNull(json, "target_memory_peak_bytes", stage.TargetMemoryPeakBytes);
            WriteNumberOrNull(json, "target_thread_pool_queue_max", stage.ThreadPoolQueueMax);
            WriteNumberOrNull(json, "target_time_in_gc_percent", stage.TimeInGcPercent);
            StressJson.WriteStageComponents(json, stage.Components);
            json.WriteStartObject("generator");
            json.WriteNumber("cpu_percent", stage.GeneratorCpuPercent);
            json.WriteNumber("schedule_lag_p99_ms", Math.Round(stage.ScheduleLagP99Ms, 3));
            json.WriteBoolean("saturated", stage.GeneratorSaturated);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Each repeat's own figures and, per metric, their spread, when the scenario ran several times.</summary>
    private static void WriteRepeats(Utf8JsonWriter json, IReadOnlyList<ScenarioRepeat> repeats)
    {
        if (repeats.Count == 0)
        {
            return;
        }

        json.WriteStartObject("repeats");
        json.WriteNumber("count", repeats.Count);
        json.WriteStartObject("spread");
        foreach (var spread in RepeatSpread.Of(repeats))
        {
            json.WriteStartObject(spread.Metric);
            json.WriteString("unit", spread.Unit);
            json.WriteNumber("mean", Math.Round(spread.Mean, 4));
            json.WriteNumber("sd", Math.Round(spread.StandardDeviation, 4));
            json.WriteNumber("cv_percent", Math.Round(spread.CvPercent, 2));
            json.WriteNumber("min", Math.Round(spread.Min, 4));
            json.WriteNumber("max", Math.Round(spread.Max, 4));
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteStartArray("runs");
        foreach (var repeat in repeats)
        {
            json.WriteStartObject();
            json.WriteNumber("repeat", repeat.Number);
            json.WriteString("started_at", repeat.StartedAt);
            json.WriteNumber("duration_s", Math.Round(repeat.Duration.TotalSeconds, 3));
            json.WriteString("verdict", VerdictName(repeat.Verdict));
            WriteMeasures(json, repeat.Totals);
            json.WriteStartArray("components");
            foreach (var component in repeat.Components)
            {
                json.WriteStartObject();
                json.WriteString("name", component.Name);
                WriteMeasures(json, component.Measures);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMeasures(Utf8JsonWriter json, Measures measures)
    {
        json.WriteNumber("requests", measures.Requests);
        json.WriteNumber("errors", measures.Errors);
        json.WriteNumber("error_rate", measures.ErrorRatePercent);
        json.WriteNumber("throughput_rps", measures.ThroughputRps);
        WriteStats(json, "latency_ms", measures.Latency);
        WriteStats(json, "service_time_ms", measures.ServiceTime);
        if (measures.Connect.Count > 0)
        {
            WriteStats(json, "connect_ms", measures.Connect);
        }

        if (measures.TimeToFirstByte.Count > 0)
        {
            WriteStats(json, "ttfb_ms", measures.TimeToFirstByte);
        }

        WriteCounts(json, "errors_by_type", measures.ErrorsByType);
        WriteCounts(json, "status_codes", measures.StatusCodes);
        json.WriteNumber("late_iterations", measures.LateIterations);
        json.WriteNumber("max_start_lag_ms", measures.MaxStartLagMs);
        json.WriteNumber("dropped_iterations", measures.DroppedIterations);
        json.WriteNumber("interrupted_iterations", measures.InterruptedIterations);
    }

    internal static void WriteStats(Utf8JsonWriter json, string name, LatencyStats stats)
    {
        json.WriteStartObject(name);
        json.WriteNumber("count", stats.Count);
        json.WriteNumber("min", stats.Min);
        json.WriteNumber("mean", stats.Mean);
        json.WriteNumber("stdev", stats.Stdev);
        json.WriteNumber("p50", stats.P50);
        json.WriteNumber("p75", stats.P75);
        json.WriteNumber("p90", stats.P90);
        json.WriteNumber("p95", stats.P95);
        json.WriteNumber("p99", stats.P99);
        json.WriteNumber("p999", stats.P999);
        json.WriteNumber("max", stats.Max);
        json.WriteEndObject();
    }

    /// <summary>A number, or null for one that is missing or not finite (JSON has no NaN or infinity).</summary>
    internal static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    internal static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    internal static void WriteCounts(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, long> counts)
    {
        json.WriteStartObject(name);
        foreach (var (key, value) in counts)
        {
            json.WriteNumber(key, value);
        }

        json.WriteEndObject();
    }

    private static void WriteTimelinePoint(Utf8JsonWriter json, TimelinePoint point)
    {
        json.WriteStartObject();
        json.WriteNumber("second", point.Second);
        json.WriteNumber("load", Math.Round(point.Load, 3));
        json.WriteNumber("in_flight", point.InFlight);
        json.WriteNumber("requests", point.Total.Requests);
        json.WriteNumber("errors", point.Total.Errors);
        json.WriteNumber("p50_ms", point.Total.Latency.P50);
        json.WriteNumber("p95_ms", point.Total.Latency.P95);
        json.WriteNumber("p99_ms", point.Total.Latency.P99);
        json.WriteNumber("max_ms", point.Total.Latency.Max);
        json.WriteNumber("dropped", point.Total.Dropped);
        json.WriteNumber("late", point.Total.Late);
        json.WriteNumber("generator_cpu_percent", point.Generator.CpuPercent);
        json.WriteNumber("schedule_lag_p99_ms", point.Generator.ScheduleLagP99Ms);
        if (point.Target is { } target)
        {
            json.WriteNumber("target_cpu_percent", Math.Round(target.CpuPercent, 2));
            json.WriteNumber("target_rss_bytes", target.RssBytes);
        }

        json.WriteStartObject("components");
        foreach (var component in point.Components)
        {
            json.WriteStartObject(component.Component!);
            json.WriteNumber("requests", component.Requests);
            json.WriteNumber("errors", component.Errors);
            json.WriteNumber("p95_ms", component.Latency.P95);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteGenerator(Utf8JsonWriter json, GeneratorReport generator)
    {
        json.WriteStartObject("generator");
        json.WriteNumber("cpu_percent", generator.CpuPercent);
        json.WriteNumber("peak_cpu_percent", generator.PeakCpuPercent);
        json.WriteNumber("schedule_lag_p99_ms", generator.ScheduleLagP99Ms);
        json.WriteNumber("max_schedule_lag_ms", generator.MaxScheduleLagMs);
        json.WriteBoolean("saturated", generator.Saturated);
        json.WriteString("cause", generator.Cause.ToString().ToLowerInvariant());
        if (generator.Transport is not null)
        {
            json.WriteString("transport", generator.Transport);
        }

        WriteStrings(json, "reasons", generator.Reasons);
        json.WriteEndObject();
    }

    private static void WriteTarget(Utf8JsonWriter json, TargetReport? target)
    {
        if (target is null)
        {
            json.WriteNull("target");
            return;
        }

        json.WriteStartObject("target");
        json.WriteNumber("cpu_percent_mean", target.CpuPercentMean);
        json.WriteNumber("cpu_percent_peak", target.CpuPercentPeak);
        json.WriteNumber("cpu_usage_percent", target.CpuUsagePercent);
        json.WriteNumber("memory_peak_bytes", target.MemoryPeakBytes);
        json.WriteNumber("memory_mean_bytes", target.MemoryMeanBytes);
        json.WriteString("note", target.Note);
        json.WriteStartArray("samples");
        foreach (var sample in target.Samples)
        {
            json.WriteStartObject();
            json.WriteNumber("t_s", Math.Round(sample.Elapsed.TotalSeconds, 3));
            json.WriteNumber("cpu_percent", Math.Round(sample.CpuPercent, 2));
            json.WriteNumber("rss_bytes", sample.RssBytes);
            json.WriteBoolean("alive", sample.Alive);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteEnvironment(Utf8JsonWriter json, EnvironmentInfo environment)
    {
        json.WriteStartObject("environment");
        json.WriteString("fingerprint", environment.Fingerprint);
        json.WriteString("machine", environment.MachineName);
        json.WriteString("os", environment.Os);
        json.WriteString("architecture", environment.Architecture);
        json.WriteString("cpu_model", environment.CpuModel);
        json.WriteNumber("cores", environment.Cores);
        json.WriteNumber("memory_bytes", environment.MemoryBytes);
        json.WriteString("runtime", environment.Runtime);
        json.WriteString("gc_mode", environment.GcMode);
        json.WriteString("git_commit", environment.GitCommit);
        json.WriteString("git_branch", environment.GitBranch);
        if (environment.GitDirty is { } dirty)
        {
            json.WriteBoolean("git_dirty", dirty);
        }
        else
        {
            json.WriteNull("git_dirty");
        }

        json.WriteEndObject();
    }

    private static GeneratorReport Worst(IReadOnlyList<ScenarioResult> scenarios) =>
        scenarios.Count == 0
            ? new GeneratorReport(0, 0, 0, 0, false, [])
            : new GeneratorReport(
                scenarios.Max(s => s.Generator.CpuPercent),
                scenarios.Max(s => s.Generator.PeakCpuPercent),
                scenarios.Max(s => s.Generator.ScheduleLagP99Ms),
                scenarios.Max(s => s.Generator.MaxScheduleLagMs),
                scenarios.Any(s => s.Generator.Saturated),
                [.. scenarios.SelectMany(s => s.Generator.Reasons.Select(r => $"{s.Name}: {r}"))])
            {
                Cause = scenarios.Select(s => s.Generator.Cause).Distinct().Where(c => c != SaturationCause.None).ToList() switch
                {
                    [] => SaturationCause.None,
                    [var one] => one,
                    var several => several.Contains(SaturationCause.Generator) || several.Contains(SaturationCause.Both) ? several.Contains(SaturationCause.Machine) || several.Contains(SaturationCause.Both) ? SaturationCause.Both : SaturationCause.Generator : SaturationCause.Machine,
                },
                Transport = scenarios.Select(s => s.Generator.Transport).FirstOrDefault(t => t is not null),
            };
}
