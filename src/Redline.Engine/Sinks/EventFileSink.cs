using System.Text.Json;

namespace Redline.Engine;

/// <summary>
/// Writes events.ndjson: one line per event on a scenario's timeline (stage changes, target exits,
/// stops, notes, and the faults and alerts that others post), flushed as each comes.
/// </summary>
public sealed class EventFileSink : IIntervalSink, IDisposable
{
    private readonly NdjsonFile _file;
    private int? _repeat;

    /// <summary>Creates <paramref name="path"/>, replacing an earlier run's file of that name.</summary>
    public EventFileSink(string path) => _file = new NdjsonFile(path);

    /// <inheritdoc />
    public ValueTask OnScenarioStartAsync(ScenarioStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        _repeat = start.Repeats > 1 ? start.Repeat : null;
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnIntervalAsync(IntervalReport report, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask OnEventAsync(RunEvent runEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        _file.WriteLine(json => EventJson.Write(json, runEvent, withScenario: true, _repeat));
        _file.Flush();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}

/// <summary>One event as JSON, the same in events.ndjson and results.json.</summary>
internal static class EventJson
{
    public static void Write(Utf8JsonWriter json, RunEvent runEvent, bool withScenario, int? repeat = null)
    {
        json.WriteStartObject();
        if (withScenario)
        {
            json.WriteString("scenario", runEvent.Scenario);
        }

        if (repeat is { } number)
        {
            // Which repeat of the scenario it happened in: each repeat's times count from its own start.
            json.WriteNumber("repeat", number);
        }

        json.WriteNumber("at_s", Math.Round(runEvent.At.TotalSeconds, 3));
        if (withScenario)
        {
            // The file keeps the exact time too, so that a run rebuilt from it places each event where it was.
            json.WriteNumber("at_ticks", runEvent.At.Ticks);
        }

        json.WriteString("kind", runEvent.Kind.Name);
        json.WriteString("text", runEvent.Text);
        if (runEvent.Component is { } component)
        {
            json.WriteString("component", component);
        }

        if (runEvent.Data.Count > 0)
        {
            json.WriteStartObject("data");
            foreach (var (key, value) in runEvent.Data.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
