namespace Redline.Monitoring.Proc;

/// <summary>The fields Redline needs from /proc/meminfo, in bytes.</summary>
internal readonly record struct ProcMemInfo(long Total, long Free, long Available, long Buffers, long Cached)
{
    private const long KiB = 1024;

    /// <summary>Memory in use: total minus available.</summary>
    public long Used => Total - Available;

    /// <summary>Parses meminfo text; false without MemTotal and MemFree.</summary>
    /// <remarks>Kernels before 3.14 lack MemAvailable; free plus buffers plus cache is the usual estimate there.</remarks>
    public static bool TryParse(ReadOnlySpan<char> text, out ProcMemInfo info)
    {
        info = default;
        if (!ProcText.TryGetValue(text, "MemTotal", out var total) || !ProcText.TryGetValue(text, "MemFree", out var free))
        {
            return false;
        }

        ProcText.TryGetValue(text, "Buffers", out var buffers);
        ProcText.TryGetValue(text, "Cached", out var cached);
        if (!ProcText.TryGetValue(text, "MemAvailable", out var available))
        {
            available = Math.Min(total, free + buffers + cached);
        }

        info = new ProcMemInfo(total * KiB, free * KiB, available * KiB, buffers * KiB, cached * KiB);
        return true;
    }
}
