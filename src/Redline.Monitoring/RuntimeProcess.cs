using System.Globalization;
using Redline.Monitoring.Proc;

namespace Redline.Monitoring;

/// <summary>Picks the process whose .NET runtime to read when the target is a tree of processes.</summary>
public static class RuntimeProcess
{
    /// <summary>
    /// <paramref name="root"/> itself, or with <paramref name="includeChildren"/> the deepest process
    /// of its tree that has a .NET diagnostics port. Behind a wrapper such as <c>dotnet run</c> (itself a
    /// .NET process) or a shell script, that is the service, not the wrapper. The root when no process
    /// in the tree has a port, or off Linux.
    /// </summary>
    /// <param name="root">The target process.</param>
    /// <param name="includeChildren">Whether the target includes its descendants.</param>
    public static int Of(int root, bool includeChildren) => Of(root, includeChildren, "/proc", Path.GetTempPath());

    /// <summary>Lets tests point the search at a fixed /proc tree and temporary directory.</summary>
    internal static int Of(int root, bool includeChildren, string procRoot, string tempDirectory)
    {
        if (!includeChildren || !Directory.Exists(procRoot))
        {
            return root;
        }

        var tree = new List<int>();
        new ProcessTree(procRoot, new ProcFileReader()).Find(root, tree);
        for (var i = tree.Count - 1; i >= 0; i--)
        {
            if (HasDiagnosticsPort(tree[i], tempDirectory))
            {
                return tree[i];
            }
        }

        return root;
    }

    /// <summary>Whether the runtime of <paramref name="pid"/> has opened its diagnostics socket (dotnet-diagnostic-PID-*-socket) in <paramref name="tempDirectory"/>.</summary>
    private static bool HasDiagnosticsPort(int pid, string tempDirectory)
    {
        try
        {
            return Directory.EnumerateFiles(tempDirectory, $"dotnet-diagnostic-{pid.ToString(CultureInfo.InvariantCulture)}-*-socket").Any();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
