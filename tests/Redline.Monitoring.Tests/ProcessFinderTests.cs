namespace Redline.Monitoring.Tests;

public sealed class ProcessFinderTests : IDisposable
{
    private readonly string _proc = Directory.CreateTempSubdirectory("redline-proc-").FullName;

    public void Dispose() => Directory.Delete(_proc, recursive: true);

    [Fact(Timeout = 30_000)]
    public async Task Find_RunningSleep_FoundByCommandLineAndByName()
    {
        using var child = ChildProcess.Start("sleep", "987");
        await Task.Yield();

        Assert.Contains(ProcessFinder.Find("sleep 987"), p => p.Pid == child.Pid && p.CommandLine == "sleep 987");
        Assert.Contains(ProcessFinder.Find("sleep"), p => p.Pid == child.Pid);
        Assert.Empty(ProcessFinder.Find($"no-such-process-{Guid.NewGuid():N}"));
    }

    [Fact]
    public void Find_OwnCommandLine_LeavesOutTheCallingProcess()
    {
        var own = File.ReadAllText("/proc/self/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);

        Assert.DoesNotContain(ProcessFinder.Find(System.Text.RegularExpressions.Regex.Escape(string.Join(' ', own))),
            p => p.Pid == Environment.ProcessId);
    }

    [Fact]
    public void Find_NameEqualsPattern_MatchesEvenWhenTheCommandLineDoesNot()
    {
        AddProcess(100, "api", "/usr/bin/dotnet", "Service.dll");
        AddProcess(101, "api-worker", "/usr/bin/dotnet", "Worker.dll");

        Assert.Equal([(100, "/usr/bin/dotnet Service.dll")], ProcessFinder.Find("api", _proc, supported: true));
    }

    [Fact]
    public void Find_SomeProcessIsNamedSo_CommandLinesThatMentionItAreLeftOut()
    {
        AddProcess(100, "nginx", "nginx", "-g", "daemon off;");
        AddProcess(101, "tail", "tail", "-f", "/var/log/nginx/access.log");

        Assert.Equal([(100, "nginx -g daemon off;")], ProcessFinder.Find("nginx", _proc, supported: true));
    }

    [Fact]
    public void Find_CommandLineOfTheProcessThatStartedTheCaller_IsLeftOut()
    {
        var parent = int.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("PPid:", StringComparison.Ordinal))[5..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var commandLine = string.Join(' ', File.ReadAllText($"/proc/{parent}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries));

        Assert.DoesNotContain(ProcessFinder.Find(System.Text.RegularExpressions.Regex.Escape(commandLine)), p => p.Pid == parent);
    }

    [Fact]
    public void Find_RegexOverCommandLine_MatchesJoinedArgumentsInPidOrder()
    {
        AddProcess(300, "dotnet", "dotnet", "Orders.Api.dll", "--urls", "http://127.0.0.1:5000");
        AddProcess(20, "dotnet", "dotnet", "Billing.Api.dll");
        AddProcess(21, "dotnet", "dotnet", "Billing.Worker.dll");

        var found = ProcessFinder.Find(@"^dotnet \w+\.Api\.dll", _proc, supported: true);

        Assert.Equal([20, 300], found.Select(p => p.Pid));
        Assert.Equal("dotnet Orders.Api.dll --urls http://127.0.0.1:5000", found[1].CommandLine);
    }

    [Fact]
    public void Find_InvalidRegex_MatchesAsPlainText()
    {
        AddProcess(7, "bash", "bash", "-c", "run (fast");

        Assert.Single(ProcessFinder.Find("run (fast", _proc, supported: true));
    }

    [Fact]
    public void Find_KernelThreadWithoutCommandLine_MatchesByNameOnly()
    {
        AddProcess(2, "kthreadd");

        Assert.Empty(ProcessFinder.Find(".*", _proc, supported: true));
        Assert.Equal([(2, "kthreadd")], ProcessFinder.Find("kthreadd", _proc, supported: true));
    }

    [Fact]
    public void Find_PlatformWithoutProc_ReturnsNothing()
    {
        AddProcess(5, "sleep", "sleep", "1");

        Assert.Empty(ProcessFinder.Find("sleep", _proc, supported: false));
    }

    private void AddProcess(int pid, string name, params string[] args)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_proc, pid.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
        File.WriteAllText(Path.Combine(dir, "comm"), name + "\n");
        File.WriteAllText(Path.Combine(dir, "cmdline"), string.Concat(args.Select(a => a + "\0")));
    }
}
