namespace Redline.Engine;

/// <summary>Gathers one scenario's resource frames into a <see cref="ResourceReport"/>.</summary>
internal sealed class ResourceReportBuilder(IResourceMonitor monitor)
{
    /// <summary>Heap growth needs this many seconds of heap sizes: over less, the start-up climb and single collections dominate it.</summary>
    private const int MinHeapSeconds = 30;

    /// <summary>The slope uses at most this many evenly spread points, so that an hour-long run costs what a short one does.</summary>
    private const int MaxSlopePoints = 240;

    /// <summary>After-GC heap sizes the trend needs.</summary>
    private const int MinCollections = 5;

    private readonly List<double> _seconds = [];
    private readonly Dictionary<string, (string Unit, List<double?> Values)> _series = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly List<double> _targetPauses = [];
    private readonly List<double> _generatorPauses = [];
    private bool _targetRuntimeRead;
    private int _targetRuntimeSeconds;
    private bool _generatorRuntimeRead;
    private double? _exitedAt;

    public void Add(ResourceFrame frame)
    {
        var index = _seconds.Count;
        _seconds.Add(Math.Round(frame.Elapsed.TotalSeconds, 3));
        foreach (var value in ResourceValues.Of(frame))
        {
            if (!_series.TryGetValue(value.Name, out var series))
            {
                series = (value.Unit, []);
                _series[value.Name] = series;
                _order.Add(value.Name);
            }

            // A series that appears late (a new disk, a runtime that connected after a while) is padded with nulls.
            while (series.Values.Count < index)
            {
                series.Values.Add(null);
            }

            // JSON has no NaN or infinity: a figure that is not a number was not read.
            series.Values.Add(value.Value is { } v && double.IsFinite(v) ? Math.Round(v, 3) : null);
        }

        if (frame.Target is { Alive: false } && _exitedAt is null)
        {
            _exitedAt = Math.Round(frame.Elapsed.TotalSeconds, 3);
        }

        if (frame.TargetRuntime is { Connected: true } runtime)
        {
            _targetRuntimeRead = true;
            _targetRuntimeSeconds++;
            _targetPauses.AddRange(runtime.GcPausesMs);
        }

        if (frame.GeneratorRuntime is { Connected: true } generator)
        {
            _generatorRuntimeRead = true;
            _generatorPauses.AddRange(generator.GcPausesMs);
        }
    }

    public ResourceReport Build()
    {
        var series = _order.Select(name =>
        {
            var (unit, values) = _series[name];
            while (values.Count < _seconds.Count)
            {
                values.Add(null);
            }

            return new ResourceSeries(name, unit, values);
        }).ToList();
        var (growth, note) = HeapGrowth(series);
        var unavailable = new SortedDictionary<string, string>(monitor.Unavailable.ToDictionary(), StringComparer.Ordinal);

        // Pauses seen in a few seconds of a long scenario say little about its p99, and none seen
        // would read as a perfect 0 ms: such a runtime's pauses are not summarised, and it says why.
        var pausesJudged = _targetRuntimeRead && _targetRuntimeSeconds * 2 >= _seconds.Count;
        if (_targetRuntimeRead && !pausesJudged)
        {
            unavailable.TryAdd("target.runtime", $"the target's runtime answered in only {_targetRuntimeSeconds} of {_seconds.Count} seconds, too few to judge its GC pauses");
        }

        return new ResourceReport(
            monitor.Supported,
            monitor.TargetPid,
            _exitedAt,
            unavailable,
            [.. _seconds],
            series,
            pausesJudged ? GcPauseSummary.From(_targetPauses) : null,
            _generatorRuntimeRead ? GcPauseSummary.From(_generatorPauses) : null,
            growth is { } g ? Math.Round(g, 0) : null)
        {
            HeapGrowthNote = note,
            TargetRuntimePid = _targetRuntimeRead ? monitor.RuntimePid : null,
        };
    }

    /// <summary>
    /// The trend of the target's heap in bytes per hour, or why there is none. It is fitted to the
    /// heap's size right after each collection: the in-use size climbs with garbage between
    /// collections, and a few slow collections in a short run would read as growth. Only a runtime
    /// that collected nothing at all has an in-use size that is its heap, and then that is used.
    /// </summary>
    private (double? Growth, string? Note) HeapGrowth(IReadOnlyList<ResourceSeries> series)
    {
        var inUse = Points(series, "target.runtime.gc_heap_bytes");
        if (inUse is null)
        {
            return (null, null);
        }

        if (inUse.Count < MinHeapSeconds)
        {
            return (null, $"not measured: the heap trend needs {MinHeapSeconds} seconds of the runtime's figures, and it had {inUse.Count}");
        }

        var afterGc = Points(series, "target.runtime.gc_heap_after_gc_bytes") ?? [];
        if (afterGc.Count >= MinCollections)
        {
            return (MedianSlope(afterGc) * 3600, null);
        }

        var collections = series.FirstOrDefault(s => s.Name == "target.runtime.gen0_collections")?.Values.Sum(v => v ?? 0);
        return afterGc.Count == 0 && collections == 0
            ? (MedianSlope(inUse) * 3600, null)
            : (null, $"not measured: {afterGc.Count} seconds ended a collection, and telling growth from garbage needs the heap after at least {MinCollections} of them");
    }

    private List<(double X, double Y)>? Points(IReadOnlyList<ResourceSeries> series, string name) =>
        series.FirstOrDefault(s => s.Name == name) is { } found
            ? [.. found.Values.Select((v, i) => (X: _seconds[i], Y: v)).Where(p => p.Y.HasValue).Select(p => (p.X, p.Y!.Value))]
            : null;

    /// <summary>The median of the pairwise slopes: a burst of allocation or an odd collection moves it far less than it moves a least-squares line.</summary>
    private static double MedianSlope(List<(double X, double Y)> points)
    {
        var step = Math.Max(1, (int)Math.Ceiling(points.Count / (double)MaxSlopePoints));
        var kept = points.Where((_, i) => i % step == 0).ToList();
        var slopes = new List<double>(kept.Count * (kept.Count - 1) / 2);
        for (var i = 0; i < kept.Count; i++)
        {
            for (var j = i + 1; j < kept.Count; j++)
            {
                if (kept[j].X > kept[i].X)
                {
                    slopes.Add((kept[j].Y - kept[i].Y) / (kept[j].X - kept[i].X));
                }
            }
        }

        if (slopes.Count == 0)
        {
            return 0;
        }

        slopes.Sort();
        var middle = slopes.Count / 2;
        return slopes.Count % 2 == 1 ? slopes[middle] : (slopes[middle - 1] + slopes[middle]) / 2;
    }
}
