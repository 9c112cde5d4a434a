using System.Diagnostics;
using Redline.Engine;
using Redline.Monitoring.Proc;

namespace Redline.Monitoring;

/// <summary>Samples the machine's CPU, load, memory, disks, network and TCP state from Linux's /proc.</summary>
/// <remarks>
/// The baseline is taken at construction, so the first <see cref="Sample"/> reports rates since then;
/// a device or interface that appears later is reported from its second sample on. A file that
/// cannot be read is listed once in <see cref="Unavailable"/> and its part stays null; the rest go on.
/// Network and TCP figures are those of the sampler's own network namespace. Connection states are
/// read less often than the rest (see <see cref="ConnectionStateInterval"/>): the kernel walks its
/// whole connection hash table to print /proc/net/tcp, which took about 5 ms per file on a 24 GB
/// machine with four sockets, too much for the 1% budget at 1 Hz. Not thread-safe.
/// </remarks>
public sealed class SystemMetricsSampler
{
    /// <summary>Name of the CPU metrics (/proc/stat) in <see cref="Unavailable"/>.</summary>
    public const string CpuMetric = "cpu";

    /// <summary>Name of the load averages (/proc/loadavg).</summary>
    public const string LoadMetric = "load";

    /// <summary>Name of the memory metrics (/proc/meminfo).</summary>
    public const string MemoryMetric = "memory";

    /// <summary>Name of the disk metrics (/proc/diskstats).</summary>
    public const string DiskMetric = "disk";

    /// <summary>Name of the network metrics (/proc/net/dev).</summary>
    public const string NetworkMetric = "network";

    /// <summary>Name of the TCP retransmit counters (/proc/net/snmp).</summary>
    public const string TcpRetransmitMetric = "tcp_retransmits";

    /// <summary>Name of the TCP connection counts (/proc/net/tcp and tcp6).</summary>
    public const string TcpConnectionMetric = "tcp_connections";

    private readonly string _procRoot;
    private readonly ProcFileReader _reader = new();
    private readonly UnavailableMetrics _unavailable = new();
    private readonly Dictionary<string, DiskCounters> _disks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, InterfaceCounters> _interfaces = new(StringComparer.Ordinal);
    private readonly int[] _tcpStates = new int[ProcNetTcp.StateNames.Length];
    private ProcCpuTimes? _cpu;
    private (long Retransmitted, long Sent)? _tcp;
    private long _lastWall;
    private long _lastConnectionRead;
    private Dictionary<string, int>? _connections;

    /// <summary>Takes the baseline that the first sample's rates are measured from; connection states are refreshed every 10 s.</summary>
    public SystemMetricsSampler()
        : this(TimeSpan.FromSeconds(10))
    {
    }

    /// <summary>Takes the baseline; TCP connection states are read again only once <paramref name="connectionStateInterval"/> has passed.</summary>
    public SystemMetricsSampler(TimeSpan connectionStateInterval)
        : this("/proc", OperatingSystem.IsLinux(), connectionStateInterval)
    {
    }

    /// <summary>Lets tests point the sampler at a fixed /proc tree, or play a platform without one.</summary>
    internal SystemMetricsSampler(string procRoot, bool supported, TimeSpan connectionStateInterval = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(connectionStateInterval, TimeSpan.Zero);
        _procRoot = procRoot;
        Supported = supported;
        ConnectionStateInterval = connectionStateInterval;
        if (!supported)
        {
            _unavailable.AddAll(
                [CpuMetric, LoadMetric, MemoryMetric, DiskMetric, NetworkMetric, TcpRetransmitMetric, TcpConnectionMetric],
                "system metrics need Linux's /proc");
            return;
        }

        _ = Sample(TimeSpan.Zero);
    }

    /// <summary>False on a platform without /proc: every part of every sample is then null.</summary>
    public bool Supported { get; }

    /// <summary>Metrics that could not be read (see the *Metric constants), each with the reason.</summary>
    public IReadOnlyDictionary<string, string> Unavailable => _unavailable.Reasons;

    /// <summary>How long TCP connection states are reused before /proc/net/tcp is read again; zero reads them at every sample.</summary>
    public TimeSpan ConnectionStateInterval { get; }

    /// <summary>Reads the machine now; rates cover the time since the previous sample.</summary>
    /// <param name="elapsed">Time from the scenario's start, stamped on the sample.</param>
    public SystemMetrics Sample(TimeSpan elapsed)
    {
        if (!Supported)
        {
            return new SystemMetrics(elapsed, null, null, null, null, null, null);
        }

        var now = Stopwatch.GetTimestamp();
        var seconds = _lastWall == 0 ? 0 : Stopwatch.GetElapsedTime(_lastWall, now).TotalSeconds;
        _lastWall = now;
        var retransmits = ReadTcpRetransmits(seconds);
        var connections = ReadTcpConnectionsEvery(now);
        var tcp = retransmits is null && connections is null
            ? null
            : new TcpMetrics(retransmits?.Retransmitted, retransmits?.Sent, connections);
        return new SystemMetrics(elapsed, ReadCpu(), ReadLoad(), ReadMemory(), ReadDisks(seconds), ReadInterfaces(seconds), tcp);
    }

    private bool TryRead(string metric, string file, out ReadOnlySpan<char> text)
    {
        text = default;
        if (_unavailable.Contains(metric))
        {
            return false;
        }

        var path = $"{_procRoot}/{file}";
        var status = _reader.Read(path, out text);
        if (status != ProcReadStatus.Ok)
        {
            _unavailable.Add(metric, UnavailableMetrics.Describe(status, path));
            return false;
        }

        return true;
    }

    private void MarkMalformed(string metric, string file) => _unavailable.Add(metric, $"{_procRoot}/{file} is not in the expected format");

    private SystemCpuMetrics? ReadCpu()
    {
        if (!TryRead(CpuMetric, "stat", out var text))
        {
            return null;
        }

        if (!ProcCpuTimes.TryParse(text, out var now))
        {
            MarkMalformed(CpuMetric, "stat");
            return null;
        }

        var before = _cpu;
        _cpu = now;
        if (before is not { } b || now.Total <= b.Total)
        {
            return before is null ? null : new SystemCpuMetrics(0, 0, 0, 0, 100);
        }

        double total = now.Total - b.Total;
        double Percent(long ticks) => Math.Clamp(100.0 * ticks / total, 0, 100);
        return new SystemCpuMetrics(
            Percent(now.User + now.Nice - b.User - b.Nice),
            Percent(now.System + now.Irq + now.SoftIrq - b.System - b.Irq - b.SoftIrq),
            Percent(now.IoWait - b.IoWait),
            Percent(now.Steal - b.Steal),
            Percent(now.Idle - b.Idle));
    }

    private LoadAverageMetrics? ReadLoad()
    {
        if (!TryRead(LoadMetric, "loadavg", out var text))
        {
            return null;
        }

        if (!ProcLoadAvg.TryParse(text, out var one, out var five, out var fifteen))
        {
            MarkMalformed(LoadMetric, "loadavg");
            return null;
        }

        return new LoadAverageMetrics(one, five, fifteen);
    }

    private SystemMemoryMetrics? ReadMemory()
    {
        if (!TryRead(MemoryMetric, "meminfo", out var text))
        {
            return null;
        }

        if (!ProcMemInfo.TryParse(text, out var info))
        {
            MarkMalformed(MemoryMetric, "meminfo");
            return null;
        }

        return new SystemMemoryMetrics(info.Total, info.Used, info.Available, info.Cached);
    }

    private List<DiskMetrics>? ReadDisks(double seconds)
    {
        if (!TryRead(DiskMetric, "diskstats", out var text))
        {
            return null;
        }

        var result = new List<DiskMetrics>();
        var known = _disks.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var line in text.EnumerateLines())
        {
            if (!ProcDiskStats.TryParseLine(line, out var device, out var now))
            {
                continue;
            }

            // Looking the name up by span allocates a string only for a device seen the first time.
            if (known.TryGetValue(device, out var name, out var before))
            {
                _disks[name] = now;
                if (seconds > 0 && (now.Reads | now.Writes) != 0)
                {
                    result.Add(new DiskMetrics(
                        name,
                        Rate(now.Reads - before.Reads, seconds),
                        Rate(now.Writes - before.Writes, seconds),
                        Rate(now.ReadBytes - before.ReadBytes, seconds),
                        Rate(now.WriteBytes - before.WriteBytes, seconds)));
                }
            }
            else
            {
                known[device] = now;
            }
        }

        return result;
    }

    private List<NetworkInterfaceMetrics>? ReadInterfaces(double seconds)
    {
        if (!TryRead(NetworkMetric, "net/dev", out var text))
        {
            return null;
        }

        var result = new List<NetworkInterfaceMetrics>();
        var known = _interfaces.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var line in text.EnumerateLines())
        {
            if (!ProcNetDev.TryParseLine(line, out var device, out var now))
            {
                continue;
            }

            if (known.TryGetValue(device, out var name, out var before))
            {
                _interfaces[name] = now;
                if (seconds > 0)
                {
                    result.Add(new NetworkInterfaceMetrics(
                        name,
                        Rate(now.ReceivedBytes - before.ReceivedBytes, seconds),
                        Rate(now.SentBytes - before.SentBytes, seconds),
                        Rate(now.ReceivedPackets - before.ReceivedPackets, seconds),
                        Rate(now.SentPackets - before.SentPackets, seconds),
                        Rate(now.ReceiveErrors + now.SendErrors - before.ReceiveErrors - before.SendErrors, seconds),
                        Rate(now.ReceiveDrops + now.SendDrops - before.ReceiveDrops - before.SendDrops, seconds)));
                }
            }
            else
            {
                known[device] = now;
            }
        }

        return result;
    }

    private (double Retransmitted, double Sent)? ReadTcpRetransmits(double seconds)
    {
        if (!TryRead(TcpRetransmitMetric, "net/snmp", out var text))
        {
            return null;
        }

        if (!ProcNetSnmp.TryParseTcp(text, out var retransmitted, out var sent))
        {
            MarkMalformed(TcpRetransmitMetric, "net/snmp");
            return null;
        }

        var before = _tcp;
        _tcp = (retransmitted, sent);
        return before is { } b && seconds > 0
            ? (Rate(retransmitted - b.Retransmitted, seconds), Rate(sent - b.Sent, seconds))
            : null;
    }

    private Dictionary<string, int>? ReadTcpConnectionsEvery(long now)
    {
        if (_lastConnectionRead == 0 || Stopwatch.GetElapsedTime(_lastConnectionRead, now) >= ConnectionStateInterval)
        {
            _lastConnectionRead = now;
            _connections = ReadTcpConnections();
        }

        return _connections;
    }

    private Dictionary<string, int>? ReadTcpConnections()
    {
        if (!TryRead(TcpConnectionMetric, "net/tcp", out var text))
        {
            return null;
        }

        Array.Clear(_tcpStates);
        ProcNetTcp.CountStates(text, _tcpStates);

        // A kernel built without IPv6 has no tcp6; that is not a missing metric.
        if (_reader.Read($"{_procRoot}/net/tcp6", out text) == ProcReadStatus.Ok)
        {
            ProcNetTcp.CountStates(text, _tcpStates);
        }

        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var state = 0; state < _tcpStates.Length; state++)
        {
            if (_tcpStates[state] > 0)
            {
                result[ProcNetTcp.StateNames[state]] = _tcpStates[state];
            }
        }

        return result;
    }

    // A counter that went backwards was reset (a device re-added); that interval reports zero.
    private static double Rate(long delta, double seconds) => seconds > 0 ? Math.Max(0, delta) / seconds : 0;
}
