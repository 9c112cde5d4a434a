namespace Redline.Engine;

/// <summary>
/// Records one component's outcomes into per-second buckets keyed by completion time. A lock per
/// component keeps recording exact under concurrency; it is held for a few hundred nanoseconds.
/// A record that arrives after its second was closed (a thread preempted between timing and
/// recording) lands in the oldest open second, so nothing is lost and intervals still sum to totals.
/// </summary>
internal sealed class ComponentRecorder
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, IntervalAccumulator> _open = [];
    private readonly Stack<IntervalAccumulator> _free = new();
    private readonly List<string> _errorSamples = [];
    private readonly Dictionary<ErrorKind, int> _samplesPerKind = [];
    private long _closedThrough = -1;

    /// <summary>How many failure details are kept per error class.</summary>
    public const int SamplesPerKind = 3;

    public ComponentRecorder(string name) => Name = name;

    public string Name { get; }

    public void Record(long second, long latencyMicros, long serviceMicros, in Outcome outcome)
    {
        lock (_lock)
        {
            Bucket(second).Record(latencyMicros, serviceMicros, outcome);

            if (!outcome.IsSuccess)
            {
                var samples = _samplesPerKind.GetValueOrDefault(outcome.Error) + 1;
                _samplesPerKind[outcome.Error] = samples;
                if (samples <= SamplesPerKind)
                {
                    _errorSamples.Add($"{outcome.Error.ToName()}: {outcome.Detail ?? (outcome.StatusCode != 0 ? $"status {outcome.StatusCode}" : "no detail")}");
                }
            }
        }
    }

    /// <summary>The failure details kept since the last call (the first few of each class over the run), in the order they happened.</summary>
    public IReadOnlyList<string> TakeErrorSamples()
    {
        lock (_lock)
        {
            if (_errorSamples.Count == 0)
            {
                return [];
            }

            List<string> taken = [.. _errorSamples];
            _errorSamples.Clear();
            return taken;
        }
    }

    public void CountDropped(long second)
    {
        lock (_lock)
        {
            Bucket(second).Dropped++;
        }
    }

    public void CountLate(long second, long lagMicros)
    {
        lock (_lock)
        {
            var bucket = Bucket(second);
            bucket.Late++;
            bucket.MaxStartLagMicros = Math.Max(bucket.MaxStartLagMicros, lagMicros);
        }
    }

    /// <summary>Counts an iteration in which this step did not run because an earlier step failed.</summary>
    public void CountSkipped(long second)
    {
        lock (_lock)
        {
            Bucket(second).Skipped++;
        }
    }

    public void CountInterrupted(long second)
    {
        lock (_lock)
        {
            Bucket(second).Interrupted++;
        }
    }

    /// <summary>
    /// Closes every second up to and including <paramref name="second"/> (empty ones too) and hands
    /// each to <paramref name="onClosed"/> before its bucket is recycled.
    /// </summary>
    public void CloseThrough(long second, Action<IntervalAccumulator> onClosed)
    {
        lock (_lock)
        {
            for (var s = _closedThrough + 1; s <= second; s++)
            {
                var bucket = Bucket(s);
                _open.Remove(s);
                _closedThrough = s;
                onClosed(bucket);
                _free.Push(bucket);
            }
        }
    }

    /// <summary>The newest second with anything recorded in it, or -1.</summary>
    public long LastOpenSecond()
    {
        lock (_lock)
        {
            return _open.Count == 0 ? _closedThrough : _open.Keys.Max();
        }
    }

    private IntervalAccumulator Bucket(long second)
    {
        second = Math.Max(second, _closedThrough + 1);
        if (!_open.TryGetValue(second, out var bucket))
        {
            bucket = _free.Count > 0 ? _free.Pop() : new IntervalAccumulator();
            bucket.Reset(second);
            _open[second] = bucket;
        }

        return bucket;
    }
}
