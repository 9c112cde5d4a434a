using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text.RegularExpressions;
using Redline.Cli.Suites;
using Redline.Cli.Targets;
using Xunit.Abstractions;

namespace Redline.Cli.Tests.Targets;

public sealed class TargetProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("redline-targets-").FullName;

    private string LogPath => Path.Combine(_folder, "logs", "target.log");

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task StartAsync_ReadyPath_WaitsUntilThePathAnswersSuccess()
    {
        var port = LoopbackPorts.Free();
        var spec = Spec("perl", ["-e", TestServices.Server, Port(port), "3", "exit"], "/health");

        await using var target = await TargetProcess.StartAsync(spec, BaseUrl(port), LogPath, CancellationToken.None);

        // Three 503s came first; had StartAsync returned on one of them, this would be a 503 too.
        using var client = new HttpClient();
        using var response = await client.GetAsync(BaseUrl(port) + "health");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.True(TestServices.IsRunning(target.Pid));
        Assert.Contains($"listening on {port}", TestServices.ReadLog(LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ReadyTcp_ReturnsOnceThePortAcceptsWithArgsEnvAndFolderApplied()
    {
        var port = LoopbackPorts.Free();
        var spec = Spec(
            "bash",
            ["-c", """echo "greeting=$GREETING cwd=$PWD"; sleep 0.5; exec "$@" """, "bash", "perl", "-e", TestServices.Server, Port(port), "0", "exit"],
            $"tcp:{port}",
            env: new Dictionary<string, string> { ["GREETING"] = "hello there" });
        var clock = Stopwatch.StartNew();

        await using var target = await TargetProcess.StartAsync(spec, BaseUrl(port), LogPath, CancellationToken.None);

        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(400), $"ready after {clock.ElapsedMilliseconds} ms, before the server could listen");
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Contains($"greeting=hello there cwd={_folder}", TestServices.ReadLog(LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_ProcessExitsAtOnce_ThrowsWithExitCodeAndItsOutput()
    {
        var spec = Spec("bash", ["-c", "echo boom >&2; exit 3"], "/health");

        var error = await Assert.ThrowsAsync<TargetStartException>(
            () => TargetProcess.StartAsync(spec, BaseUrl(LoopbackPorts.Free()), LogPath, CancellationToken.None));
        output.WriteLine(error.Message);

        Assert.Contains("exited with code 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("boom", error.Message, StringComparison.Ordinal);
        Assert.Contains("boom", TestServices.ReadLog(LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_NeverReady_ThrowsTimedOutAndStopsTheProcess()
    {
        var port = LoopbackPorts.Free();
        var spec = Spec("bash", ["-c", "echo pid=$$; exec sleep 30"], $"tcp:{port}", readyTimeout: TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TargetStartException>(
            () => TargetProcess.StartAsync(spec, BaseUrl(port), LogPath, CancellationToken.None));
        output.WriteLine(error.Message);

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
        Assert.Contains("timed out", error.Message, StringComparison.Ordinal);
        Assert.Contains("within 1s", error.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", error.Message, StringComparison.Ordinal);
        Assert.False(TestServices.IsRunning(LoggedPid()));
    }

    [Fact]
    public async Task StartAsync_CallerCancels_ThrowsAndStopsTheProcess()
    {
        var port = LoopbackPorts.Free();
        var spec = Spec("bash", ["-c", "echo pid=$$; exec sleep 30"], $"tcp:{port}");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => TargetProcess.StartAsync(spec, BaseUrl(port), LogPath, cancel.Token));

        Assert.False(TestServices.IsRunning(LoggedPid()));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task StartAsync_RelativeCommand_RunsFromTheWorkingDirectory()
    {
        var port = LoopbackPorts.Free();
        var script = Path.Combine(_folder, "serve.sh");
        await File.WriteAllTextAsync(script, "#!/bin/bash\nexec perl -e \"$1\" \"$2\" 0 exit\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var spec = Spec("./serve.sh", [TestServices.Server, Port(port)], "/");

        await using var target = await TargetProcess.StartAsync(spec, BaseUrl(port), LogPath, CancellationToken.None);

        Assert.Contains($"listening on {port}", TestServices.ReadLog(LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_UnknownCommand_ThrowsCouldNotStart()
    {
        var spec = Spec("redline-no-such-command", [], "/health");

        var error = await Assert.ThrowsAsync<TargetStartException>(
            () => TargetProcess.StartAsync(spec, BaseUrl(LoopbackPorts.Free()), LogPath, CancellationToken.None));
        output.WriteLine(error.Message);

        Assert.Contains("Could not start 'redline-no-such-command'", error.Message, StringComparison.Ordinal);
        Assert.Contains("No such file or directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_LogPathUnderAFile_ThrowsCouldNotOpenLog()
    {
        var blocker = Path.Combine(_folder, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "");
        var spec = Spec("sleep", ["30"], "/health");

        var error = await Assert.ThrowsAsync<TargetStartException>(
            () => TargetProcess.StartAsync(spec, BaseUrl(LoopbackPorts.Free()), Path.Combine(blocker, "target.log"), CancellationToken.None));

        Assert.Contains("Could not open the service's log", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("health")]
    [InlineData("tcp:")]
    [InlineData("tcp:70000")]
    public async Task StartAsync_MalformedReady_ThrowsBeforeStarting(string ready)
    {
        var spec = Spec("bash", ["-c", "touch started"], ready);

        await Assert.ThrowsAsync<ArgumentException>(
            () => TargetProcess.StartAsync(spec, BaseUrl(LoopbackPorts.Free()), LogPath, CancellationToken.None));

        Assert.False(File.Exists(Path.Combine(_folder, "started")));
    }

    [Fact]
    public async Task DisposeAsync_RunningService_SendsSigtermAndTheProcessIsGone()
    {
        var port = LoopbackPorts.Free();
        var spec = Spec("perl", ["-e", TestServices.Server, Port(port), "0", "exit"], "/");
        var target = await TargetProcess.StartAsync(spec, BaseUrl(port), LogPath, CancellationToken.None);
        var pid = target.Pid;
        var clock = Stopwatch.StartNew();

        await target.DisposeAsync();
        await target.DisposeAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"stopping took {clock.ElapsedMilliseconds} ms");
        Assert.False(TestServices.IsRunning(pid));
        Assert.Contains("got TERM", TestServices.ReadLog(LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_ServiceIgnoringSigterm_KillsItAfterTheGracePeriod()
    {
        var port = LoopbackPorts.Free();
        var spec = Spec("perl", ["-e", TestServices.Server, Port(port), "0", "ignore"], "/");
        var target = await TargetProcess.StartAsync(spec, BaseUrl(port), LogPath, CancellationToken.None);
        var pid = target.Pid;
        var clock = Stopwatch.StartNew();

        await target.DisposeAsync();

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(4.5), TimeSpan.FromSeconds(9));
        Assert.False(TestServices.IsRunning(pid));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task DisposeAsync_WrapperWithAChildAndADetachedGrandchild_StopsEveryProcessOfTheTree()
    {
        var port = LoopbackPorts.Free();

        // The wrapper starts the service and a middle shell; the middle shell starts a grandchild in a
        // session (and group) of its own, which neither the wrapper's SIGTERM nor its group's reaches.
        const string Wrapper = """
            perl -e "$0" "$1" 0 exit &
            echo "service=$!"
            bash -c 'setsid sleep 300 & echo "detached=$!"; wait' &
            echo "middle=$!"
            wait
            """;
        var spec = Spec("bash", ["-c", Wrapper, TestServices.Server, Port(port)], "/");
        var target = await TargetProcess.StartAsync(spec, BaseUrl(port), LogPath, CancellationToken.None);
        var pids = new[] { "service", "middle", "detached" }.ToDictionary(name => name, name => 0);
        try
        {
            foreach (var name in pids.Keys)
            {
                pids[name] = await LoggedPidAsync(name);
            }

            Assert.NotEqual(target.Pid, TestServices.SessionOf(pids["detached"]));
            Assert.All(pids.Values, pid => Assert.True(TestServices.IsRunning(pid), $"pid {pid} is not running before the stop"));
        }
        finally
        {
            await target.DisposeAsync();
        }

        Assert.False(TestServices.IsRunning(target.Pid), "the wrapper survived");
        Assert.All(pids, p => Assert.False(TestServices.IsRunning(p.Value), $"the {p.Key} (pid {p.Value}) survived the stop"));
        using var client = new TcpClient();
        await Assert.ThrowsAnyAsync<SocketException>(() => client.ConnectAsync("127.0.0.1", port));
    }

    private static Uri BaseUrl(int port) => new($"http://127.0.0.1:{Port(port)}/");

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private TargetStartSpec Spec(
        string command,
        string[] args,
        string ready,
        TimeSpan? readyTimeout = null,
        Dictionary<string, string>? env = null) =>
        new(command, args, env ?? [], ready, readyTimeout ?? TimeSpan.FromSeconds(10), _folder);

    /// <summary>The pid the target logged as "NAME=PID", waiting up to 10 s for the line.</summary>
    private async Task<int> LoggedPidAsync(string name)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var match = Regex.Match(TestServices.ReadLog(LogPath), $@"\b{name}=(\d+)");
            if (match.Success)
            {
                return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            }

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the target did not log {name}=PID");
            await Task.Delay(50);
        }
    }

    private int LoggedPid()
    {
        var match = Regex.Match(TestServices.ReadLog(LogPath), @"pid=(\d+)");
        Assert.True(match.Success, "the child did not log its pid");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
