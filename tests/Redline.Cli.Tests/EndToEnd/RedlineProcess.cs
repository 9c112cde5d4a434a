using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary>The real <c>redline</c> program as a child process, as a user runs it.</summary>
internal sealed class RedlineProcess : IDisposable
{
    private readonly Process _process;
    private readonly string _workingDirectory;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    private RedlineProcess(Process process, string workingDirectory)
    {
        _process = process;
        _workingDirectory = workingDirectory;
        _process.OutputDataReceived += (_, e) => Append(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// redline.dll in the CLI project's own output folder. The copy beside the tests shares their
    /// dependency resolution, which drops package assemblies that the shared ASP.NET Core framework
    /// also has, although redline.deps.json still names them; the CLI's own folder has them all.
    /// </summary>
    public static string Dll { get; } = FindDll();

    public int Pid => _process.Id;

    public string Stdout => Read(_stdout);

    public string Stderr => Read(_stderr);

    public static RedlineProcess Start(params string[] args) => Start(null, args);

    /// <summary>Starts redline with <paramref name="environment"/> added to its environment.</summary>
    public static RedlineProcess Start(IReadOnlyDictionary<string, string>? environment, params string[] args) => Start(environment, [], args);

    /// <summary>Runs redline to its end (bounded) under <paramref name="launcher"/> (<c>prlimit --nofile=600:600 --</c>, say).</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunUnderAsync(TimeSpan limit, IReadOnlyList<string> launcher, params string[] args)
    {
        using var process = Start(null, launcher, args);
        var code = await process.WaitAsync(limit);
        return (code, process.Stdout, process.Stderr);
    }

    private static RedlineProcess Start(IReadOnlyDictionary<string, string>? environment, IReadOnlyList<string> launcher, string[] args)
    {
        var start = new ProcessStartInfo(launcher.Count > 0 ? launcher[0] : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // A folder of its own: what a run keeps by default (.redline/runs, .redline/history.db)
            // must not pile up across tests and test runs in a shared folder.
            WorkingDirectory = Directory.CreateTempSubdirectory("redline-cwd-").FullName,
        };
        if (launcher.Count > 0)
        {
            foreach (var part in launcher.Skip(1))
            {
                start.ArgumentList.Add(part);
            }

            start.ArgumentList.Add("dotnet");
        }

        start.ArgumentList.Add(Dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new RedlineProcess(Process.Start(start)!, start.WorkingDirectory);
    }

    /// <summary>Runs redline to its end (bounded) and returns its exit code.</summary>
    public static Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan limit, params string[] args) => RunAsync(limit, null, args);

    /// <summary>Runs redline to its end (bounded) with <paramref name="environment"/> added to its environment.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(TimeSpan limit, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var process = Start(environment, args);
        var code = await process.WaitAsync(limit);
        return (code, process.Stdout, process.Stderr);
    }

    public async Task<int> WaitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"redline did not exit within {limit}. stderr: {Stderr}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void SendInterrupt() => Assert.Equal(0, Kill(_process.Id, 2));

    public void SendTerminate() => Assert.Equal(0, Kill(_process.Id, 15));

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_workingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A process it started may still be writing there; the system's temp cleanup takes it.
        }
    }

    private static string FindDll()
    {
        var here = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        var framework = Path.GetFileName(here);
        var configuration = Path.GetFileName(Path.GetDirectoryName(here)!);
        for (var dir = new DirectoryInfo(here); dir is not null; dir = dir.Parent)
        {
            // The default layout (src/Redline.Cli/bin/Debug/net10.0), or --artifacts-path's (bin/Redline.Cli/debug).
            string[] candidates =
            [
                Path.Combine(dir.FullName, "src", "Redline.Cli", "bin", configuration, framework, "redline.dll"),
                Path.Combine(dir.FullName, "Redline.Cli", configuration, "redline.dll"),
            ];
            var found = candidates.FirstOrDefault(File.Exists);
            if (found is not null)
            {
                return found;
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "redline.dll");
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }

    private static string Read(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }

    [DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);
}
