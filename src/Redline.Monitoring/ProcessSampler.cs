using System.ComponentModel;
using System.Diagnostics;
using Redline.Engine;
using Redline.Monitoring.Proc;

namespace Redline.Monitoring;

/// <summary>Samples one process's CPU and resident memory by pid, once per interval.</summary>
/// <remarks>
/// The baseline is taken at construction, so the first <see cref="Sample"/> reports the CPU used
/// since then. Once the process has exited (or its pid was reused by another process) every sample
/// reports <c>Alive = false</c> with zero CPU and memory. Wall time comes from <see cref="Stopwatch"/>
/// because CPU time is real time. Not thread-safe: one caller samples it.
/// </remarks>
public sealed class ProcessSampler : IDisposable
{
    private readonly int _pid;
    private readonly bool _useProcFs;
    private readonly Process? _process;
    private long _startTicks;
    private TimeSpan _lastCpu;
    private long _lastWall;
    private bool _alive;

    /// <summary>Starts watching process <paramref name="pid"/>; a pid that is not running is reported as not alive.</summary>
    public ProcessSampler(int pid)
        : this(pid, OperatingSystem.IsLinux())
    {
    }

    /// <summary>Lets tests run the portable path on Linux too.</summary>
    internal ProcessSampler(int pid, bool useProcFs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(pid);
        _pid = pid;
        _useProcFs = useProcFs;
        if (!useProcFs)
        {
            try
            {
                _process = Process.GetProcessById(pid);
            }
            catch (ArgumentException)
            {
                // Not running: stays not alive.
            }
        }

        _lastWall = Stopwatch.GetTimestamp();
        if (ReadCpu() is { } cpu)
        {
            _alive = true;
            _lastCpu = cpu;
        }
    }

    /// <summary>The watched process's id.</summary>
    public int Pid => _pid;

    /// <summary>CPU since the previous sample (100 = one core), current resident memory, and whether the process still runs.</summary>
    /// <param name="elapsed">Time from the scenario's start, stamped on the sample.</param>
    public ResourceSample Sample(TimeSpan elapsed)
    {
        if (_alive && ReadCpu() is { } cpu && ReadRss() is { } rss)
        {
            var now = Stopwatch.GetTimestamp();
            var wall = Stopwatch.GetElapsedTime(_lastWall, now);
            var percent = wall <= TimeSpan.Zero ? 0 : Math.Max(0, 100.0 * (cpu - _lastCpu) / wall);
            _lastCpu = cpu;
            _lastWall = now;
            return new ResourceSample(elapsed, percent, rss, Alive: true);
        }

        _alive = false;
        return new ResourceSample(elapsed, 0, 0, Alive: false);
    }

    /// <summary>Releases the process handle of the portable path.</summary>
    public void Dispose() => _process?.Dispose();

    private TimeSpan? ReadCpu() => _useProcFs ? ReadProcCpu() : ReadPortable(p => p.TotalProcessorTime);

    private long? ReadRss() => _useProcFs ? LinuxProc.ReadRssBytes(_pid) : ReadPortable(p => p.WorkingSet64);

    private TimeSpan? ReadProcCpu()
    {
        if (LinuxProc.ReadStat(_pid) is not { HasExited: false } stat)
        {
            return null;
        }

        if (!_alive)
        {
            _startTicks = stat.StartTicks;
        }
        else if (stat.StartTicks != _startTicks)
        {
            // Same pid, different start time: ours exited and the kernel handed the pid to another process.
            return null;
        }

        return TimeSpan.FromSeconds((double)stat.CpuTicks / LinuxProc.TicksPerSecond);
    }

    private T? ReadPortable<T>(Func<Process, T> read)
        where T : struct
    {
        if (_process is null)
        {
            return null;
        }

        try
        {
            _process.Refresh();
            return _process.HasExited ? null : read(_process);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // The process exited between the check and the read, or cannot be read at all.
            return null;
        }
    }
}
