using System.Reflection;
using Redline.Cli.Suites;

namespace Redline.Cli.Running;

/// <summary>
/// <c>command: redline</c> in a suite's <c>target.start</c> means this very Redline, however it was
/// started (an installed tool, <c>dotnet redline.dll</c>, <c>dotnet run</c>), so a suite can start the
/// reference deployment without knowing where Redline lives.
/// </summary>
internal static class SelfCommand
{
    public const string Name = "redline";

    /// <summary><paramref name="spec"/> with "redline" replaced by the program and arguments that run this Redline.</summary>
    public static TargetStartSpec Resolve(TargetStartSpec spec)
    {
        if (spec.Command != Name)
        {
            return spec;
        }

        var (program, prefix) = Invocation();
        return spec with { Command = program, Args = [.. prefix, .. spec.Args] };
    }

    /// <summary>The program to run and the arguments that come before Redline's own.</summary>
    public static (string Program, IReadOnlyList<string> Prefix) Invocation()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        var host = Path.GetFileNameWithoutExtension(process);
        if (!string.Equals(host, "dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return (process, []);
        }

        // Run through the dotnet host: name the assembly, as `dotnet redline.dll` does.
        var assembly = Assembly.GetEntryAssembly()?.Location;
        return string.IsNullOrEmpty(assembly) ? ("dotnet", [Path.Combine(AppContext.BaseDirectory, "redline.dll")]) : (process, [assembly]);
    }
}
