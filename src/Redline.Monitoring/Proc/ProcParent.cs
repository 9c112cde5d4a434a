namespace Redline.Monitoring.Proc;

/// <summary>Reads the parent pid (field 4) of a /proc/&lt;pid&gt;/stat line, to find a process's descendants.</summary>
internal static class ProcParent
{
    /// <summary>The ppid; false for a line that is not a stat line.</summary>
    public static bool TryParse(ReadOnlySpan<char> line, out int parentPid)
    {
        parentPid = 0;

        // As in ProcStat: the name may hold ' ' and ')', so the fields start after the last ')'.
        var close = line.LastIndexOf(')');
        if (close < 0)
        {
            return false;
        }

        var rest = line[(close + 1)..];
        ProcText.NextToken(ref rest);
        var token = ProcText.NextToken(ref rest);
        if (!ProcText.TryParseLong(token, out var ppid) || ppid > int.MaxValue)
        {
            return false;
        }

        parentPid = (int)ppid;
        return true;
    }
}
