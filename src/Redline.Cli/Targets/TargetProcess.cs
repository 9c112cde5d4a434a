using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Redline.Cli.Suites;

namespace Redline.Cli.Targets;

/// <summary>A service under test that Redline started; disposing it stops it.</summary>
internal sealed class TargetProcess : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for the output pipes to drain after exit; a grandchild may hold them open.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(1);

    private readonly Process _process;
    private readonly TargetLog _log;
    private readonly string _name;
    /// <summary>Every target started and not yet stopped, so an immediate exit can take them along.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<TargetProcess, byte> Live = new();

    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private Task? _stopping;
    private TargetTree? _tree;

    private TargetProcess(Process process, TargetLog log, string name)
    {
        _process = process;
        _log = log;
        _name = name;
    }

    /// <summary>The service's process id.</summary>
    public int Pid { get; private set; }

    /// <summary>
    /// Starts the service (no shell; its output appended to <paramref name="logPath"/>) and waits
    /// until <see cref="TargetStartSpec.Ready"/> answers. Throws <see cref="TargetStartException"/>
    /// when it cannot start, exits first, or is not ready within the timeout; the process is stopped then.
    /// </summary>
    public static async Task<TargetProcess> StartAsync(TargetStartSpec spec, Uri baseUrl, string logPath, CancellationToken ct)
    {
        using var probe = ReadinessProbe.Create(spec.Ready, baseUrl);
        var target = Launch(spec, logPath);
        try
        {
            await target.WaitUntilReadyAsync(probe, spec.ReadyTimeout, ct);
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    /// <summary>Stops the service and every process it started: SIGTERM, up to 5 s to exit, then SIGKILL. Never throws; safe to call twice.</summary>
    public ValueTask DisposeAsync()
    {
        lock (_lock)
        {
            _stopping ??= StopAsync();
            return new ValueTask(_stopping);
        }
    }

    private static TargetProcess Launch(TargetStartSpec spec, string logPath)
    {
        // In a session of its own, the target does not receive the terminal's Ctrl+C: Redline stops
        // it itself, after the in-flight requests have had their graceful stop.
        var command = ResolveCommand(spec);
        var detach = Setsid is not null;
        if (detach && !IsRunnable(command))
        {
            // Through setsid a missing program would show only as an early exit; say it plainly.
            throw new TargetStartException($"Could not start '{spec.Command}' in {spec.WorkingDirectory}: No such file or directory.");
        }

        var info = new ProcessStartInfo(detach ? Setsid! : command)
        {
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,

            // Kept open and silent, so the service never reads the user's terminal.
            RedirectStandardInput = true,
        };
        if (detach)
        {
            info.ArgumentList.Add(command);
        }

        foreach (var arg in spec.Args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in spec.Env)
        {
            info.Environment[name] = value;
        }

        TargetLog log;
        try
        {
            log = TargetLog.Open(logPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TargetStartException($"Could not open the service's log {logPath}: {e.Message}", e);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var target = new TargetProcess(process, log, spec.Command);
        process.Exited += (_, _) => target._exited.TrySetResult();
        process.OutputDataReceived += (_, e) => target.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => target.OnLine(e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            log.Dispose();

            // The native error alone ("No such file or directory"); e.Message repeats the command and folder.
            var reason = new Win32Exception(e.NativeErrorCode).Message;
            throw new TargetStartException($"Could not start '{spec.Command}' in {spec.WorkingDirectory}: {reason}.", e);
        }

        target.Pid = process.Id;
        target._tree = TargetTree.Supported ? new TargetTree(process.Id) : null;
        Live.TryAdd(target, 0);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return target;
    }

    /// <summary>
    /// A relative path such as "./server" is taken from the working directory, as a shell that
    /// changed into it would; Process would take it from Redline's own. Bare names go through PATH.
    /// </summary>
    /// <summary>util-linux's setsid, which starts a program in a new session (it execs, so the pid is the program's).</summary>
    private static readonly string? Setsid = OperatingSystem.IsLinux()
        ? new[] { "/usr/bin/setsid", "/bin/setsid" }.FirstOrDefault(File.Exists)
        : null;

    private static bool IsRunnable(string command) =>
        command.Contains('/', StringComparison.Ordinal)
            ? File.Exists(command)
            : (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, command)));

    private static string ResolveCommand(TargetStartSpec spec) =>
        !Path.IsPathRooted(spec.Command) && spec.Command.AsSpan().IndexOfAny('/', Path.DirectorySeparatorChar) >= 0
            ? Path.GetFullPath(spec.Command, Path.GetFullPath(spec.WorkingDirectory))
            : spec.Command;

    private void OnLine(string? line)
    {
        if (line is not null)
        {
            _log.Append(line);
        }
    }

    private async Task WaitUntilReadyAsync(ReadinessProbe probe, TimeSpan readyTimeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(readyTimeout);
        try
        {
            while (true)
            {
                if (_exited.Task.IsCompleted)
                {
                    throw await ExitedEarlyAsync();
                }

                if (await probe.TryAsync(deadline.Token))
                {
                    // Something answered, but if our process has died it was someone else (a port clash).
                    if (_exited.Task.IsCompleted)
                    {
                        throw await ExitedEarlyAsync();
                    }

                    return;
                }

                await Task.WhenAny(_exited.Task, Task.Delay(PollInterval, deadline.Token));
                deadline.Token.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var reason = probe.LastProblem is { } problem ? $" (last attempt: {problem})" : "";
            throw new TargetStartException(
                $"'{_name}' timed out: {probe.Description} was not ready within {NetworkProblem.Format(readyTimeout)}{reason}.{LogTail()}");
        }
    }

    private async Task<TargetStartException> ExitedEarlyAsync()
    {
        await DrainOutputAsync();
        return new TargetStartException(
            $"'{_name}' exited with code {_process.ExitCode.ToString(CultureInfo.InvariantCulture)} before it was ready.{LogTail()}");
    }

    private string LogTail()
    {
        var tail = _log.Tail();
        return tail.Count == 0
            ? $" It wrote nothing to {_log.Path}."
            : $"{Environment.NewLine}Last lines of {_log.Path}:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", tail)}";
    }

    private async Task StopAsync()
    {
        try
        {
            if (_tree is not null)
            {
                await StopTreeAsync(_tree);
            }
            else if (!_exited.Task.IsCompleted)
            {
                // A polite signal first, so the service can flush and close its connections.
                if (!UnixSignals.TryTerminate(Pid) || !await ExitsWithinAsync(StopGrace))
                {
                    KillTree();
                    await ExitsWithinAsync(StopGrace);
                }
            }

            await DrainOutputAsync();
        }
        catch (Exception)
        {
            // Stopping is cleanup: a failure here must not hide the run's result.
        }
        finally
        {
            Live.TryRemove(this, out _);
            _process.Dispose();
            _log.Dispose();
        }
    }

    /// <summary>
    /// Stops the whole tree, not only the process Redline started: a wrapper such as
    /// <c>bash -c 'service &amp; wait'</c> dies on SIGTERM and would leave the service holding its port.
    /// </summary>
    private static async Task StopTreeAsync(TargetTree tree)
    {
        // Walked before any signal: once a process dies, its children's parent link points to init.
        tree.Refresh();
        if (tree.Alive().Count == 0)
        {
            return;
        }

        tree.Signal(UnixSignals.Terminate);
        if (!await tree.GoneWithinAsync(StopGrace, PollInterval))
        {
            tree.Signal(UnixSignals.Kill);
            await tree.GoneWithinAsync(StopGrace, PollInterval);
        }
    }

    /// <summary>Kills every running target's whole tree at once: the last act before an immediate exit.</summary>
    public static void KillAllNow()
    {
        foreach (var target in Live.Keys)
        {
            if (target._tree is { } tree)
            {
                tree.Refresh();
                tree.Signal(UnixSignals.Kill);
            }
            else
            {
                target.KillTree();
            }
        }
    }

    private async Task<bool> ExitsWithinAsync(TimeSpan wait)
    {
        await Task.WhenAny(_exited.Task, Task.Delay(wait));
        return _exited.Task.IsCompleted;
    }

    private void KillTree()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Exited meanwhile, or not ours to kill.
        }
    }

    private async Task DrainOutputAsync()
    {
        // WaitForExitAsync also waits for end-of-file on the redirected pipes, so the log is complete.
        using var drain = new CancellationTokenSource(DrainTimeout);
        try
        {
            await _process.WaitForExitAsync(drain.Token);
        }
        catch (OperationCanceledException)
        {
            // A grandchild still holds the pipes; what was read so far will do.
        }
    }
}
