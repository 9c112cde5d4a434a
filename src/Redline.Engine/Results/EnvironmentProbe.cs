using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace Redline.Engine;

/// <summary>Describes the machine a run happens on; runs are comparable only on the same fingerprint.</summary>
public static class EnvironmentProbe
{
    /// <summary>Captures the machine, runtime and (when <paramref name="gitDirectory"/> is in a repository) the git state.</summary>
    public static EnvironmentInfo Capture(string? gitDirectory = null)
    {
        var cpu = CpuModel();
        var cores = Environment.ProcessorCount;
        var memory = MemoryBytes();
        var os = RuntimeInformation.OSDescription;
        var runtime = RuntimeInformation.FrameworkDescription;
        var gc = $"{(GCSettings.IsServerGC ? "server" : "workstation")}{(GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : ", concurrent")}";

        // Memory is rounded to whole GiB so that a kernel's reserved pages do not split one machine in two.
        var identity = $"{cpu}|{cores}|{Math.Round(memory / (1024.0 * 1024 * 1024))}|{RuntimeInformation.OSArchitecture}|{Environment.OSVersion.Platform}|{Environment.Version.Major}|{gc}";
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16];
        var (commit, branch, dirty) = gitDirectory is null ? (null, null, null) : Git(gitDirectory);
        return new EnvironmentInfo(Environment.MachineName, os, RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(), cpu, cores, memory, runtime, gc, fingerprint, commit, branch, dirty);
    }

    private static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null)
                {
                    return line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }

        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    private static long MemoryBytes()
    {
        try
        {
            var line = File.Exists("/proc/meminfo") ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) : null;
            if (line is not null && long.TryParse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], out var kib))
            {
                return kib * 1024;
            }
        }
        catch (IOException)
        {
        }

        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static (string? Commit, string? Branch, bool? Dirty) Git(string directory)
    {
        var commit = RunGit(directory, "rev-parse HEAD");
        if (commit is null)
        {
            return (null, null, null);
        }

        var branch = Environment.GetEnvironmentVariable("REDLINE_BRANCH") is { Length: > 0 } named ? named : RunGit(directory, "rev-parse --abbrev-ref HEAD");
        if (branch == "HEAD")
        {
            // A detached checkout, as CI makes one: the branch CI names (a pull request's head, else the pushed ref).
            branch = new[] { "GITHUB_HEAD_REF", "GITHUB_REF_NAME", "CI_COMMIT_REF_NAME" }
                .Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrEmpty(v)) ?? branch;
        }

        var status = RunGit(directory, "status --porcelain --untracked-files=no");
        return (commit, branch, status is null ? null : status.Length > 0);
    }

    /// <summary>The trimmed output of <c>git ARGUMENTS</c> in <paramref name="directory"/>, or null when git is missing or fails.</summary>
    private static string? RunGit(string directory, string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(5000) && process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
