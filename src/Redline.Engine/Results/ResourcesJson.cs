using System.Text.Json;
using static Redline.Engine.ResultsJsonWriter;

namespace Redline.Engine;

/// <summary>Writes the resource and business parts of results.json and intervals.ndjson.</summary>
public static class ResourcesJson
{
    /// <summary>Writes a scenario's <c>resources</c> object: status, what was unavailable, the GC pauses, the heap's growth, each series' summary and the per-second series.</summary>
    public static void WriteResources(Utf8JsonWriter json, ResourceReport? resources)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (resources is null)
        {
            json.WriteNull("resources");
            return;
        }

        json.WriteStartObject("resources");
        json.WriteString("status", resources.Status);
        WriteNumberOrNull(json, "target_pid", resources.TargetPid);
        WriteNumberOrNull(json, "target_runtime_pid", resources.TargetRuntimePid);
        WriteNumberOrNull(json, "target_exited_at_s", resources.TargetExitedAtSeconds);
        json.WriteStartObject("unavailable");
        foreach (var (family, reason) in resources.Unavailable)
        {
            json.WriteString(family, reason);
        }

        json.WriteEndObject();
        WritePauses(json, "target_gc_pauses_ms", resources.TargetGcPauses);
        WritePauses(json, "generator_gc_pauses_ms", resources.GeneratorGcPauses);
        WriteNumberOrNull(json, "heap_growth_bytes_per_hour", resources.HeapGrowthBytesPerHour);
        if (resources.HeapGrowthNote is { } note)
        {
            json.WriteString("heap_growth_note", note);
        }
        json.WriteStartObject("summary");
        foreach (var series in resources.Series)
        {
            if (series.Summary is not { } s)
            {
                continue;
            }

            json.WriteStartObject(series.Name);
            json.WriteString("unit", series.Unit);
            json.WriteNumber("count", s.Count);
            json.WriteNumber("min", s.Min);
            json.WriteNumber("mean", Math.Round(s.Mean, 3));
            json.WriteNumber("p50", s.P50);
            json.WriteNumber("p95", s.P95);
            json.WriteNumber("max", s.Max);
            json.WriteNumber("last", s.Last);
            json.WriteEndObject();
        }

        json.WriteEndObject();
        json.WriteStartObject("series");
        WriteColumn(json, "t_s", resources.Seconds.Select(s => (double?)s));
        foreach (var series in resources.Series)
        {
            WriteColumn(json, series.Name, series.Values);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>Writes a scenario's <c>business</c> object.</summary>
    public static void WriteBusiness(Utf8JsonWriter json, BusinessReport? business)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (business is null)
        {
            json.WriteNull("business");
            return;
        }

        json.WriteStartObject("business");
        json.WriteNumber("requests_per_s", business.RequestsPerSecond);
        json.WriteNumber("successful_requests", business.SuccessfulRequests);
        json.WriteNumber("error_rate", business.ErrorRatePercent);
        WriteCounts(json, "errors_by_type", business.ErrorsByType);
        WriteNumberOrNull(json, "recovery_time_s", business.RecoveryTimeSeconds);
        json.WriteBoolean("unrecovered", business.Unrecovered);
        json.WriteStartArray("error_bursts");
        foreach (var burst in business.ErrorBursts)
        {
            json.WriteStartObject();
            json.WriteNumber("start_s", burst.StartSecond);
            json.WriteNumber("last_error_s", burst.LastErrorSecond);
            json.WriteNumber("errors", burst.Errors);
            WriteNumberOrNull(json, "recovery_s", burst.RecoverySeconds);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteSpread(json, "queue_depth", business.QueueDepth);
        WriteSpread(json, "target_thread_pool_threads", business.TargetThreadPoolThreads);
        WriteSpread(json, "target_thread_pool_queue", business.TargetThreadPoolQueue);
        json.WriteEndObject();
    }

    /// <summary>Writes one second's figures as a <c>resources</c> object of name to value, for intervals.ndjson.</summary>
    public static void WriteFrame(Utf8JsonWriter json, ResourceFrame frame)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(frame);

        // Unrounded, so that the seconds read back fold to the very figures the run reported.
        json.WriteStartObject("resources");
        foreach (var value in ResourceValues.Of(frame))
        {
            WriteNumberOrNull(json, value.Name, value.Value);
        }

        if (frame.TargetRuntime is { Connected: true } runtime)
        {
            WriteColumn(json, "target.runtime.gc_pauses_ms", runtime.GcPausesMs.Select(p => (double?)p));
        }

        if (frame.GeneratorRuntime is { Connected: true } generator)
        {
            WriteColumn(json, "generator.runtime.gc_pauses_ms", generator.GcPausesMs.Select(p => (double?)p));
        }

        json.WriteEndObject();
    }

    private static void WritePauses(Utf8JsonWriter json, string name, GcPauseSummary? pauses)
    {
        if (pauses is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("count", pauses.Count);
        json.WriteNumber("total", pauses.TotalMs);
        json.WriteNumber("p50", pauses.P50Ms);
        json.WriteNumber("p95", pauses.P95Ms);
        json.WriteNumber("p99", pauses.P99Ms);
        json.WriteNumber("max", pauses.MaxMs);
        json.WriteEndObject();
    }

    private static void WriteSpread(Utf8JsonWriter json, string name, Spread? spread)
    {
        if (spread is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteNumber("mean", spread.Mean);
        json.WriteNumber("p95", spread.P95);
        json.WriteNumber("max", spread.Max);
        json.WriteEndObject();
    }

    private static void WriteColumn(Utf8JsonWriter json, string name, IEnumerable<double?> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            if (value is { } v && double.IsFinite(v))
            {
                json.WriteNumberValue(v);
            }
            else
            {
                json.WriteNullValue();
            }
        }

        json.WriteEndArray();
    }
}
