using Redline.Cli.CommandLine;
using Spectre.Console.Cli;

namespace Redline.Cli.Tests.CommandLine;

public sealed class UsageErrorsTests
{
    private static readonly CommandCatalog Commands = Catalog();

    [Theory]
    [InlineData("run suite.yaml --basline auto", "unknown option '--basline' for redline run; did you mean '--baseline'?")]
    [InlineData("run suite.yaml --no-such-flag", "unknown option '--no-such-flag' for redline run; `redline run --help` lists its options.")]
    [InlineData("run suite.yaml --dur 5s", "unknown option '--dur' for redline run; did you mean '--duration'?")]
    [InlineData("run suite.yaml -basline x", "unknown option '-basline' for redline run; did you mean '--baseline'?")]
    [InlineData("compare a b --reprot md", "unknown option '--reprot' for redline compare; did you mean '--report'?")]
    [InlineData("baseline set r1 --nmae main", "unknown option '--nmae' for redline baseline set; did you mean '--name'?")]
    [InlineData("history list --limt 3", "unknown option '--limt' for redline history list; did you mean '--limit'?")]
    [InlineData("target serve --prot 5090", "unknown option '--prot' for redline target serve; did you mean '--port'?")]
    [InlineData("--verbose", "unknown option '--verbose' for redline; `redline --help` lists its options.")]
    [InlineData("ci suite.yaml --trigerr nightly", "unknown option '--trigerr' for redline ci; did you mean '--trigger'?")]
    public void Explain_UnknownOption_NamesItAndTheNearestKnownOne(string line, string expected)
    {
        Assert.Equal(expected, UsageErrors.Explain(line.Split(' '), Commands));
    }

    [Theory]
    [InlineData("run suite.yaml extra", "unexpected argument 'extra': redline run takes only <SUITE>.")]
    [InlineData("run suite.yaml -- extra", "unexpected argument 'extra': redline run takes only <SUITE>.")]
    [InlineData("compare a b c", "unexpected argument 'c': redline compare takes only <BASE> <HEAD>.")]
    [InlineData("history prune now", "unexpected argument 'now': redline history prune takes no arguments.")]
    [InlineData("history lst", "unknown command 'lst' for redline history; did you mean 'list'?")]
    [InlineData("bench x", "unknown command 'x' for redline bench; its commands are import, run, db and serialization.")]
    [InlineData("benc x", "unknown command 'benc' for redline; did you mean 'bench'?")]
    [InlineData("bench import results.json -- --filter x", "unexpected argument '--filter': redline bench import takes only <FILE>.")]
    [InlineData("run suite.yaml --baseline", "option '--baseline' needs a value: --baseline <BASELINE>.")]
    [InlineData("run suite.yaml --label --quiet", "option '--label' needs a value: --label <KEY=VALUE>.")]
    public void Explain_ExtraArgumentOrMissingValue_SaysWhatTheCommandTakes(string line, string expected)
    {
        Assert.Equal(expected, UsageErrors.Explain(line.Split(' '), Commands));
    }

    [Theory]
    [InlineData("run suite.yaml")]
    [InlineData("run suite.yaml -q --no-store -s a -s b --label=v=1 --scale 0.5 --baseline auto --report md --report html")]
    [InlineData("run suite.yaml --quiet false --scale -1")]
    [InlineData("demo --duration 20s --out results")]
    [InlineData("history list --limit 3 --store x.db")]
    [InlineData("target serve --port 0 --latency-scale 0.1")]
    [InlineData("target mcp-stdio")]
    [InlineData("run --help")]
    public void Explain_ValidCommandLine_FindsNothingWrong(string line)
    {
        Assert.Null(UsageErrors.Explain(line.Split(' '), Commands));
    }

    private static CommandCatalog Catalog()
    {
        var catalog = new CommandCatalog();
        new CommandApp().Configure(config => RedlineCommands.Register(config, catalog));
        return catalog;
    }
}
