namespace Redline.Monitoring.Proc;

/// <summary>The all-cores "cpu" line of /proc/stat, in clock ticks since boot.</summary>
internal readonly record struct ProcCpuTimes(
    long User, long Nice, long System, long Idle, long IoWait, long Irq, long SoftIrq, long Steal)
{
    /// <summary>All ticks; guest time is left out because the kernel already counts it in user and nice.</summary>
    public long Total => User + Nice + System + Idle + IoWait + Irq + SoftIrq + Steal;

    /// <summary>Parses /proc/stat text; columns an old kernel lacks (steal before 2.6.11) count as 0, extra columns are ignored.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ProcCpuTimes times)
    {
        times = default;
        foreach (var line in text.EnumerateLines())
        {
            if (!line.StartsWith("cpu ", StringComparison.Ordinal))
            {
                continue;
            }

            Span<long> v = stackalloc long[8];
            if (ProcText.ParseLongs(line[4..], v) < 4)
            {
                return false;
            }

            times = new ProcCpuTimes(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
            return true;
        }

        return false;
    }
}
