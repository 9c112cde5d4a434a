namespace Redline.Monitoring.Proc;

/// <summary>The fields Redline needs from /proc/&lt;pid&gt;/status.</summary>
/// <param name="RssBytes">VmRSS in bytes; 0 for a kernel thread or a zombie, which have no VmRSS line.</param>
/// <param name="VirtualBytes">VmSize in bytes.</param>
/// <param name="Threads">The Threads count.</param>
/// <param name="VoluntaryContextSwitches">voluntary_ctxt_switches, cumulative.</param>
/// <param name="InvoluntaryContextSwitches">nonvoluntary_ctxt_switches, cumulative.</param>
internal readonly record struct ProcPidStatus(
    long RssBytes, long VirtualBytes, long Threads, long VoluntaryContextSwitches, long InvoluntaryContextSwitches)
{
    private const long KiB = 1024;

    /// <summary>Parses status text; false when it lacks the Threads line every live process has.</summary>
    /// <remarks>The Name line may hold any bytes, so fields are found by their key at the start of a line, never by position.</remarks>
    public static bool TryParse(ReadOnlySpan<char> text, out ProcPidStatus status)
    {
        status = default;
        if (!ProcText.TryGetValue(text, "Threads", out var threads))
        {
            return false;
        }

        ProcText.TryGetValue(text, "VmRSS", out var rss);
        ProcText.TryGetValue(text, "VmSize", out var size);
        ProcText.TryGetValue(text, "voluntary_ctxt_switches", out var voluntary);
        ProcText.TryGetValue(text, "nonvoluntary_ctxt_switches", out var involuntary);
        status = new ProcPidStatus(rss * KiB, size * KiB, threads, voluntary, involuntary);
        return true;
    }
}
