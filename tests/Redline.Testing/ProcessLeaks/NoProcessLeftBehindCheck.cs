using Xunit;

namespace Redline.Testing.ProcessLeaks;

/// <summary>
/// The check that no test left a process running. A test project derives one sealed class from it
/// and names <see cref="LeakCheckingTestFramework"/> as its test framework; the test then runs after
/// every other test of the assembly, when every fixture (a private PostgreSQL cluster, say) has
/// already stopped what it started.
/// </summary>
public abstract class NoProcessLeftBehindCheck
{
    /// <summary>How long owners' cleanup may still take (a watchdog's last poll, a browser's shutdown) before a survivor counts.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task EveryTest_WhenAllHaveEnded_LeftNoProcessRunning()
    {
        Assert.True(
            CheckLastAssemblyRunner.RunsLast,
            $"This check must run after every other test: add [assembly: TestFramework({nameof(LeakCheckingTestFramework)}.TypeName, {nameof(LeakCheckingTestFramework)}.AssemblyName)] to the test project.");

        var survivors = await TestProcesses.SurvivorsAfterAsync(Grace);

        // Killed before failing, so that they do not hold ports or files into the next run.
        TestProcesses.Kill(survivors);
        Assert.True(
            survivors.Count == 0,
            $"{survivors.Count} process(es) started by this assembly's tests were still running {Grace.TotalSeconds:0} s after the last test ended (now killed); "
            + $"a test or fixture must stop what it starts:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", survivors)}");
    }
}
