using System.Diagnostics;
using System.Reflection;

namespace Redline.Testing.Children;

/// <summary>
/// Runs a test assembly as a child process of its own: `dotnet exec` on the assembly, with the
/// assembly as its startup hook, so that the hook (a type named StartupHook in the assembly) does
/// what the child is for, chosen by the environment the caller adds.
/// </summary>
public static class AssemblyChild
{
    /// <summary>How to start <paramref name="assembly"/> as a child, with standard input and output redirected for the caller to talk to it.</summary>
    public static ProcessStartInfo StartInfo(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var location = assembly.Location;
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var info = new ProcessStartInfo(host, ["exec", location])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["DOTNET_STARTUP_HOOKS"] = location;
        return info;
    }
}
