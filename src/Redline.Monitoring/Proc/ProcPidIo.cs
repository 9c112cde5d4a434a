namespace Redline.Monitoring.Proc;

/// <summary>The cumulative counters of /proc/&lt;pid&gt;/io.</summary>
/// <param name="ReadChars">rchar: bytes passed to read-like calls, cache hits included.</param>
/// <param name="WriteChars">wchar: bytes passed to write-like calls.</param>
/// <param name="ReadSyscalls">syscr.</param>
/// <param name="WriteSyscalls">syscw.</param>
/// <param name="ReadBytes">read_bytes: bytes fetched from storage.</param>
/// <param name="WriteBytes">write_bytes: bytes sent towards storage.</param>
internal readonly record struct ProcPidIo(
    long ReadChars, long WriteChars, long ReadSyscalls, long WriteSyscalls, long ReadBytes, long WriteBytes)
{
    /// <summary>Parses io text; false without rchar and wchar. read_bytes and write_bytes are 0 when the kernel lacks task I/O accounting.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out ProcPidIo io)
    {
        io = default;
        if (!ProcText.TryGetValue(text, "rchar", out var rchar) || !ProcText.TryGetValue(text, "wchar", out var wchar))
        {
            return false;
        }

        ProcText.TryGetValue(text, "syscr", out var syscr);
        ProcText.TryGetValue(text, "syscw", out var syscw);
        ProcText.TryGetValue(text, "read_bytes", out var readBytes);
        ProcText.TryGetValue(text, "write_bytes", out var writeBytes);
        io = new ProcPidIo(rchar, wchar, syscr, syscw, readBytes, writeBytes);
        return true;
    }

    /// <summary>Field-wise sum, for a process and its descendants.</summary>
    public static ProcPidIo operator +(ProcPidIo a, ProcPidIo b) => new(
        a.ReadChars + b.ReadChars,
        a.WriteChars + b.WriteChars,
        a.ReadSyscalls + b.ReadSyscalls,
        a.WriteSyscalls + b.WriteSyscalls,
        a.ReadBytes + b.ReadBytes,
        a.WriteBytes + b.WriteBytes);

    /// <summary>Field-wise difference.</summary>
    public static ProcPidIo operator -(ProcPidIo a, ProcPidIo b) => new(
        a.ReadChars - b.ReadChars,
        a.WriteChars - b.WriteChars,
        a.ReadSyscalls - b.ReadSyscalls,
        a.WriteSyscalls - b.WriteSyscalls,
        a.ReadBytes - b.ReadBytes,
        a.WriteBytes - b.WriteBytes);
}
