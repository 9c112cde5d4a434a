using HdrHistogram;

namespace Redline.Engine;

/// <summary>
/// Everything recorded for one component in one second (or, merged, over a whole scenario).
/// Mutable and not thread-safe: its owner holds the lock. Totals are merges of closed intervals,
/// so intervals add up to the totals exactly.
/// </summary>
internal sealed class IntervalAccumulator
{
    public long Second { get; private set; }

    public LongHistogram Latency { get; } = Histograms.Create();

    public LongHistogram Service { get; } = Histograms.Create();

    public LongHistogram Connect { get; } = Histograms.Create();

    public LongHistogram FirstByte { get; } = Histograms.Create();

    /// <summary>Time iterations spent opening what their user keeps (a protocol session's handshake), timed apart from latency.</summary>
    public LongHistogram Setup { get; } = Histograms.Create();

    public long Requests { get; private set; }

    public long Errors { get; private set; }

    public long Dropped { get; set; }

    public long Late { get; set; }

    public long Interrupted { get; set; }

    /// <summary>For one step of a multi-step component: iterations in which it did not run because an earlier step failed.</summary>
    public long Skipped { get; set; }

    public long MaxStartLagMicros { get; set; }

    /// <summary>Errors counted by <see cref="ErrorKind.Id"/>; grows when a protocol names a new class.</summary>
    public long[] ErrorsByKind { get; private set; } = new long[ErrorKind.Count];

    public Dictionary<int, long> StatusCodes { get; } = [];

    public long MinLatencyMicros { get; private set; } = long.MaxValue;

    public long MaxLatencyMicros { get; private set; } = -1;

    public long MinServiceMicros { get; private set; } = long.MaxValue;

    public long MaxServiceMicros { get; private set; } = -1;

    public void Record(long latencyMicros, long serviceMicros, in Outcome outcome)
    {
        if (outcome.Error == ErrorKind.Generator)
        {
            // Never reached the target: counted by class only, so the target's requests, error
            // rate and latencies are its own.
            CountError(outcome.Error.Id, 1);
            return;
        }

        Requests++;
        Histograms.RecordMicros(Latency, latencyMicros);
        Histograms.RecordMicros(Service, serviceMicros);
        MinLatencyMicros = Math.Min(MinLatencyMicros, latencyMicros);
        MaxLatencyMicros = Math.Max(MaxLatencyMicros, latencyMicros);
        MinServiceMicros = Math.Min(MinServiceMicros, serviceMicros);
        MaxServiceMicros = Math.Max(MaxServiceMicros, serviceMicros);
        if (!outcome.IsSuccess)
        {
            Errors++;
            CountError(outcome.Error.Id, 1);
        }

        if (outcome.StatusCode != 0)
        {
            StatusCodes[outcome.StatusCode] = StatusCodes.GetValueOrDefault(outcome.StatusCode) + 1;
        }

        if (outcome.Connect is { } connect)
        {
            Histograms.RecordMicros(Connect, connect.Ticks / 10);
        }

        if (outcome.TimeToFirstByte is { } firstByte)
        {
            Histograms.RecordMicros(FirstByte, firstByte.Ticks / 10);
        }

        if (outcome.Setup is { } setup)
        {
            Histograms.RecordMicros(Setup, setup.Ticks / 10);
        }
    }

    public void MergeInto(IntervalAccumulator target)
    {
        target.Requests += Requests;
        target.Errors += Errors;
        target.Dropped += Dropped;
        target.Late += Late;
        target.Interrupted += Interrupted;
        target.Skipped += Skipped;
        target.MaxStartLagMicros = Math.Max(target.MaxStartLagMicros, MaxStartLagMicros);
        target.Latency.Add(Latency);
        target.Service.Add(Service);
        target.Connect.Add(Connect);
        target.FirstByte.Add(FirstByte);
        target.Setup.Add(Setup);
        target.MinLatencyMicros = Math.Min(target.MinLatencyMicros, MinLatencyMicros);
        target.MaxLatencyMicros = Math.Max(target.MaxLatencyMicros, MaxLatencyMicros);
        target.MinServiceMicros = Math.Min(target.MinServiceMicros, MinServiceMicros);
        target.MaxServiceMicros = Math.Max(target.MaxServiceMicros, MaxServiceMicros);
        for (var i = 0; i < ErrorsByKind.Length; i++)
        {
            if (ErrorsByKind[i] != 0)
            {
                target.CountError(i, ErrorsByKind[i]);
            }
        }

        foreach (var (code, count) in StatusCodes)
        {
            target.StatusCodes[code] = target.StatusCodes.GetValueOrDefault(code) + count;
        }
    }

    public void Reset(long second)
    {
        Second = second;
        Latency.Reset();
        Service.Reset();
        Connect.Reset();
        FirstByte.Reset();
        Setup.Reset();
        Requests = Errors = Dropped = Late = Interrupted = Skipped = MaxStartLagMicros = 0;
        Array.Clear(ErrorsByKind);
        StatusCodes.Clear();
        MinLatencyMicros = MinServiceMicros = long.MaxValue;
        MaxLatencyMicros = MaxServiceMicros = -1;
    }

    public LatencyStats LatencyStats() => Engine.LatencyStats.From(Latency, ExactOrNone(MinLatencyMicros), MaxLatencyMicros);

    public LatencyStats ServiceStats() => Engine.LatencyStats.From(Service, ExactOrNone(MinServiceMicros), MaxServiceMicros);

    public IReadOnlyDictionary<string, long> ErrorsByType()
    {
        var byType = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (var i = 1; i < ErrorsByKind.Length; i++)
        {
            if (ErrorsByKind[i] > 0)
            {
                byType[ErrorKind.FromId(i).Name] = ErrorsByKind[i];
            }
        }

        return byType;
    }

    public IReadOnlyDictionary<string, long> StatusCodeCounts() =>
        new SortedDictionary<string, long>(StatusCodes.ToDictionary(p => p.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), p => p.Value), StringComparer.Ordinal);

    private void CountError(int id, long count)
    {
        if (id >= ErrorsByKind.Length)
        {
            var grown = ErrorsByKind;
            Array.Resize(ref grown, Math.Max(id + 1, ErrorKind.Count));
            ErrorsByKind = grown;
        }

        ErrorsByKind[id] += count;
    }

    private static long ExactOrNone(long min) => min == long.MaxValue ? -1 : min;
}
