using Redline.Engine;

namespace Redline.Monitoring;

/// <summary>
/// What the event stream has told about a runtime since the previous sample: written by the reader
/// thread, taken by the sampling thread.
/// </summary>
/// <remarks>
/// Counter events and samples run on two clocks, so nothing is matched by time: gauges keep their
/// latest value, collections add up every increment that arrived since the previous take, and rates
/// divide the increments that arrived by the intervals they cover. A take holds the lock only to
/// copy a few fields, so sampling costs microseconds whatever the reader is doing.
/// </remarks>
internal sealed class RuntimeFigures
{
    // Bounds memory when nobody samples for a long time; a sampled second never comes near it.
    private const int MaxPausesPerSample = 10_000;

    private readonly Lock _gate = new();
    private SessionState _state;
    private double? _heapBytes;
    private double? _timeInGc;
    private double? _threadPoolThreads;
    private double? _threadPoolQueue;
    private double? _workingSet;
    private Collections _gen0;
    private Collections _gen1;
    private Collections _gen2;
    private Rate _allocated;
    private Rate _completed;
    private Rate _contentions;
    private Rate _exceptions;
    private List<double> _pauses = [];
    private long? _heapAfterGc;

    private enum SessionState
    {
        Connecting,
        Connected,
        Ended,
    }

    /// <summary>The session is open: samples report Connected from now on, with figures as they arrive.</summary>
    public void MarkConnected()
    {
        lock (_gate)
        {
            if (_state == SessionState.Connecting)
            {
                _state = SessionState.Connected;
            }
        }
    }

    /// <summary>The session is over (or never opened): every later sample is not connected.</summary>
    public void MarkEnded()
    {
        lock (_gate)
        {
            _state = SessionState.Ended;
        }
    }

    /// <summary>Takes in one counter value; counters this sampler does not report are ignored.</summary>
    public void Add(CounterReading reading)
    {
        lock (_gate)
        {
            switch (reading.Name)
            {
                case "gc-heap-size": _heapBytes = reading.Value; break;
                case "time-in-gc": _timeInGc = reading.Value; break;
                case "threadpool-thread-count": _threadPoolThreads = reading.Value; break;
                case "threadpool-queue-length": _threadPoolQueue = reading.Value; break;
                case "working-set": _workingSet = reading.Value; break;
                case "gen-0-gc-count": _gen0.Add(reading.Value); break;
                case "gen-1-gc-count": _gen1.Add(reading.Value); break;
                case "gen-2-gc-count": _gen2.Add(reading.Value); break;
                case "alloc-rate": _allocated.Add(reading); break;
                case "threadpool-completed-items-count": _completed.Add(reading); break;
                case "monitor-lock-contention-count": _contentions.Add(reading); break;
                case "exception-count": _exceptions.Add(reading); break;
                default: break;
            }
        }
    }

    /// <summary>Takes in one GC pause that just ended.</summary>
    public void AddPause(double milliseconds)
    {
        lock (_gate)
        {
            if (_pauses.Count < MaxPausesPerSample)
            {
                _pauses.Add(milliseconds);
            }
        }
    }

    /// <summary>Takes in the heap's size at the end of a collection.</summary>
    public void AddHeapAfterGc(long bytes)
    {
        lock (_gate)
        {
            _heapAfterGc = bytes;
        }
    }

    /// <summary>The figures since the previous take; collections, rates and pauses start again from here.</summary>
    public RuntimeMetrics Take(TimeSpan elapsed)
    {
        lock (_gate)
        {
            if (_state != SessionState.Connected)
            {
                return RuntimeMetrics.NotConnected(elapsed);
            }

            var pauses = _pauses;
            _pauses = [];
            var heapAfterGc = _heapAfterGc;
            _heapAfterGc = null;
            return new RuntimeMetrics(
                elapsed,
                Connected: true,
                GcHeapBytes: ToLong(_heapBytes),
                Gen0Collections: _gen0.Take(),
                Gen1Collections: _gen1.Take(),
                Gen2Collections: _gen2.Take(),
                TimeInGcPercent: _timeInGc,
                GcPausesMs: pauses,
                AllocatedBytesPerSecond: _allocated.Take(),
                ThreadPoolThreads: ToLong(_threadPoolThreads),
                ThreadPoolQueueLength: ToLong(_threadPoolQueue),
                ThreadPoolCompletedPerSecond: _completed.Take(),
                LockContentionsPerSecond: _contentions.Take(),
                ExceptionsPerSecond: _exceptions.Take(),
                WorkingSetBytes: ToLong(_workingSet))
            {
                HeapAfterGcBytes = heapAfterGc,
            };
        }
    }

    private static long? ToLong(double? value) => value is { } v ? (long)Math.Round(v) : null;

    /// <summary>Collections of one generation counted since the previous take; null until the counter first arrives.</summary>
    private struct Collections
    {
        private bool _seen;
        private double _sum;

        public void Add(double increment)
        {
            _seen = true;
            _sum += increment;
        }

        public long? Take()
        {
            if (!_seen)
            {
                return null;
            }

            var count = (long)Math.Round(_sum);
            _sum = 0;
            return count;
        }
    }

    /// <summary>A per-second rate from the increments since the previous take, divided by the intervals they cover.</summary>
    /// <remarks>
    /// When no increment arrived since the previous take (counter events and samples drift against each
    /// other), the last rate stands: a rate is not a count, so repeating it loses and doubles nothing.
    /// </remarks>
    private struct Rate
    {
        private double _increments;
        private double _seconds;
        private double? _last;

        public void Add(CounterReading reading)
        {
            if (reading.IntervalSeconds <= 0)
            {
                return;
            }

            _increments += reading.Value;
            _seconds += reading.IntervalSeconds;
        }

        public double? Take()
        {
            if (_seconds > 0)
            {
                _last = _increments / _seconds;
                _increments = 0;
                _seconds = 0;
            }

            return _last;
        }
    }
}
