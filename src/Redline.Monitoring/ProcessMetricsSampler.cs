using System.Diagnostics;
using System.Globalization;
using Redline.Engine;
using Redline.Monitoring.Proc;

namespace Redline.Monitoring;

/// <summary>Samples one process's CPU, memory, threads, file descriptors, I/O and context switches from Linux's /proc.</summary>
/// <remarks>
/// The baseline is taken at construction, so the first <see cref="Sample"/> reports rates since then.
/// A metric that cannot be read (another user's /proc/&lt;pid&gt;/io, a kernel without the file) is
/// listed once in <see cref="Unavailable"/> and is null from then on; the others go on. Once the
/// process has exited, or its pid went to another process, every sample reports <c>Alive = false</c>.
/// With descendants included, rates are summed per process, so a child that exits between two
/// samples takes its last interval with it. Wall time comes from <see cref="Stopwatch"/> because CPU
/// time is real time. Not thread-safe: one caller samples it.
/// </remarks>
public sealed class ProcessMetricsSampler : IDisposable
{
    /// <summary>Name of the user and system CPU metrics in <see cref="Unavailable"/>.</summary>
    public const string CpuMetric = "cpu";

    /// <summary>Name of the memory, thread and context-switch metrics (all from /proc/&lt;pid&gt;/status).</summary>
    public const string StatusMetric = "status";

    /// <summary>Name of the open file descriptor count.</summary>
    public const string FileDescriptorMetric = "fds";

    /// <summary>Name of the I/O counters.</summary>
    public const string IoMetric = "io";

    private readonly string _procRoot;
    private readonly ProcFileReader _reader = new();
    private readonly ProcessTree _tree;
    private readonly UnavailableMetrics _unavailable = new();
    private readonly List<int> _pids = [];
    private Dictionary<int, Counters> _previous = [];
    private Dictionary<int, Counters> _current = [];
    private readonly long _rootStartTicks;
    private long _lastWall;
    private bool _alive;

    /// <summary>Starts watching process <paramref name="pid"/>; a pid that is not running is reported as not alive.</summary>
    /// <param name="pid">The process to watch.</param>
    /// <param name="includeChildren">Sum the process and all its descendants, found again at every sample.</param>
    public ProcessMetricsSampler(int pid, bool includeChildren = false)
        : this(pid, includeChildren, "/proc", OperatingSystem.IsLinux())
    {
    }

    /// <summary>Lets tests point the sampler at a fixed /proc tree, or play a platform without one.</summary>
    internal ProcessMetricsSampler(int pid, bool includeChildren, string procRoot, bool supported)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        Pid = pid;
        IncludeChildren = includeChildren;
        Supported = supported;
        _procRoot = procRoot;
        _tree = new ProcessTree(procRoot, _reader);
        if (!supported)
        {
            _unavailable.AddAll([CpuMetric, StatusMetric, FileDescriptorMetric, IoMetric], "process metrics need Linux's /proc");
            return;
        }

        _lastWall = Stopwatch.GetTimestamp();
        if (ReadRootStat() is { } stat)
        {
            _alive = true;
            _rootStartTicks = stat.StartTicks;
            _ = Collect();
        }
    }

    /// <summary>The watched process's id.</summary>
    public int Pid { get; }

    /// <summary>Whether descendants are summed with the process.</summary>
    public bool IncludeChildren { get; }

    /// <summary>False on a platform without /proc: every sample is then empty and not alive.</summary>
    public bool Supported { get; }

    /// <summary>Metrics that could not be read (see the *Metric constants), each with the reason.</summary>
    public IReadOnlyDictionary<string, string> Unavailable => _unavailable.Reasons;

    /// <summary>Reads the process now; rates cover the time since the previous sample.</summary>
    /// <param name="elapsed">Time from the scenario's start, stamped on the sample.</param>
    public ProcessMetrics Sample(TimeSpan elapsed)
    {
        if (!_alive || ReadRootStat() is not { } stat || stat.StartTicks != _rootStartTicks)
        {
            // A different start time under the same pid means the kernel gave the pid to another process.
            _alive = false;
            return ProcessMetrics.NotAlive(elapsed);
        }

        var totals = Collect();
        if (totals is null)
        {
            _alive = false;
            return ProcessMetrics.NotAlive(elapsed);
        }

        var now = Stopwatch.GetTimestamp();
        var seconds = Stopwatch.GetElapsedTime(_lastWall, now).TotalSeconds;
        _lastWall = now;
        return totals.Value.ToMetrics(elapsed, seconds);
    }

    /// <summary>Drops the per-process history; the sampler holds no OS handles between samples.</summary>
    public void Dispose()
    {
        _alive = false;
        _previous.Clear();
        _current.Clear();
    }

    private ProcStat? ReadRootStat()
    {
        var path = ProcessTree.StatPath(_procRoot, Pid);
        return _reader.Read(path, out var text) == ProcReadStatus.Ok && ProcStat.TryParse(text, out var stat) && !stat.HasExited
            ? stat
            : null;
    }

    /// <summary>Reads every watched process and sums them; null when the root vanished mid-read.</summary>
    private Totals? Collect()
    {
        if (IncludeChildren)
        {
            _tree.Find(Pid, _pids);
        }
        else
        {
            _pids.Clear();
            _pids.Add(Pid);
        }

        _current.Clear();
        var totals = new Totals { HasIo = !_unavailable.Contains(IoMetric), HasFds = !_unavailable.Contains(FileDescriptorMetric) };
        foreach (var pid in _pids)
        {
            var isRoot = pid == Pid;
            if (!TryRead(pid, isRoot, ref totals, out var counters))
            {
                if (isRoot)
                {
                    return null;
                }

                continue;
            }

            _current[pid] = counters;
            var before = _previous.TryGetValue(pid, out var previous) && previous.StartTicks == counters.StartTicks
                ? previous
                : default;
            totals.Add(counters, before);
        }

        (_previous, _current) = (_current, _previous);
        totals.HasIo &= !_unavailable.Contains(IoMetric);
        totals.HasFds &= !_unavailable.Contains(FileDescriptorMetric);
        return totals;
    }

    /// <summary>Reads one process; false when it is gone. Only the root's failures mark a metric unavailable.</summary>
    private bool TryRead(int pid, bool isRoot, ref Totals totals, out Counters counters)
    {
        counters = default;
        var dir = $"{_procRoot}/{pid.ToString(CultureInfo.InvariantCulture)}";
        if (_reader.Read(dir + "/stat", out var text) != ProcReadStatus.Ok || !ProcStat.TryParse(text, out var stat) || stat.HasExited)
        {
            return false;
        }

        counters.StartTicks = stat.StartTicks;
        counters.UserTicks = stat.UserTicks;
        counters.SystemTicks = stat.SystemTicks;

        var status = _reader.Read(dir + "/status", out text);
        if (status != ProcReadStatus.Ok || !ProcPidStatus.TryParse(text, out var parsed))
        {
            return false;
        }

        counters.Status = parsed;
        totals.ProcessCount++;

        if (totals.HasIo && !_unavailable.Contains(IoMetric))
        {
            var io = _reader.Read(dir + "/io", out text);
            if (io == ProcReadStatus.Ok && ProcPidIo.TryParse(text, out var ioCounters))
            {
                counters.Io = ioCounters;
            }
            else if (isRoot)
            {
                _unavailable.Add(IoMetric, io == ProcReadStatus.Ok ? $"{dir}/io has no rchar and wchar" : UnavailableMetrics.Describe(io, dir + "/io"));
            }
        }

        if (totals.HasFds && !_unavailable.Contains(FileDescriptorMetric))
        {
            var fds = FileDescriptorCounter.Count(dir + "/fd", _procRoot == "/proc", out var count);
            if (fds == ProcReadStatus.Ok)
            {
                totals.FileDescriptors += count;
            }
            else if (isRoot)
            {
                _unavailable.Add(FileDescriptorMetric, UnavailableMetrics.Describe(fds, dir + "/fd"));
            }
        }

        return true;
    }

    /// <summary>One process's cumulative counters.</summary>
    private struct Counters
    {
        public long StartTicks;
        public long UserTicks;
        public long SystemTicks;
        public ProcPidStatus Status;
        public ProcPidIo Io;
    }

    /// <summary>The sums over the watched processes of one sample.</summary>
    private struct Totals
    {
        public int ProcessCount;
        public bool HasIo;
        public bool HasFds;
        public long UserTicks;
        public long SystemTicks;
        public long Voluntary;
        public long Involuntary;
        public long RssBytes;
        public long VirtualBytes;
        public long Threads;
        public long FileDescriptors;
        public ProcPidIo Io;
        public ProcPidIo IoDelta;

        public void Add(in Counters now, in Counters before)
        {
            // Counters only grow within one process, so a negative delta can only be a stale entry.
            UserTicks += Math.Max(0, now.UserTicks - before.UserTicks);
            SystemTicks += Math.Max(0, now.SystemTicks - before.SystemTicks);
            Voluntary += Math.Max(0, now.Status.VoluntaryContextSwitches - before.Status.VoluntaryContextSwitches);
            Involuntary += Math.Max(0, now.Status.InvoluntaryContextSwitches - before.Status.InvoluntaryContextSwitches);
            RssBytes += now.Status.RssBytes;
            VirtualBytes += now.Status.VirtualBytes;
            Threads += now.Status.Threads;
            Io += now.Io;
            IoDelta += now.Io - before.Io;
        }

        public readonly ProcessMetrics ToMetrics(TimeSpan elapsed, double seconds)
        {
            double PerSecond(long count) => seconds > 0 ? Math.Max(0, count) / seconds : 0;
            double CpuPercent(long ticks) => 100.0 * PerSecond(ticks) / LinuxProc.TicksPerSecond;

            var io = HasIo
                ? new ProcessIoMetrics(
                    Io.ReadChars, Io.WriteChars, Io.ReadSyscalls, Io.WriteSyscalls, Io.ReadBytes, Io.WriteBytes,
                    PerSecond(IoDelta.ReadChars), PerSecond(IoDelta.WriteChars), PerSecond(IoDelta.ReadSyscalls),
                    PerSecond(IoDelta.WriteSyscalls), PerSecond(IoDelta.ReadBytes), PerSecond(IoDelta.WriteBytes))
                : null;
            return new ProcessMetrics(
                elapsed,
                Alive: true,
                ProcessCount,
                CpuPercent(UserTicks),
                CpuPercent(SystemTicks),
                RssBytes,
                VirtualBytes,
                Threads,
                HasFds ? FileDescriptors : null,
                io,
                PerSecond(Voluntary),
                PerSecond(Involuntary));
        }
    }
}
