using System.Collections;
using System.Text;
using System.Text.Json;

namespace Redline.Engine;

/// <summary>
/// Reads intervals.ndjson back, as <see cref="IntervalFileSink"/> wrote it: each second of a
/// scenario is its components' lines followed by the scenario's line (component null).
/// </summary>
public static partial class IntervalFileReader
{
    /// <summary>Every second in the file, in order, with the scenario it belongs to; read as enumerated.</summary>
    public static IEnumerable<(string Scenario, TimelinePoint Point)> Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        foreach (var item in ReadFrom(stream, scenario: null))
        {
            yield return item;
        }
    }

    /// <summary>A scenario's seconds, read from <paramref name="path"/> each time they are enumerated: the timeline of a long run without holding it in memory.</summary>
    public static IReadOnlyList<TimelinePoint> Timeline(string path, string scenario) => new FileTimeline(path, scenario);

    /// <summary>
    /// Rebuilds a run from its intervals.ndjson and events.ndjson: each scenario's start, seconds,
    /// events and end folded by the same builder the run used, so the result is the one the run
    /// wrote. A scenario the file has no end for (a killed run) is built from the seconds it has
    /// and fails, saying so.
    /// </summary>
    /// <exception cref="FormatException">A line is not what Redline writes, or no scenario starts in the file.</exception>
    public static RunResult Rebuild(string intervalsPath, string? eventsPath)
    {
        var events = eventsPath is not null && File.Exists(eventsPath) ? ReadEvents(eventsPath) : [];
        var results = new List<ScenarioResult>();
        RunIdentity? identity = null;
        var ended = DateTimeOffset.MinValue;
        ScenarioStart? start = null;
        ScenarioResultBuilder? builder = null;
        RecordedMonitor? monitor = null;
        var components = new List<IntervalSnapshot>();
        using var stream = new FileStream(intervalsPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        var lineNumber = 0;
        foreach (var line in Lines(stream))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
                if (type == StreamRecords.StartType)
                {
                    Finish();
                    start = StreamRecords.ReadStart(root);
                    identity ??= start.Run;
                    monitor = start.Monitored ? new RecordedMonitor() : null;
                    builder = new ScenarioResultBuilder(start, monitor, keepHistograms: false);
                    foreach (var (runEvent, _) in events.Where(e => e.Event.Scenario == start.Scenario && e.Repeat == start.Repeat))
                    {
                        builder.Add(runEvent);
                    }

                    continue;
                }

                if (builder is null || start is null)
                {
                    throw new FormatException("a second before any scenario_start line (a file from an older Redline?)");
                }

                if (type == StreamRecords.EndType)
                {
                    var end = StreamRecords.ReadEnd(root);
                    monitor?.Take(end);
                    results.Add(builder.Build(end));
                    ended = end.EndedAt;
                    (start, builder, monitor) = (null, null, null);
                    continue;
                }

                var snapshot = Snapshot(root);
                if (snapshot.Component is not null)
                {
                    components.Add(snapshot);
                    continue;
                }

                builder.Add(Report(root, start.Scenario, snapshot, components));
                components = [];
            }
            catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new FormatException($"{intervalsPath}:{lineNumber}: {exception.Message}", exception);
            }
        }

        Finish();
        if (identity is null)
        {
            throw new FormatException($"{intervalsPath}: no scenario_start line: nothing to rebuild");
        }

        return ScenarioRunner.Conclude(identity, results, ended == DateTimeOffset.MinValue ? identity.StartedAt : ended, stopped: false);

        // A scenario whose end was never written: the run was killed while it ran.
        void Finish()
        {
            if (builder is null || start is null)
            {
                return;
            }

            var seconds = builder.Seconds;
            var end = new ScenarioEnd(TimeSpan.FromSeconds(seconds), null, false, $"the run ended after {seconds} s, before this scenario did; rebuilt from the seconds it wrote", [])
            {
                EndedAt = start.StartedAt + TimeSpan.FromSeconds(seconds),
            };
            monitor?.Take(end);
            results.Add(builder.Build(end));
            ended = end.EndedAt;
            (start, builder, monitor) = (null, null, null);
        }
    }

    private static List<(RunEvent Event, int Repeat)> ReadEvents(string path)
    {
        var events = new List<(RunEvent, int)>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        foreach (var line in Lines(stream))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var data = new Dictionary<string, string>(StringComparer.Ordinal);
            if (root.TryGetProperty("data", out var d))
            {
                foreach (var property in d.EnumerateObject())
                {
                    data[property.Name] = property.Value.GetString() ?? "";
                }
            }

            var runEvent = new RunEvent(root.GetProperty("scenario").GetString() ?? "", TimeSpan.FromTicks(root.GetProperty("at_ticks").GetInt64()), new RunEventKind(root.GetProperty("kind").GetString() ?? ""), root.GetProperty("text").GetString() ?? "")
            {
                Component = root.TryGetProperty("component", out var c) ? c.GetString() : null,
                Data = data,
            };
            events.Add((runEvent, root.TryGetProperty("repeat", out var repeat) ? repeat.GetInt32() : 1));
        }

        return events;
    }

    /// <summary>A second's report as the run handed it to its sinks.</summary>
    private static IntervalReport Report(JsonElement root, string scenario, IntervalSnapshot total, List<IntervalSnapshot> components)
    {
        var point = Point(root, total, components);
        var at = TimeSpan.FromSeconds(total.Second + 1);
        return new IntervalReport(scenario, point.Second, point.Components, point.Total, point.Load, point.InFlight, point.Generator, point.Target)
        {
            Resources = root.TryGetProperty("resources", out var resources) ? ResourceFrameReader.Read(resources, at) : null,
            ScheduleLagHistogram = root.TryGetProperty("schedule_lag_histogram", out var lag) ? lag.GetString() ?? "" : "",
            InFlightMean = root.TryGetProperty("in_flight_mean", out var mean) ? mean.GetDouble() : null,
        };
    }

    /// <summary>Reads groups of lines from the stream's position until the end, or until one second of <paramref name="scenario"/> has been read when <paramref name="single"/>.</summary>
    private static IEnumerable<(string Scenario, TimelinePoint Point)> ReadFrom(Stream stream, string? scenario, bool single = false)
    {
        var components = new List<IntervalSnapshot>();
        var lineNumber = 0;
        foreach (var line in Lines(stream))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException exception)
            {
                throw new FormatException($"line {lineNumber}: {exception.Message}", exception);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.TryGetProperty("type", out _))
                {
                    continue;
                }

                var name = root.GetProperty("scenario").GetString() ?? "";
                if (scenario is not null && name != scenario)
                {
                    continue;
                }

                var snapshot = Snapshot(root);
                if (snapshot.Component is not null)
                {
                    components.Add(snapshot);
                    continue;
                }

                yield return (name, Point(root, snapshot, components));
                components = [];
                if (single)
                {
                    yield break;
                }
            }
        }
    }

    private static TimelinePoint Point(JsonElement root, IntervalSnapshot total, List<IntervalSnapshot> components)
    {
        var generator = new GeneratorSample(
            root.GetProperty("generator_cpu_percent").GetDouble(),
            root.GetProperty("schedule_lag_p99_ms").GetDouble(),
            root.TryGetProperty("schedule_lag_max_ms", out var max) ? max.GetDouble() : 0)
        {
            CpuMeasured = !root.TryGetProperty("generator_cpu_measured", out var measured) || measured.GetBoolean(),
        };
        ResourceSample? target = root.TryGetProperty("target_cpu_percent", out var cpu)
            ? new ResourceSample(
                root.TryGetProperty("target_elapsed_ms", out var elapsed) ? TimeSpan.FromMilliseconds(elapsed.GetDouble()) : TimeSpan.FromSeconds(total.Second + 1),
                cpu.GetDouble(),
                root.GetProperty("target_rss_bytes").GetInt64(),
                !root.TryGetProperty("target_alive", out var alive) || alive.GetBoolean())
            : null;
        return new TimelinePoint(total.Second, root.GetProperty("load").GetDouble(), root.GetProperty("in_flight").GetInt32(), total, components, generator, target);
    }

    private static IntervalSnapshot Snapshot(JsonElement line) => Snapshot(line, line.GetProperty("second").GetInt64(), line.GetProperty("component").GetString());

    private static IntervalSnapshot Snapshot(JsonElement line, long second, string? component) => new(
        second,
        component,
        line.GetProperty("requests").GetInt64(),
        line.GetProperty("errors").GetInt64(),
        line.GetProperty("dropped").GetInt64(),
        line.GetProperty("late").GetInt64(),
        line.GetProperty("interrupted").GetInt64(),
        Counts(line.GetProperty("errors_by_type")),
        Counts(line.GetProperty("status_codes")),
        Stats(line.GetProperty("latency_ms")),
        Stats(line.GetProperty("service_time_ms")),
        line.GetProperty("latency_histogram").GetString() ?? "",
        line.GetProperty("service_time_histogram").GetString() ?? "")
    {
        MaxStartLagMs = OptionalDouble(line, "max_start_lag_ms"),
        ConnectHistogram = OptionalString(line, "connect_histogram"),
        FirstByteHistogram = OptionalString(line, "ttfb_histogram"),
        SetupHistogram = OptionalString(line, "setup_histogram"),
        ErrorSamples = line.TryGetProperty("error_samples", out var samples) ? [.. samples.EnumerateArray().Select(s => s.GetString() ?? "")] : [],
        Steps = line.TryGetProperty("steps", out var steps) ? [.. steps.EnumerateArray().Select(step => Snapshot(step, second, step.GetProperty("name").GetString()))] : [],
        Skipped = line.TryGetProperty("skipped", out var skipped) ? skipped.GetInt64() : 0,
    };

    private static double OptionalDouble(JsonElement line, string name) => line.TryGetProperty(name, out var value) ? value.GetDouble() : 0;

    private static string OptionalString(JsonElement line, string name) => line.TryGetProperty(name, out var value) ? value.GetString() ?? "" : "";

    private static LatencyStats Stats(JsonElement stats) => new(
        stats.GetProperty("count").GetInt64(),
        stats.GetProperty("min").GetDouble(),
        stats.GetProperty("mean").GetDouble(),
        stats.GetProperty("stdev").GetDouble(),
        stats.GetProperty("p50").GetDouble(),
        stats.GetProperty("p75").GetDouble(),
        stats.GetProperty("p90").GetDouble(),
        stats.GetProperty("p95").GetDouble(),
        stats.GetProperty("p99").GetDouble(),
        stats.GetProperty("p999").GetDouble(),
        stats.GetProperty("max").GetDouble());

    private static SortedDictionary<string, long> Counts(JsonElement counts)
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var property in counts.EnumerateObject())
        {
            result[property.Name] = property.Value.GetInt64();
        }

        return result;
    }

    /// <summary>Complete lines as UTF-8 bytes; the stream's position after each is where the next starts.</summary>
    private static IEnumerable<byte[]> Lines(Stream stream)
    {
        var line = new MemoryStream();
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            if (b == '\n')
            {
                yield return line.ToArray();
                line.SetLength(0);
            }
            else
            {
                line.WriteByte((byte)b);
            }
        }

        // A line without its newline is one a killed run did not finish writing: it is left out.
    }

    /// <summary>A scenario's timeline in the file: an index of where each second starts, the seconds read on demand.</summary>
    private sealed class FileTimeline : IReadOnlyList<TimelinePoint>
    {
        private readonly string _path;
        private readonly string _scenario;
        private readonly long[] _offsets;

        public FileTimeline(string path, string scenario)
        {
            _path = path;
            _scenario = scenario;
            _offsets = [.. Index()];
        }

        public int Count => _offsets.Length;

        public TimelinePoint this[int index]
        {
            get
            {
                ArgumentOutOfRangeException.ThrowIfNegative(index);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _offsets.Length);
                using var stream = Open();
                stream.Position = _offsets[index];
                return ReadFrom(stream, _scenario, single: true).First().Point;
            }
        }

        public IEnumerator<TimelinePoint> GetEnumerator()
        {
            using var stream = Open();
            foreach (var (_, point) in ReadFrom(stream, _scenario))
            {
                yield return point;
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private FileStream Open() => new(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);

        /// <summary>The offset of the first line of each of the scenario's seconds: the line after the previous second's scenario line.</summary>
        private List<long> Index()
        {
            var offsets = new List<long>();
            using var stream = Open();
            var key = Encoding.UTF8.GetBytes($"{{\"scenario\":{JsonSerializer.Serialize(_scenario)},");
            long start = 0;
            var open = false;
            foreach (var line in Lines(stream))
            {
                var end = start + line.Length + 1;
                if (line.AsSpan().StartsWith(key))
                {
                    if (!open)
                    {
                        offsets.Add(start);
                        open = true;
                    }

                    if (line.AsSpan().IndexOf("\"component\":null"u8) >= 0)
                    {
                        open = false;
                    }
                }

                start = end;
            }

            // A second whose scenario line was never written (a killed run's last) is not a second.
            if (open)
            {
                offsets.RemoveAt(offsets.Count - 1);
            }

            return offsets;
        }
    }
}
