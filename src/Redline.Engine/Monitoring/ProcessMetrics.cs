namespace Redline.Engine;

/// <summary>One sample of a target process (and, on request, its descendants); a metric that could not be read is null.</summary>
/// <param name="Elapsed">Time from the scenario's start, stamped by the caller.</param>
/// <param name="Alive">False once the process has exited or its pid was reused; every metric is then null.</param>
/// <param name="ProcessCount">How many processes were summed: 1, or more with descendants included; 0 when not alive.</param>
/// <param name="UserCpuPercent">User CPU since the previous sample; 100 means one core.</param>
/// <param name="SystemCpuPercent">Kernel CPU since the previous sample; 100 means one core.</param>
/// <param name="RssBytes">Resident memory.</param>
/// <param name="VirtualBytes">Virtual memory size.</param>
/// <param name="Threads">Threads.</param>
/// <param name="OpenFileDescriptors">Open file descriptors.</param>
/// <param name="Io">Read and write counters; null when /proc/&lt;pid&gt;/io cannot be read.</param>
/// <param name="VoluntaryContextSwitchesPerSecond">Switches away from the CPU because the process waited, per second.</param>
/// <param name="InvoluntaryContextSwitchesPerSecond">Switches because the scheduler preempted the process, per second.</param>
public sealed record ProcessMetrics(
    TimeSpan Elapsed,
    bool Alive,
    int ProcessCount,
    double? UserCpuPercent,
    double? SystemCpuPercent,
    long? RssBytes,
    long? VirtualBytes,
    long? Threads,
    long? OpenFileDescriptors,
    ProcessIoMetrics? Io,
    double? VoluntaryContextSwitchesPerSecond,
    double? InvoluntaryContextSwitchesPerSecond)
{
    /// <summary>User plus kernel CPU; 100 means one core.</summary>
    public double? CpuPercent => UserCpuPercent + SystemCpuPercent;

    /// <summary>A sample of a process that is gone, or of a platform without /proc.</summary>
    public static ProcessMetrics NotAlive(TimeSpan elapsed) =>
        new(elapsed, false, 0, null, null, null, null, null, null, null, null, null);
}

/// <summary>A process's I/O: cumulative totals since it started and rates since the previous sample.</summary>
/// <param name="ReadChars">rchar: bytes read through read-like calls, page-cache hits included.</param>
/// <param name="WriteChars">wchar: bytes written through write-like calls.</param>
/// <param name="ReadSyscalls">Read-like system calls.</param>
/// <param name="WriteSyscalls">Write-like system calls.</param>
/// <param name="ReadBytes">Bytes fetched from storage.</param>
/// <param name="WriteBytes">Bytes sent towards storage.</param>
/// <param name="ReadCharsPerSecond">rchar per second since the previous sample.</param>
/// <param name="WriteCharsPerSecond">wchar per second since the previous sample.</param>
/// <param name="ReadSyscallsPerSecond">Read-like system calls per second.</param>
/// <param name="WriteSyscallsPerSecond">Write-like system calls per second.</param>
/// <param name="ReadBytesPerSecond">Storage reads in bytes per second.</param>
/// <param name="WriteBytesPerSecond">Storage writes in bytes per second.</param>
public sealed record ProcessIoMetrics(
    long ReadChars,
    long WriteChars,
    long ReadSyscalls,
    long WriteSyscalls,
    long ReadBytes,
    long WriteBytes,
    double ReadCharsPerSecond,
    double WriteCharsPerSecond,
    double ReadSyscallsPerSecond,
    double WriteSyscallsPerSecond,
    double ReadBytesPerSecond,
    double WriteBytesPerSecond);
