using System.Text.Json;

namespace Redline.Engine;

/// <summary>
/// The <c>scenario_start</c> and <c>scenario_end</c> lines of intervals.ndjson: what a scenario's
/// result needs besides its seconds and events (its run, criteria, limits, how it ended), so that
/// the file alone rebuilds it.
/// </summary>
internal static class StreamRecords
{
    public const string StartType = "scenario_start";
    public const string EndType = "scenario_end";

    public static void WriteStart(Utf8JsonWriter json, ScenarioStart start)
    {
        json.WriteStartObject();
        json.WriteString("type", StartType);
        json.WriteString("scenario", start.Scenario);
        json.WriteString("model", start.Model);
        json.WriteString("description", start.Description);
        json.WriteString("started_at", start.StartedAt);
        json.WriteNumber("duration_ticks", start.Duration.Ticks);
        json.WriteStartArray("components");
        foreach (var component in start.Components)
        {
            json.WriteStringValue(component);
        }

        json.WriteEndArray();
        json.WriteStartArray("criteria");
        foreach (var criterion in start.Criteria)
        {
            json.WriteStartObject();
            json.WriteString("name", criterion.Name);
            json.WriteString("expression", criterion.Expression);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("generator_limits");
        json.WriteNumber("max_schedule_lag_p99_ticks", start.Generator.MaxScheduleLagP99.Ticks);
        json.WriteNumber("max_cpu_percent", start.Generator.MaxCpuPercent);
        json.WriteEndObject();
        json.WriteBoolean("monitored", start.Monitored);
        if (start.Repeats > 1)
        {
            json.WriteNumber("repeat", start.Repeat);
            json.WriteNumber("repeats", start.Repeats);
        }

        if (start.Stages.Count > 0)
        {
            json.WriteStartArray("stages");
            foreach (var stage in start.Stages)
            {
                json.WriteStartObject();
                json.WriteNumber("stage", stage.Number);
                json.WriteNumber("start_ticks", stage.Start.Ticks);
                json.WriteNumber("end_ticks", stage.End.Ticks);
                json.WriteNumber("from", stage.From);
                json.WriteNumber("to", stage.To);
                json.WriteString("unit", stage.Unit);
                if (stage.Phase != "load")
                {
                    json.WriteString("phase", stage.Phase);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (start.StopCondition is { } condition)
        {
            json.WriteStartObject("stop_condition");
            json.WriteString("expression", condition.Expression);
            json.WriteNumber("window_ticks", condition.Window.Ticks);
            json.WriteNumber("min_samples", condition.MinSamples);
            json.WriteEndObject();
        }

        if (start.ThinkTime > TimeSpan.Zero)
        {
            json.WriteNumber("think_time_ticks", start.ThinkTime.Ticks);
        }

        if (start.MaxConcurrency > 0)
        {
            json.WriteNumber("max_concurrency", start.MaxConcurrency);
        }

        if (start.Transport is not null)
        {
            json.WriteString("transport", start.Transport);
        }

        if (start.Run is { } run)
        {
            json.WriteStartObject("run");
            json.WriteString("id", run.RunId);
            json.WriteString("suite", run.Suite);
            json.WriteString("started_at", run.StartedAt);
            json.WritePropertyName("environment");
            JsonSerializer.Serialize(json, run.Environment);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    public static ScenarioStart ReadStart(JsonElement line)
    {
        var criteria = new List<Criterion>();
        foreach (var item in line.GetProperty("criteria").EnumerateArray())
        {
            var name = item.GetProperty("name").GetString() ?? "";
            var expression = item.GetProperty("expression").GetString() ?? "";
            criteria.Add(Criterion.TryParse(name, expression, out var error) ?? throw new FormatException($"criterion {name}: {error}"));
        }

        var limits = line.GetProperty("generator_limits");
        RunIdentity? run = line.TryGetProperty("run", out var r)
            ? new RunIdentity(
                r.GetProperty("id").GetString() ?? "",
                r.GetProperty("suite").GetString() ?? "",
                r.GetProperty("started_at").GetDateTimeOffset(),
                r.GetProperty("environment").Deserialize<EnvironmentInfo>() ?? throw new FormatException("no environment"))
            : null;
        return new ScenarioStart(
            line.GetProperty("scenario").GetString() ?? "",
            line.GetProperty("model").GetString() ?? "",
            line.GetProperty("started_at").GetDateTimeOffset(),
            TimeSpan.FromTicks(line.GetProperty("duration_ticks").GetInt64()),
            [.. line.GetProperty("components").EnumerateArray().Select(c => c.GetString() ?? "")])
        {
            Description = line.GetProperty("description").GetString(),
            Criteria = criteria,
            Generator = new GeneratorLimits(TimeSpan.FromTicks(limits.GetProperty("max_schedule_lag_p99_ticks").GetInt64()), limits.GetProperty("max_cpu_percent").GetDouble()),
            Monitored = line.GetProperty("monitored").GetBoolean(),
            Run = run,
            Repeat = line.TryGetProperty("repeat", out var repeat) ? repeat.GetInt32() : 1,
            Repeats = line.TryGetProperty("repeats", out var repeats) ? repeats.GetInt32() : 1,
            Stages = line.TryGetProperty("stages", out var stages)
                ? [.. stages.EnumerateArray().Select(s => new StageSpan(
                    s.GetProperty("stage").GetInt32(),
                    TimeSpan.FromTicks(s.GetProperty("start_ticks").GetInt64()),
                    TimeSpan.FromTicks(s.GetProperty("end_ticks").GetInt64()),
                    s.GetProperty("from").GetDouble(),
                    s.GetProperty("to").GetDouble(),
                    s.GetProperty("unit").GetString() ?? "") { Phase = s.TryGetProperty("phase", out var phase) ? phase.GetString() ?? "load" : "load" })]
                : [],
            StopCondition = line.TryGetProperty("stop_condition", out var stop) ? ReadStopCondition(stop) : null,
            ThinkTime = line.TryGetProperty("think_time_ticks", out var think) ? TimeSpan.FromTicks(think.GetInt64()) : TimeSpan.Zero,
            MaxConcurrency = line.TryGetProperty("max_concurrency", out var max) ? max.GetInt32() : 0,
            Transport = line.TryGetProperty("transport", out var transport) ? transport.GetString() : null,
        };
    }

    private static StopCondition ReadStopCondition(JsonElement stop)
    {
        var expression = stop.GetProperty("expression").GetString() ?? "";
        var condition = StopCondition.TryParse(expression, out var error) ?? throw new FormatException($"stop condition {expression}: {error}");
        return condition with { Window = TimeSpan.FromTicks(stop.GetProperty("window_ticks").GetInt64()), MinSamples = stop.GetProperty("min_samples").GetInt32() };
    }

    public static void WriteEnd(Utf8JsonWriter json, string scenario, ScenarioEnd end)
    {
        json.WriteStartObject();
        json.WriteString("type", EndType);
        json.WriteString("scenario", scenario);
        json.WriteString("ended_at", end.EndedAt);
        json.WriteNumber("duration_ticks", end.Duration.Ticks);
        if (end.LoadEndedAt is { } loadEnded)
        {
            json.WriteNumber("load_ended_at_ticks", loadEnded.Ticks);
        }

        json.WriteBoolean("stopped_by_user", end.StoppedByUser);
        json.WriteString("abort_reason", end.AbortReason);
        json.WriteStartArray("notes");
        foreach (var note in end.Notes)
        {
            json.WriteStringValue(note);
        }

        json.WriteEndArray();
        if (end.Monitor is { } monitor)
        {
            json.WriteStartObject("monitor");
            json.WriteBoolean("supported", monitor.Supported);
            WriteNumberOrNull(json, "target_pid", monitor.TargetPid);
            WriteNumberOrNull(json, "runtime_pid", monitor.RuntimePid);
            json.WriteStartObject("unavailable");
            foreach (var (key, why) in end.Unavailable)
            {
                json.WriteString(key, why);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    public static ScenarioEnd ReadEnd(JsonElement line)
    {
        MonitorInfo? monitor = null;
        var unavailable = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (line.TryGetProperty("monitor", out var m))
        {
            monitor = new MonitorInfo(m.GetProperty("supported").GetBoolean(), IntOrNull(m, "target_pid"), IntOrNull(m, "runtime_pid"));
            foreach (var property in m.GetProperty("unavailable").EnumerateObject())
            {
                unavailable[property.Name] = property.Value.GetString() ?? "";
            }
        }

        return new ScenarioEnd(
            TimeSpan.FromTicks(line.GetProperty("duration_ticks").GetInt64()),
            line.TryGetProperty("load_ended_at_ticks", out var loadEnded) ? TimeSpan.FromTicks(loadEnded.GetInt64()) : null,
            line.GetProperty("stopped_by_user").GetBoolean(),
            line.GetProperty("abort_reason").GetString(),
            [.. line.GetProperty("notes").EnumerateArray().Select(n => n.GetString() ?? "")])
        {
            EndedAt = line.GetProperty("ended_at").GetDateTimeOffset(),
            Monitor = monitor,
            Unavailable = unavailable,
        };
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static int? IntOrNull(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}
