using System.Text.Json;

namespace Redline.Engine;

/// <summary>
/// The <c>resources</c> object of an intervals.ndjson line back into a <see cref="ResourceFrame"/>
/// whose named figures (<see cref="ResourceValues.Of"/>) and GC pauses are the ones written. Parts
/// that are not among the named figures (idle CPU, total memory, I/O call counts) are zero.
/// </summary>
internal static class ResourceFrameReader
{
    private const string Disk = "system.disk.";
    private const string Net = "system.net.";
    private const string Tcp = "system.tcp.";

    public static ResourceFrame Read(JsonElement resources, TimeSpan elapsed)
    {
        var values = new Dictionary<string, double?>(StringComparer.Ordinal);
        var names = new List<string>();
        var pauses = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var property in resources.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.Array)
            {
                pauses[property.Name] = [.. property.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.Number).Select(v => v.GetDouble())];
                continue;
            }

            names.Add(property.Name);
            values[property.Name] = property.Value.ValueKind == JsonValueKind.Number ? property.Value.GetDouble() : null;
        }

        return new ResourceFrame(
            elapsed,
            names.Any(n => n.StartsWith("target.", StringComparison.Ordinal) && !n.StartsWith("target.runtime.", StringComparison.Ordinal)) ? Process(values, elapsed) : null,
            Runtime(values, pauses, "target.runtime.", elapsed),
            names.Any(n => n.StartsWith("system.", StringComparison.Ordinal)) ? System(values, names, elapsed) : null,
            Runtime(values, pauses, "generator.runtime.", elapsed));
    }

    private static ProcessMetrics Process(Dictionary<string, double?> v, TimeSpan elapsed)
    {
        if (Get(v, "target.processes") is not { } processes)
        {
            return ProcessMetrics.NotAlive(elapsed);
        }

        ProcessIoMetrics? io = Get(v, "target.io_read_chars_total") is { } readChars
            ? new ProcessIoMetrics(
                (long)readChars,
                Long(v, "target.io_write_chars_total") ?? 0,
                0,
                0,
                0,
                0,
                Get(v, "target.io_read_chars_per_s") ?? 0,
                Get(v, "target.io_write_chars_per_s") ?? 0,
                Get(v, "target.io_read_ops_per_s") ?? 0,
                Get(v, "target.io_write_ops_per_s") ?? 0,
                Get(v, "target.disk_read_bytes_per_s") ?? 0,
                Get(v, "target.disk_write_bytes_per_s") ?? 0)
            : null;
        return new ProcessMetrics(
            elapsed,
            true,
            (int)processes,
            Get(v, "target.cpu_user_percent"),
            Get(v, "target.cpu_system_percent"),
            Long(v, "target.rss_bytes"),
            Long(v, "target.virtual_bytes"),
            Long(v, "target.threads"),
            Long(v, "target.open_fds"),
            io,
            Get(v, "target.voluntary_switches_per_s"),
            Get(v, "target.involuntary_switches_per_s"));
    }

    private static RuntimeMetrics? Runtime(Dictionary<string, double?> v, Dictionary<string, List<double>> pauses, string prefix, TimeSpan elapsed)
    {
        if (!v.ContainsKey(prefix + "gc_pauses"))
        {
            return null;
        }

        // A runtime that answered has a pause count, zero or more; one that did not has none.
        if (Get(v, prefix + "gc_pauses") is null)
        {
            return RuntimeMetrics.NotConnected(elapsed);
        }

        return new RuntimeMetrics(
            elapsed,
            true,
            Long(v, prefix + "gc_heap_bytes"),
            Long(v, prefix + "gen0_collections"),
            Long(v, prefix + "gen1_collections"),
            Long(v, prefix + "gen2_collections"),
            Get(v, prefix + "time_in_gc_percent"),
            pauses.GetValueOrDefault(prefix + "gc_pauses_ms") ?? [],
            Get(v, prefix + "allocated_bytes_per_s"),
            Long(v, prefix + "thread_pool_threads"),
            Long(v, prefix + "thread_pool_queue"),
            Get(v, prefix + "thread_pool_completed_per_s"),
            Get(v, prefix + "lock_contentions_per_s"),
            Get(v, prefix + "exceptions_per_s"),
            Long(v, prefix + "working_set_bytes"))
        {
            HeapAfterGcBytes = Long(v, prefix + "gc_heap_after_gc_bytes"),
        };
    }

    private static SystemMetrics System(Dictionary<string, double?> v, List<string> names, TimeSpan elapsed)
    {
        var cpu = Get(v, "system.cpu_user_percent") is { } user
            ? new SystemCpuMetrics(user, Get(v, "system.cpu_system_percent") ?? 0, Get(v, "system.cpu_iowait_percent") ?? 0, Get(v, "system.cpu_steal_percent") ?? 0, 0)
            : null;
        var load = Get(v, "system.load_1m") is { } one
            ? new LoadAverageMetrics(one, Get(v, "system.load_5m") ?? 0, Get(v, "system.load_15m") ?? 0)
            : null;
        var memory = Long(v, "system.memory_used_bytes") is { } used
            ? new SystemMemoryMetrics(0, used, Long(v, "system.memory_available_bytes") ?? 0, Long(v, "system.memory_cached_bytes") ?? 0)
            : null;
        var disks = Middles(names, Disk, ".reads_per_s")
            .Select(d => new DiskMetrics(d, Get(v, $"{Disk}{d}.reads_per_s") ?? 0, Get(v, $"{Disk}{d}.writes_per_s") ?? 0, Get(v, $"{Disk}{d}.read_bytes_per_s") ?? 0, Get(v, $"{Disk}{d}.write_bytes_per_s") ?? 0))
            .ToList();
        var interfaces = Middles(names, Net, ".received_bytes_per_s")
            .Select(n => new NetworkInterfaceMetrics(
                n,
                Get(v, $"{Net}{n}.received_bytes_per_s") ?? 0,
                Get(v, $"{Net}{n}.sent_bytes_per_s") ?? 0,
                Get(v, $"{Net}{n}.received_packets_per_s") ?? 0,
                Get(v, $"{Net}{n}.sent_packets_per_s") ?? 0,
                Get(v, $"{Net}{n}.errors_per_s") ?? 0,
                Get(v, $"{Net}{n}.drops_per_s") ?? 0))
            .ToList();
        TcpMetrics? tcp = null;
        if (v.ContainsKey(Tcp + "retransmits_per_s"))
        {
            var states = names.Where(n => n.StartsWith(Tcp, StringComparison.Ordinal) && n is not (Tcp + "retransmits_per_s" or Tcp + "segments_sent_per_s"))
                .ToDictionary(n => n[Tcp.Length..], n => (int)(Get(v, n) ?? 0), StringComparer.Ordinal);
            tcp = new TcpMetrics(Get(v, Tcp + "retransmits_per_s"), Get(v, Tcp + "segments_sent_per_s"), states.Count == 0 ? null : states);
        }

        return new SystemMetrics(elapsed, cpu, load, memory, disks, interfaces, tcp);
    }

    /// <summary>The part between <paramref name="prefix"/> and <paramref name="suffix"/> of each name that has both, in order: a device or an interface.</summary>
    private static IEnumerable<string> Middles(List<string> names, string prefix, string suffix) =>
        names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(suffix, StringComparison.Ordinal) && n.Length > prefix.Length + suffix.Length)
            .Select(n => n[prefix.Length..^suffix.Length]);

    private static double? Get(Dictionary<string, double?> values, string name) => values.GetValueOrDefault(name);

    private static long? Long(Dictionary<string, double?> values, string name) => Get(values, name) is { } value ? (long)value : null;
}
