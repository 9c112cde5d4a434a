using System.Globalization;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary>The real <c>redline</c> refuses what it does not know before it runs anything.</summary>
public sealed class UsageEndToEndTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-usage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("--basline", "auto", "unknown option '--basline' for redline run; did you mean '--baseline'?")]
    [InlineData("--no-such-flag", "--quiet", "unknown option '--no-such-flag' for redline run;")]
    [InlineData("extra", "--quiet", "unexpected argument 'extra': redline run takes only <SUITE>.")]
    public async Task Run_UnknownOptionOrExtraArgument_ExitsTwoBeforeRunning(string wrong, string next, string message)
    {
        // A target nothing listens on: had the run started, preflight would have failed with exit 5.
        var suite = Path.Combine(_dir, "suite.yaml");
        await File.WriteAllTextAsync(suite, $$"""
            suite: usage
            target:
              base_url: http://127.0.0.1:{{Targets.LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)}}
            components:
              home:
                request: { path: / }
            scenarios:
              s:
                load: { model: open, rate: 5/s, duration: 2s }
            """);
        var outDir = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir, wrong, next, "--no-store");

        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains($"redline: {message}", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(outDir), "nothing may run");
    }

    [Theory]
    [InlineData("compare a b --reprot md", "unknown option '--reprot' for redline compare; did you mean '--report'?")]
    [InlineData("history list --no-such-flag", "unknown option '--no-such-flag' for redline history list;")]
    [InlineData("baseline set r1 extra", "unexpected argument 'extra': redline baseline set takes only [RUN].")]
    [InlineData("target serve --prot 0", "unknown option '--prot' for redline target serve; did you mean '--port'?")]
    public async Task OtherCommands_UnknownOptionOrExtraArgument_ExitTwoWithTheMessage(string line, string message)
    {
        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, line.Split(' '));

        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains($"redline: {message}", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
