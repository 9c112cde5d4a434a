using System.Diagnostics;
using System.Globalization;
using Redline.Monitoring;

namespace Redline.Benchmarks;

/// <summary>
/// The whole cost of resource monitoring at 1 Hz, as a share of one core: this process's CPU time
/// over a window with the monitor running (process, system, generator runtime and a diagnostics-port
/// session on a busy .NET child), minus the same window with the monitor off, over the window's length.
/// </summary>
/// <remarks>
/// The child is this program in <c>allocate</c> mode: it allocates short-lived 64 KB arrays at a set
/// rate (or as fast as it can with rate 0), so its runtime sends GC events and counters the whole
/// time; the session's cost grows with the number of collections. Windows alternate (off, on, off,
/// on, ...) so that drift in the machine's load hits both alike. Arguments: window seconds, rounds,
/// the child's allocation rate in MB/s.
/// </remarks>
internal static class MonitorCost
{
    public static int Run(string[] args)
    {
        var window = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 20);
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        var megabytesPerSecond = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100;
        var parts = args.Length > 4 ? args[4].Split(',') : ["process", "runtime", "system", "generator"];
        using var child = StartAllocator(megabytesPerSecond);
        try
        {
            Thread.Sleep(TimeSpan.FromSeconds(2));
            var off = new List<double>();
            var on = new List<double>();
            var gcs = new List<long>();
            var childOff = new List<double>();
            var childOn = new List<double>();
            // A first round with the monitor on is not counted: it pays for JIT-compiling the samplers
            // and the event parser once per process, which a run pays once too, however long it is.
            Warm(child.Id, parts);
            for (var round = 0; round < rounds; round++)
            {
                var childBefore = ChildCpu(child);
                off.Add(MeasureCpuSeconds(window, monitor: null));
                childOff.Add(ChildCpu(child) - childBefore);
                using var monitor = Create(child.Id, parts);
                childBefore = ChildCpu(child);
                on.Add(MeasureCpuSeconds(window, monitor, gcs));
                childOn.Add(ChildCpu(child) - childBefore);
            }

            var rate = megabytesPerSecond == 0 ? "as fast as it can" : $"{megabytesPerSecond} MB/s";
            Console.WriteLine($"parts: {string.Join(", ", parts)}");
            Console.WriteLine($"window {window.TotalSeconds:0} s x {rounds} rounds; child pid {child.Id} allocating {rate}; its collections per second: median {Median(gcs.Select(g => (double)g).ToList()):0.#}");
            for (var i = 0; i < rounds; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {i + 1}: off {off[i]:0.000} CPU-s, on {on[i]:0.000} CPU-s, cost {Percent(on[i] - off[i], window):0.000}% of one core; the child used {childOff[i]:0.000} then {childOn[i]:0.000} CPU-s"));
            }

            var median = Median([.. on.Zip(off, (a, b) => a - b)]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"monitoring at 1 Hz costs {Percent(median, window):0.000}% of one core (median of {rounds} rounds after a warm-up round)"));
            var childMedian = Median([.. childOn.Zip(childOff, (a, b) => a - b)]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"the session's runtime events cost the child {Percent(childMedian, window):0.000}% of one core more (median; the child's own load varies too)"));
            return 0;
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit(5000);
        }
    }

    /// <summary>
    /// Allocates 64 KB arrays at <paramref name="megabytesPerSecond"/> (0: without pause) for
    /// <paramref name="seconds"/> seconds, keeping a few alive so that some survive a gen 0 collection.
    /// </summary>
    public static int Allocate(int seconds, int megabytesPerSecond)
    {
        const int ArrayBytes = 64 * 1024;
        var keep = new byte[64][];
        var started = Stopwatch.GetTimestamp();
        var until = started + (seconds * Stopwatch.Frequency);
        long allocated = 0;
        var i = 0;
        while (Stopwatch.GetTimestamp() < until)
        {
            keep[i++ % keep.Length] = new byte[ArrayBytes];
            allocated += ArrayBytes;
            if (megabytesPerSecond > 0 && allocated >= megabytesPerSecond * 1_000_000L * Stopwatch.GetElapsedTime(started).TotalSeconds)
            {
                Thread.Sleep(1);
            }
        }

        return keep.Length;
    }

    private static Process StartAllocator(int megabytesPerSecond)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(MonitorCost).Assembly.Location);
        }

        info.ArgumentList.Add("allocate");
        info.ArgumentList.Add("600");
        info.ArgumentList.Add(megabytesPerSecond.ToString(CultureInfo.InvariantCulture));
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the allocating child");
    }

    private static double ChildCpu(Process child)
    {
        child.Refresh();
        return child.TotalProcessorTime.TotalSeconds;
    }

    private static void Warm(int pid, string[] parts)
    {
        using var monitor = Create(pid, parts);
        MeasureCpuSeconds(TimeSpan.FromSeconds(5), monitor);
    }

    private static ResourceMonitor Create(int pid, string[] parts) => new(
        parts.Contains("process") ? new ProcessMetricsSampler(pid) : null,
        parts.Contains("runtime") ? new DiagnosticsPortRuntimeSampler(pid) : null,
        parts.Contains("system") ? new SystemMetricsSampler() : null,
        parts.Contains("generator") ? new GeneratorRuntimeSampler() : null);

    private static double MeasureCpuSeconds(TimeSpan window, ResourceMonitor? monitor, List<long>? gcs = null)
    {
        var start = Environment.CpuUsage.TotalTime;
        var began = Stopwatch.GetTimestamp();
        for (var second = 1; second <= (int)window.TotalSeconds; second++)
        {
            var due = began + (long)(second * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                Thread.Sleep(wait);
            }

            if (monitor?.Sample(TimeSpan.FromSeconds(second)) is { TargetRuntime: { Connected: true } runtime })
            {
                gcs?.Add(runtime.Gen0Collections ?? 0);
            }
        }

        return (Environment.CpuUsage.TotalTime - start).TotalSeconds;
    }

    private static double Percent(double cpuSeconds, TimeSpan window) => 100 * cpuSeconds / window.TotalSeconds;

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        values.Sort();
        return values.Count % 2 == 1 ? values[values.Count / 2] : (values[(values.Count / 2) - 1] + values[values.Count / 2]) / 2;
    }
}
