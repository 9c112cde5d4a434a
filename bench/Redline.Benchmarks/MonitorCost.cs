using System.Diagnostics;
using System.Globalization;
using Redline.Engine;
using Redline.Monitoring;

namespace Redline.Benchmarks;

/// <summary>
/// The whole cost of resource monitoring at 1 Hz, as a share of one core: this process's CPU time
/// over a window with the monitor running (process, system, generator runtime and a diagnostics-port
/// session on a busy .NET child), minus the same window with the monitor off, over the window's length.
/// </summary>
/// <remarks>
/// The child is this program in <c>allocate</c> mode: it allocates short-lived arrays without pause,
/// so its runtime sends GC events and counters the whole time, the heaviest stream a session reads.
/// Windows alternate (off, on, off, on, ...) so that drift in the machine's load hits both alike.
/// </remarks>
internal static class MonitorCost
{
    public static int Run(string[] args)
    {
        var window = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 20);
        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        using var child = StartAllocator();
        try
        {
            Thread.Sleep(TimeSpan.FromSeconds(2));
            var off = new List<double>();
            var on = new List<double>();
            var gcs = new List<long>();
            for (var round = 0; round < rounds; round++)
            {
                off.Add(MeasureCpuSeconds(window, monitor: null));
                using var monitor = new ResourceMonitor(
                    new ProcessMetricsSampler(child.Id),
                    new DiagnosticsPortRuntimeSampler(child.Id),
                    new SystemMetricsSampler(),
                    new GeneratorRuntimeSampler());
                on.Add(MeasureCpuSeconds(window, monitor, gcs));
            }

            Console.WriteLine($"window {window.TotalSeconds:0} s x {rounds} rounds; child pid {child.Id} allocating; its GCs seen per second: median {Median(gcs.Select(g => (double)g).ToList()):0.#}");
            for (var i = 0; i < rounds; i++)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {i + 1}: off {off[i]:0.000} CPU-s, on {on[i]:0.000} CPU-s, cost {Percent(on[i] - off[i], window):0.000}% of one core"));
            }

            var median = Median([.. on.Zip(off, (a, b) => a - b)]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"monitoring at 1 Hz costs {Percent(median, window):0.000}% of one core (median of {rounds} rounds)"));
            return 0;
        }
        finally
        {
            child.Kill(entireProcessTree: true);
            child.WaitForExit(5000);
        }
    }

    /// <summary>Allocates 64 KB arrays for <paramref name="seconds"/> seconds, keeping a few alive so that some survive a gen 0 collection.</summary>
    public static int Allocate(int seconds)
    {
        var keep = new byte[64][];
        var until = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var i = 0;
        while (Stopwatch.GetTimestamp() < until)
        {
            keep[i++ % keep.Length] = new byte[64 * 1024];
            if (i % 2000 == 0)
            {
                Thread.Sleep(1);
            }
        }

        return keep.Length;
    }

    private static Process StartAllocator()
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var info = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(MonitorCost).Assembly.Location);
        }

        info.ArgumentList.Add("allocate");
        info.ArgumentList.Add("600");
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the allocating child");
    }

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
