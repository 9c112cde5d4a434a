using System.ComponentModel;
using System.Diagnostics;

namespace Redline.Cli.Gate;

/// <summary>Runs git for the baseline search; the engine reads git only for the run's environment, and keeps that to itself.</summary>
internal static class Git
{
    private const int TimeoutMs = 5000;

    /// <summary>The trimmed output of <c>git ARGUMENTS</c> in <paramref name="directory"/>, or null when git is missing or fails.</summary>
    public static string? Run(string directory, string arguments)
    {
        var start = new ProcessStartInfo("git", arguments)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            _ = process.StandardError.ReadToEnd();
            return process.WaitForExit(TimeoutMs) && process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (Win32Exception)
        {
            // No git on the PATH: there is no history to search.
            return null;
        }
    }
}
