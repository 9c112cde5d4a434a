using System.Diagnostics;

namespace Redline.Engine;

/// <summary>The generator's own CPU use between two calls, as a percentage of the cores it may use.</summary>
/// <remarks>
/// <see cref="Environment.ProcessorCount"/> honours affinity and container CPU limits, so 100%
/// means the generator used everything it was given. Wall time comes from <see cref="Stopwatch"/>,
/// not the injected clock: CPU time is real, so the interval it is divided by must be real too.
/// Not thread-safe; the engine calls it from one loop.
/// </remarks>
internal sealed class GeneratorCpuMonitor
{
    private readonly int _cores = Environment.ProcessorCount;
    private TimeSpan _lastCpu;
    private long _lastWall;

    public GeneratorCpuMonitor()
    {
        _lastCpu = Environment.CpuUsage.TotalTime;
        _lastWall = Stopwatch.GetTimestamp();
    }

    /// <summary>CPU since the previous call (or construction); 100 means every usable core busy.</summary>
    public double SampleCpuPercent()
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var now = Stopwatch.GetTimestamp();
        var wall = Stopwatch.GetElapsedTime(_lastWall, now);
        var used = cpu - _lastCpu;
        _lastCpu = cpu;
        _lastWall = now;
        return wall <= TimeSpan.Zero ? 0 : Math.Clamp(100.0 * used / wall / _cores, 0, 100);
    }
}
