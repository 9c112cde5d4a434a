using HdrHistogram;

namespace Redline.Engine;

/// <summary>
/// One component's (or the whole scenario's) seconds added up, from their snapshots alone: counts,
/// error classes, status codes, exact extremes, and the merged histograms. What the run held in
/// memory and what intervals.ndjson holds fold to the same figures.
/// </summary>
internal sealed class SnapshotTotals
{
    private readonly LongHistogram _latency = Histograms.Create();
    private readonly LongHistogram _service = Histograms.Create();
    private readonly LongHistogram _connect = Histograms.Create();
    private readonly LongHistogram _firstByte = Histograms.Create();
    private readonly LongHistogram _setup = Histograms.Create();
    private readonly SortedDictionary<string, long> _errorsByType = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _statusCodes = new(StringComparer.Ordinal);
    private readonly List<string> _errorSamples = [];
    private long _requests;
    private long _errors;
    private long _dropped;
    private long _late;
    private long _interrupted;
    private long _skipped;
    private double _maxStartLagMs;
    private long _minLatency = long.MaxValue;
    private long _maxLatency = -1;
    private long _minService = long.MaxValue;
    private long _maxService = -1;

    public IReadOnlyList<string> ErrorSamples => _errorSamples;

    /// <summary>Session set-up times, null when no iteration opened a session.</summary>
    public LatencyStats? SessionSetup => _setup.TotalCount == 0 ? null : LatencyStats.From(_setup);

    /// <summary>For a step: iterations in which it did not run because an earlier step failed.</summary>
    public long Skipped => _skipped;

    public void Add(IntervalSnapshot second)
    {
        _requests += second.Requests;
        _errors += second.Errors;
        _dropped += second.Dropped;
        _late += second.Late;
        _interrupted += second.Interrupted;
        _skipped += second.Skipped;
        _maxStartLagMs = Math.Max(_maxStartLagMs, second.MaxStartLagMs);
        AddCounts(_errorsByType, second.ErrorsByType);
        AddCounts(_statusCodes, second.StatusCodes);
        _errorSamples.AddRange(second.ErrorSamples);
        if (second.Latency.Count > 0)
        {
            // Extremes are kept to the microsecond beside the histograms' 0.1%: the ms figures have three decimals.
            _minLatency = Math.Min(_minLatency, Micros(second.Latency.Min));
            _maxLatency = Math.Max(_maxLatency, Micros(second.Latency.Max));
            _minService = Math.Min(_minService, Micros(second.ServiceTime.Min));
            _maxService = Math.Max(_maxService, Micros(second.ServiceTime.Max));
        }

        AddHistogram(_latency, second.LatencyHistogram);
        AddHistogram(_service, second.ServiceHistogram);
        AddHistogram(_connect, second.ConnectHistogram);
        AddHistogram(_firstByte, second.FirstByteHistogram);
        AddHistogram(_setup, second.SetupHistogram);
    }

    /// <summary>The totals as a scenario's or component's figures, throughput over <paramref name="seconds"/>.</summary>
    public Measures Measures(double seconds) => new(
        _requests,
        _errors,
        Math.Round(_requests / seconds, 3),
        LatencyStats.From(_latency, ExactOrNone(_minLatency), _maxLatency),
        LatencyStats.From(_service, ExactOrNone(_minService), _maxService),
        LatencyStats.From(_connect),
        LatencyStats.From(_firstByte),
        new SortedDictionary<string, long>(_errorsByType, StringComparer.Ordinal),
        new SortedDictionary<string, long>(_statusCodes, StringComparer.Ordinal),
        _late,
        _dropped,
        _interrupted,
        _maxStartLagMs);

    private static void AddHistogram(LongHistogram total, string encoded)
    {
        if (!string.IsNullOrEmpty(encoded))
        {
            HistogramCodec.AddTo(total, encoded);
        }
    }

    private static void AddCounts(SortedDictionary<string, long> total, IReadOnlyDictionary<string, long> second)
    {
        foreach (var (key, count) in second)
        {
            total[key] = total.GetValueOrDefault(key) + count;
        }
    }

    private static long Micros(double ms) => (long)Math.Round(ms * 1000);

    private static long ExactOrNone(long min) => min == long.MaxValue ? -1 : min;
}
