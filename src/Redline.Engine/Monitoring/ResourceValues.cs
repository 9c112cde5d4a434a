namespace Redline.Engine;

/// <summary>One named figure of a resource frame, such as <c>target.cpu_percent</c>.</summary>
/// <param name="Name">Dotted name: the source (target, target.runtime, system, generator.runtime), then the figure.</param>
/// <param name="Unit">%, bytes, bytes/s, /s, ms or count.</param>
/// <param name="Value">The figure, or null when it could not be read in this second.</param>
public readonly record struct ResourceValue(string Name, string Unit, double? Value);

/// <summary>Flattens a <see cref="ResourceFrame"/> into named figures, the form results.json, intervals.ndjson and the store use.</summary>
public static class ResourceValues
{
    /// <summary>The frame's figures in a stable order: target, its runtime, the system, the generator's runtime.</summary>
    public static IEnumerable<ResourceValue> Of(ResourceFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var values = new List<ResourceValue>(96);
        if (frame.Target is { } target)
        {
            AddProcess(values, target);
        }

        if (frame.TargetRuntime is { } runtime)
        {
            AddRuntime(values, "target.runtime.", runtime);
        }

        if (frame.System is { } system)
        {
            AddSystem(values, system);
        }

        if (frame.GeneratorRuntime is { } generator)
        {
            AddRuntime(values, "generator.runtime.", generator);
        }

        return values;
    }

    private static void AddProcess(List<ResourceValue> values, ProcessMetrics p)
    {
        values.Add(new("target.cpu_percent", "%", p.CpuPercent));
        values.Add(new("target.cpu_user_percent", "%", p.UserCpuPercent));
        values.Add(new("target.cpu_system_percent", "%", p.SystemCpuPercent));
        values.Add(new("target.rss_bytes", "bytes", p.RssBytes));
        values.Add(new("target.virtual_bytes", "bytes", p.VirtualBytes));
        values.Add(new("target.threads", "count", p.Threads));
        values.Add(new("target.open_fds", "count", p.OpenFileDescriptors));
        values.Add(new("target.processes", "count", p.Alive ? p.ProcessCount : null));
        values.Add(new("target.io_read_chars_per_s", "bytes/s", p.Io?.ReadCharsPerSecond));
        values.Add(new("target.io_write_chars_per_s", "bytes/s", p.Io?.WriteCharsPerSecond));
        values.Add(new("target.io_read_ops_per_s", "/s", p.Io?.ReadSyscallsPerSecond));
        values.Add(new("target.io_write_ops_per_s", "/s", p.Io?.WriteSyscallsPerSecond));
        values.Add(new("target.disk_read_bytes_per_s", "bytes/s", p.Io?.ReadBytesPerSecond));
        values.Add(new("target.disk_write_bytes_per_s", "bytes/s", p.Io?.WriteBytesPerSecond));
        values.Add(new("target.io_read_chars_total", "bytes", p.Io?.ReadChars));
        values.Add(new("target.io_write_chars_total", "bytes", p.Io?.WriteChars));
        values.Add(new("target.voluntary_switches_per_s", "/s", p.VoluntaryContextSwitchesPerSecond));
        values.Add(new("target.involuntary_switches_per_s", "/s", p.InvoluntaryContextSwitchesPerSecond));
    }

    private static void AddRuntime(List<ResourceValue> values, string prefix, RuntimeMetrics r)
    {
        values.Add(new(prefix + "gc_heap_bytes", "bytes", r.GcHeapBytes));
        values.Add(new(prefix + "gc_heap_after_gc_bytes", "bytes", r.HeapAfterGcBytes));
        values.Add(new(prefix + "gen0_collections", "count", r.Gen0Collections));
        values.Add(new(prefix + "gen1_collections", "count", r.Gen1Collections));
        values.Add(new(prefix + "gen2_collections", "count", r.Gen2Collections));
        values.Add(new(prefix + "time_in_gc_percent", "%", r.TimeInGcPercent));
        values.Add(new(prefix + "gc_pauses", "count", r.Connected ? r.GcPausesMs.Count : null));
        values.Add(new(prefix + "gc_pause_max_ms", "ms", r.GcPausesMs.Count > 0 ? r.GcPausesMs.Max() : r.Connected ? 0 : null));
        values.Add(new(prefix + "allocated_bytes_per_s", "bytes/s", r.AllocatedBytesPerSecond));
        values.Add(new(prefix + "thread_pool_threads", "count", r.ThreadPoolThreads));
        values.Add(new(prefix + "thread_pool_queue", "count", r.ThreadPoolQueueLength));
        values.Add(new(prefix + "thread_pool_completed_per_s", "/s", r.ThreadPoolCompletedPerSecond));
        values.Add(new(prefix + "lock_contentions_per_s", "/s", r.LockContentionsPerSecond));
        values.Add(new(prefix + "exceptions_per_s", "/s", r.ExceptionsPerSecond));
        values.Add(new(prefix + "working_set_bytes", "bytes", r.WorkingSetBytes));
    }

    private static void AddSystem(List<ResourceValue> values, SystemMetrics s)
    {
        values.Add(new("system.cpu_user_percent", "%", s.Cpu?.UserPercent));
        values.Add(new("system.cpu_system_percent", "%", s.Cpu?.SystemPercent));
        values.Add(new("system.cpu_iowait_percent", "%", s.Cpu?.IoWaitPercent));
        values.Add(new("system.cpu_steal_percent", "%", s.Cpu?.StealPercent));
        values.Add(new("system.load_1m", "count", s.Load?.OneMinute));
        values.Add(new("system.load_5m", "count", s.Load?.FiveMinutes));
        values.Add(new("system.load_15m", "count", s.Load?.FifteenMinutes));
        values.Add(new("system.memory_used_bytes", "bytes", s.Memory?.UsedBytes));
        values.Add(new("system.memory_available_bytes", "bytes", s.Memory?.AvailableBytes));
        values.Add(new("system.memory_cached_bytes", "bytes", s.Memory?.CachedBytes));
        foreach (var disk in s.Disks ?? [])
        {
            var prefix = $"system.disk.{disk.Device}.";
            values.Add(new(prefix + "reads_per_s", "/s", disk.ReadsPerSecond));
            values.Add(new(prefix + "writes_per_s", "/s", disk.WritesPerSecond));
            values.Add(new(prefix + "read_bytes_per_s", "bytes/s", disk.ReadBytesPerSecond));
            values.Add(new(prefix + "write_bytes_per_s", "bytes/s", disk.WriteBytesPerSecond));
        }

        foreach (var nic in s.Interfaces ?? [])
        {
            var prefix = $"system.net.{nic.Interface}.";
            values.Add(new(prefix + "received_bytes_per_s", "bytes/s", nic.ReceivedBytesPerSecond));
            values.Add(new(prefix + "sent_bytes_per_s", "bytes/s", nic.SentBytesPerSecond));
            values.Add(new(prefix + "received_packets_per_s", "/s", nic.ReceivedPacketsPerSecond));
            values.Add(new(prefix + "sent_packets_per_s", "/s", nic.SentPacketsPerSecond));
            values.Add(new(prefix + "errors_per_s", "/s", nic.ErrorsPerSecond));
            values.Add(new(prefix + "drops_per_s", "/s", nic.DropsPerSecond));
        }

        if (s.Tcp is { } tcp)
        {
            values.Add(new("system.tcp.retransmits_per_s", "/s", tcp.RetransmitsPerSecond));
            values.Add(new("system.tcp.segments_sent_per_s", "/s", tcp.SegmentsSentPerSecond));
            foreach (var (state, count) in tcp.ConnectionsByState ?? new Dictionary<string, int>())
            {
                values.Add(new($"system.tcp.{state.ToLowerInvariant()}", "count", count));
            }
        }
    }
}
