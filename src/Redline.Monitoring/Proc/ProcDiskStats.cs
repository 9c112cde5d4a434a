namespace Redline.Monitoring.Proc;

/// <summary>One device's cumulative counters from /proc/diskstats.</summary>
/// <param name="Reads">Reads completed.</param>
/// <param name="ReadBytes">Bytes read (sectors are 512 bytes in this file whatever the device's sector size).</param>
/// <param name="Writes">Writes completed.</param>
/// <param name="WriteBytes">Bytes written.</param>
internal readonly record struct DiskCounters(long Reads, long ReadBytes, long Writes, long WriteBytes);

/// <summary>Parses lines of /proc/diskstats: "8 0 sda reads merged sectors ms writes merged sectors ms ...".</summary>
internal static class ProcDiskStats
{
    private const long SectorBytes = 512;

    /// <summary>Parses one line; false for a malformed line or a loop or RAM device, which only mirror other I/O.</summary>
    public static bool TryParseLine(ReadOnlySpan<char> line, out ReadOnlySpan<char> device, out DiskCounters counters)
    {
        counters = default;
        var rest = line;
        ProcText.NextToken(ref rest);
        ProcText.NextToken(ref rest);
        device = ProcText.NextToken(ref rest);
        if (device.IsEmpty || device.StartsWith("loop", StringComparison.Ordinal) || device.StartsWith("ram", StringComparison.Ordinal))
        {
            return false;
        }

        // Kernels 4.18 and 5.5 appended discard and flush columns; only the first seven matter here.
        Span<long> v = stackalloc long[7];
        if (ProcText.ParseLongs(rest, v) < 7)
        {
            return false;
        }

        counters = new DiskCounters(v[0], v[2] * SectorBytes, v[4], v[6] * SectorBytes);
        return true;
    }
}
