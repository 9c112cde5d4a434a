using System.Collections;
using System.Text.Json;

namespace Redline.Engine;

/// <summary>Reading a scenario that ran several times back as one: its repeats' seconds, back to back.</summary>
public static partial class IntervalFileReader
{
    /// <summary>
    /// Folds every repeat of <paramref name="scenario"/> in <paramref name="path"/> into one result by the builder a run
    /// uses: each repeat's seconds follow the previous repeat's, its events move with them, and the figures are those of
    /// all the seconds together. <paramref name="repeats"/> are the repeats' own results, kept as <see cref="ScenarioResult.Repeats"/>.
    /// </summary>
    /// <exception cref="FormatException">A line is not what Redline writes, or the file has no start for the scenario.</exception>
    internal static ScenarioResult FoldRepeats(string path, string scenario, IReadOnlyList<ScenarioResult> repeats)
    {
        ScenarioResultBuilder? builder = null;
        RecordedMonitor? monitor = null;
        var offsets = new List<long>();
        var ends = new List<ScenarioEnd>();
        var components = new List<IntervalSnapshot>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
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
                if (root.GetProperty("scenario").GetString() != scenario)
                {
                    continue;
                }

                var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
                if (type == StreamRecords.StartType)
                {
                    if (builder is null)
                    {
                        var start = StreamRecords.ReadStart(root);
                        monitor = start.Monitored ? new RecordedMonitor() : null;
                        // Stages are a repeat's own timeline; folded repeats give each repeat's figures instead.
                        builder = new ScenarioResultBuilder(start with { Repeat = 1, Stages = [] }, monitor, keepHistograms: false, keepTimeline: false);
                    }

                    offsets.Add(builder.Seconds);
                    continue;
                }

                if (builder is null)
                {
                    throw new FormatException($"a second of '{scenario}' before its scenario_start line");
                }

                if (type == StreamRecords.EndType)
                {
                    ends.Add(StreamRecords.ReadEnd(root));
                    continue;
                }

                var snapshot = Snapshot(root);
                if (snapshot.Component is not null)
                {
                    components.Add(snapshot);
                    continue;
                }

                builder.Add(Shifted(Report(root, scenario, snapshot, components), offsets[^1]));
                components = [];
            }
            catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new FormatException($"{path}:{lineNumber}: {exception.Message}", exception);
            }
        }

        if (builder is null)
        {
            throw new FormatException($"{path}: no scenario_start line for '{scenario}'");
        }

        foreach (var repeat in repeats)
        {
            var at = TimeSpan.FromSeconds(repeat.Repeat - 1 < offsets.Count ? offsets[repeat.Repeat - 1] : builder.Seconds);
            if (repeat.Repeat > 1)
            {
                builder.Add(new RunEvent(scenario, at, RunEventKind.Note, $"repeat {repeat.Repeat} of {repeats.Count} started"));
            }

            foreach (var runEvent in repeat.Events)
            {
                builder.Add(runEvent with { At = runEvent.At + at });
            }
        }

        var end = Joined(ends, repeats);
        monitor?.Take(end);
        var result = builder.Build(end);
        return result with
        {
            Timeline = new RepeatTimeline(Timeline(path, scenario)),
            Repeats = [.. repeats.Select(ScenarioRepeat.Of)],
        };
    }

    /// <summary>One end for all the repeats: their lengths added up, the first reason one stopped early, every note once.</summary>
    private static ScenarioEnd Joined(List<ScenarioEnd> ends, IReadOnlyList<ScenarioResult> repeats)
    {
        var loadEnded = ends.Any(e => e.LoadEndedAt is not null)
            ? TimeSpan.FromTicks(ends.Sum(e => (e.LoadEndedAt ?? e.Duration).Ticks))
            : (TimeSpan?)null;
        var aborted = ends.Select((e, i) => e.AbortReason is { } reason ? $"repeat {i + 1}: {reason}" : null).FirstOrDefault(r => r is not null);
        var last = ends.Count > 0 ? ends[^1] : null;
        return new ScenarioEnd(
            TimeSpan.FromTicks(ends.Sum(e => e.Duration.Ticks)),
            loadEnded,
            ends.Any(e => e.StoppedByUser),
            aborted ?? (ends.Count < repeats.Count ? $"{ends.Count} of {repeats.Count} repeats ended in the file" : null),
            [.. ends.SelectMany(e => e.Notes).Distinct(StringComparer.Ordinal)])
        {
            EndedAt = last?.EndedAt ?? repeats[^1].StartedAt + repeats[^1].Duration,
            Monitor = last?.Monitor,
            Unavailable = last?.Unavailable ?? new Dictionary<string, string>(StringComparer.Ordinal),
        };
    }

    /// <summary>A repeat's second moved <paramref name="offset"/> seconds on, after the repeats before it.</summary>
    private static IntervalReport Shifted(IntervalReport report, long offset) => offset == 0 ? report : report with
    {
        Second = report.Second + offset,
        Total = report.Total with { Second = report.Total.Second + offset },
        Components = [.. report.Components.Select(c => c with { Second = c.Second + offset })],
        Target = report.Target is { } target ? target with { Elapsed = target.Elapsed + TimeSpan.FromSeconds(offset) } : null,
    };

    /// <summary>The seconds of all a scenario's repeats as one timeline: each repeat's seconds numbered on from the last repeat's.</summary>
    private sealed class RepeatTimeline : IReadOnlyList<TimelinePoint>
    {
        private readonly IReadOnlyList<TimelinePoint> _points;
        private readonly long[] _offsets;

        public RepeatTimeline(IReadOnlyList<TimelinePoint> points)
        {
            _points = points;
            _offsets = new long[points.Count];
            long offset = 0;
            long previous = -1;
            var i = 0;
            foreach (var point in points)
            {
                if (point.Second + offset <= previous)
                {
                    offset = previous + 1 - point.Second;
                }

                _offsets[i++] = offset;
                previous = point.Second + offset;
            }
        }

        public int Count => _offsets.Length;

        public TimelinePoint this[int index] => Move(_points[index], _offsets[index]);

        public IEnumerator<TimelinePoint> GetEnumerator()
        {
            var i = 0;
            foreach (var point in _points)
            {
                yield return Move(point, _offsets[i++]);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        private static TimelinePoint Move(TimelinePoint point, long offset) => offset == 0 ? point : point with
        {
            Second = point.Second + offset,
            Total = point.Total with { Second = point.Total.Second + offset },
            Components = [.. point.Components.Select(c => c with { Second = c.Second + offset })],
            Target = point.Target is { } target ? target with { Elapsed = target.Elapsed + TimeSpan.FromSeconds(offset) } : null,
        };
    }
}
