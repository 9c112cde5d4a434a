using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Redline.Engine;

namespace Redline.Dashboard;

/// <summary>
/// What the dashboard and <c>/metrics</c> know of a run, fed by the per-second stream: each scenario's seconds as
/// the page draws them, its events, running totals with one latency histogram per component, and the last few
/// hundred frames for pages that reconnect. Its size grows with seconds and components, never with requests, and
/// every part of it is bounded.
/// </summary>
public sealed class LiveState
{
    /// <summary>Frames kept for a page that reconnects: a reconnect within this many frames resumes with no gap.</summary>
    public const int MaxRecentFrames = 600;

    /// <summary>Seconds kept per scenario for a page that opens late; past it, every other kept second is let go, and only every second such second is kept from then on.</summary>
    public const int MaxRowsPerScenario = 7200;

    /// <summary>Timeline events kept; the oldest go first.</summary>
    public const int MaxTimeline = 2000;

    /// <summary>Components shown and exported per scenario; those past it are folded into one named <c>other</c>.</summary>
    public const int MaxComponents = 50;

    /// <summary>Status codes and error classes kept per component; the rest are counted as <c>other</c>.</summary>
    public const int MaxLabelValues = 20;

    /// <summary>Frames a page may have waiting before its stream is closed (it then reconnects and resumes).</summary>
    public const int SubscriberBacklog = 2048;

    private readonly object _gate = new();
    private readonly int _maxRows;
    private readonly Queue<LiveFrame> _recent = new();
    private readonly List<ScenarioLive> _scenarios = [];
    private readonly Queue<string> _timeline = new();
    private readonly HashSet<Channel<LiveFrame>> _subscribers = [];
    private long _lastId;
    private string? _runJson;
    private string? _finalJson;

    /// <summary>A state that keeps up to <see cref="MaxRowsPerScenario"/> seconds per scenario.</summary>
    public LiveState()
        : this(MaxRowsPerScenario)
    {
    }

    internal LiveState(int maxRows) => _maxRows = maxRows;

    /// <summary>The suite's name, once a scenario has started.</summary>
    public string? Suite { get; private set; }

    /// <summary>The run's id, once a scenario has started.</summary>
    public string? RunId { get; private set; }

    /// <summary>How many regressions the comparison with the baseline found, once it ran.</summary>
    public int? Regressions { get; set; }

    /// <summary>The id of the newest frame.</summary>
    public long LastId
    {
        get
        {
            lock (_gate)
            {
                return _lastId;
            }
        }
    }

    /// <summary>True once the run's result has been posted.</summary>
    public bool Finished
    {
        get
        {
            lock (_gate)
            {
                return _finalJson is not null;
            }
        }
    }

    /// <summary>Pages connected now.</summary>
    public int Subscribers
    {
        get
        {
            lock (_gate)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>A scenario starts.</summary>
    public void Start(ScenarioStart start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var scenario = new ScenarioLive(start);
        var json = Json(w => LiveJson.WriteScenario(w, start));
        lock (_gate)
        {
            if (_runJson is null && start.Run is { } run)
            {
                Suite = run.Suite;
                RunId = run.RunId;
                _runJson = Json(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("suite", run.Suite);
                    w.WriteString("run_id", run.RunId);
                    w.WriteString("started_at", run.StartedAt);
                    w.WriteEndObject();
                });
            }

            scenario.StartJson = json;
            _scenarios.Add(scenario);
            Publish("scenario", json);
        }
    }

    /// <summary>One closed second of a scenario.</summary>
    public void Second(IntervalReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_gate)
        {
            var scenario = Find(report.Scenario);
            if (scenario is null)
            {
                return;
            }

            scenario.Add(report);
            var json = Json(w => LiveJson.WriteSecond(w, scenario, report));
            if (report.Second % scenario.ThinnedEvery == 0)
            {
                scenario.Rows.Add((report.Second, json));
            }

            if (scenario.Rows.Count > _maxRows)
            {
                // Keep every other kept second, and from now on only those: a late page sees the whole run at half the resolution.
                scenario.ThinnedEvery *= 2;
                scenario.Rows.RemoveAll(r => r.Second % scenario.ThinnedEvery != 0);
            }

            Publish("second", json);
        }
    }

    /// <summary>An event on a scenario's timeline: a stage, a fault, a note.</summary>
    public void Event(RunEvent runEvent)
    {
        ArgumentNullException.ThrowIfNull(runEvent);
        var json = Json(w => LiveJson.WriteEvent(w, runEvent));
        lock (_gate)
        {
            _timeline.Enqueue(json);
            while (_timeline.Count > MaxTimeline)
            {
                _timeline.Dequeue();
            }

            Publish("timeline", json);
        }
    }

    /// <summary>A scenario ended with its result.</summary>
    public void End(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var json = Json(w => LiveJson.WriteScenarioEnd(w, result));
        lock (_gate)
        {
            if (Find(result.Name) is { } scenario)
            {
                scenario.EndJson = json;
            }

            Publish("scenario_end", json);
        }
    }

    /// <summary>The run's result: the page shows it until Redline exits.</summary>
    public void Finish(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var json = Json(w => LiveJson.WriteRunEnd(w, result));
        lock (_gate)
        {
            _finalJson = json;
            Publish("run_end", json);
        }
    }

    /// <summary>
    /// Starts a page's stream. After <paramref name="lastEventId"/> still among the recent frames, the frames after it
    /// (no gap, no repeat); otherwise one <c>snapshot</c> with everything kept, under the newest frame's id.
    /// </summary>
    public LiveSubscription Subscribe(long? lastEventId)
    {
        var channel = Channel.CreateBounded<LiveFrame>(new BoundedChannelOptions(SubscriberBacklog) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });
        lock (_gate)
        {
            List<LiveFrame> replay;
            var oldest = _recent.Count == 0 ? _lastId + 1 : _recent.Peek().Id;
            if (lastEventId is { } last && last <= _lastId && last >= oldest - 1)
            {
                replay = [.. _recent.Where(f => f.Id > last)];
            }
            else
            {
                replay = [new LiveFrame(_lastId, "snapshot", Snapshot())];
            }

            _subscribers.Add(channel);
            return new LiveSubscription(replay, channel.Reader, () => Unsubscribe(channel));
        }
    }

    /// <summary>Everything kept, as the <c>snapshot</c> event carries it.</summary>
    public string SnapshotJson()
    {
        lock (_gate)
        {
            return Snapshot();
        }
    }

    /// <summary>Ends every page's stream (Redline is exiting); the pages keep what they show.</summary>
    public void CloseAll()
    {
        lock (_gate)
        {
            foreach (var channel in _subscribers)
            {
                channel.Writer.TryComplete();
            }

            _subscribers.Clear();
        }
    }

    /// <summary>Reads the running totals under the state's lock, for <c>/metrics</c>.</summary>
    internal T Read<T>(Func<IReadOnlyList<ScenarioLive>, T> read)
    {
        lock (_gate)
        {
            return read(_scenarios);
        }
    }

    private void Unsubscribe(Channel<LiveFrame> channel)
    {
        lock (_gate)
        {
            _subscribers.Remove(channel);
        }
    }

    private ScenarioLive? Find(string name)
    {
        // The newest scenario of that name: a repeated scenario starts afresh.
        for (var i = _scenarios.Count - 1; i >= 0; i--)
        {
            if (_scenarios[i].Name == name)
            {
                return _scenarios[i];
            }
        }

        return null;
    }

    private void Publish(string type, string json)
    {
        var frame = new LiveFrame(++_lastId, type, json);
        _recent.Enqueue(frame);
        while (_recent.Count > MaxRecentFrames)
        {
            _recent.Dequeue();
        }

        List<Channel<LiveFrame>>? behind = null;
        foreach (var channel in _subscribers)
        {
            if (!channel.Writer.TryWrite(frame))
            {
                (behind ??= []).Add(channel);
            }
        }

        // A page that fell this far behind is closed; it reconnects with its last id and resumes or starts afresh.
        foreach (var channel in behind ?? [])
        {
            channel.Writer.TryComplete();
            _subscribers.Remove(channel);
        }
    }

    private string Snapshot() => Json(w =>
    {
        w.WriteStartObject();
        w.WritePropertyName("run");
        Raw(w, _runJson);
        w.WriteStartArray("scenarios");
        foreach (var scenario in _scenarios)
        {
            w.WriteStartObject();
            w.WritePropertyName("start");
            Raw(w, scenario.StartJson);
            w.WriteNumber("thinned_every", scenario.ThinnedEvery);
            w.WriteStartArray("seconds");
            foreach (var row in scenario.Rows)
            {
                w.WriteRawValue(row.Json, skipInputValidation: true);
            }

            w.WriteEndArray();
            w.WritePropertyName("end");
            Raw(w, scenario.EndJson);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartArray("timeline");
        foreach (var runEvent in _timeline)
        {
            w.WriteRawValue(runEvent, skipInputValidation: true);
        }

        w.WriteEndArray();
        w.WritePropertyName("final");
        Raw(w, _finalJson);
        w.WriteEndObject();
    });

    private static void Raw(Utf8JsonWriter writer, string? json)
    {
        if (json is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteRawValue(json, skipInputValidation: true);
        }
    }

    internal static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>A page's stream: what it missed (or the snapshot), then each new frame until Redline exits.</summary>
/// <param name="Replay">Frames to send first.</param>
/// <param name="Live">New frames as they come.</param>
/// <param name="Leave">Unsubscribes.</param>
public sealed record LiveSubscription(IReadOnlyList<LiveFrame> Replay, ChannelReader<LiveFrame> Live, Action Leave) : IDisposable
{
    /// <inheritdoc />
    public void Dispose() => Leave();
}
