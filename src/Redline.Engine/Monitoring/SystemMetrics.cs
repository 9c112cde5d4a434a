namespace Redline.Engine;

/// <summary>One sample of the whole machine; a part that could not be read is null.</summary>
/// <param name="Elapsed">Time from the scenario's start, stamped by the caller.</param>
/// <param name="Cpu">CPU time by kind since the previous sample.</param>
/// <param name="Load">Load averages.</param>
/// <param name="Memory">Memory use.</param>
/// <param name="Disks">Per-device I/O rates, loop and RAM devices left out.</param>
/// <param name="Interfaces">Per-interface network rates.</param>
/// <param name="Tcp">TCP retransmits and connections.</param>
public sealed record SystemMetrics(
    TimeSpan Elapsed,
    SystemCpuMetrics? Cpu,
    LoadAverageMetrics? Load,
    SystemMemoryMetrics? Memory,
    IReadOnlyList<DiskMetrics>? Disks,
    IReadOnlyList<NetworkInterfaceMetrics>? Interfaces,
    TcpMetrics? Tcp);

/// <summary>CPU time since the previous sample as a percentage of all cores (100 = every core busy).</summary>
/// <param name="UserPercent">User and nice time.</param>
/// <param name="SystemPercent">Kernel time, interrupts included.</param>
/// <param name="IoWaitPercent">Idle time with I/O outstanding.</param>
/// <param name="StealPercent">Time a hypervisor gave to other guests.</param>
/// <param name="IdlePercent">Idle time without I/O outstanding.</param>
public sealed record SystemCpuMetrics(double UserPercent, double SystemPercent, double IoWaitPercent, double StealPercent, double IdlePercent);

/// <summary>The kernel's load averages: runnable and uninterruptible tasks, exponentially averaged.</summary>
/// <param name="OneMinute">Over about one minute.</param>
/// <param name="FiveMinutes">Over about five minutes.</param>
/// <param name="FifteenMinutes">Over about fifteen minutes.</param>
public sealed record LoadAverageMetrics(double OneMinute, double FiveMinutes, double FifteenMinutes);

/// <summary>Memory of the whole machine, in bytes.</summary>
/// <param name="TotalBytes">Usable RAM.</param>
/// <param name="UsedBytes">Total minus available.</param>
/// <param name="AvailableBytes">What new work could get without swapping, by the kernel's estimate.</param>
/// <param name="CachedBytes">The page cache.</param>
public sealed record SystemMemoryMetrics(long TotalBytes, long UsedBytes, long AvailableBytes, long CachedBytes);

/// <summary>One block device's I/O since the previous sample.</summary>
/// <param name="Device">The kernel's name for it, such as sda or nvme0n1p1.</param>
/// <param name="ReadsPerSecond">Reads completed per second.</param>
/// <param name="WritesPerSecond">Writes completed per second.</param>
/// <param name="ReadBytesPerSecond">Bytes read per second.</param>
/// <param name="WriteBytesPerSecond">Bytes written per second.</param>
public sealed record DiskMetrics(string Device, double ReadsPerSecond, double WritesPerSecond, double ReadBytesPerSecond, double WriteBytesPerSecond);

/// <summary>One network interface's traffic since the previous sample.</summary>
/// <param name="Interface">The interface name, such as lo or eth0.</param>
/// <param name="ReceivedBytesPerSecond">Bytes received per second.</param>
/// <param name="SentBytesPerSecond">Bytes sent per second.</param>
/// <param name="ReceivedPacketsPerSecond">Packets received per second.</param>
/// <param name="SentPacketsPerSecond">Packets sent per second.</param>
/// <param name="ErrorsPerSecond">Receive and send errors per second.</param>
/// <param name="DropsPerSecond">Received and sent packets dropped per second.</param>
public sealed record NetworkInterfaceMetrics(
    string Interface,
    double ReceivedBytesPerSecond,
    double SentBytesPerSecond,
    double ReceivedPacketsPerSecond,
    double SentPacketsPerSecond,
    double ErrorsPerSecond,
    double DropsPerSecond);

/// <summary>TCP health of the machine's network namespace.</summary>
/// <param name="RetransmitsPerSecond">Segments retransmitted per second (RetransSegs); null when /proc/net/snmp cannot be read.</param>
/// <param name="SegmentsSentPerSecond">Segments sent per second (OutSegs), to put retransmits in proportion.</param>
/// <param name="ConnectionsByState">IPv4 and IPv6 sockets by state name (ESTABLISHED, LISTEN, TIME_WAIT, ...), states with none left out; refreshed as often as the sampler reads them (every 10 s by default), so they may be older than the second.</param>
public sealed record TcpMetrics(double? RetransmitsPerSecond, double? SegmentsSentPerSecond, IReadOnlyDictionary<string, int>? ConnectionsByState);
