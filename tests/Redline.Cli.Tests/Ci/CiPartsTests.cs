using Redline.Cli.Commands.Ci;
using Redline.Cli.Suites;

namespace Redline.Cli.Tests.Ci;

/// <summary>What <c>redline ci</c> decides from its environment: the trigger, the pull request, changed files, and the machine's noise.</summary>
public sealed class CiPartsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-ci-parts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Func<string, string?> GitHub(string eventName, string payload, params (string Name, string Value)[] more)
    {
        var file = Path.Combine(_dir, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(file, payload);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_EVENT_NAME"] = eventName,
            ["GITHUB_EVENT_PATH"] = file,
            ["GITHUB_REPOSITORY"] = "octo/shop",
            ["GITHUB_RUN_ID"] = "99",
        };
        foreach (var (name, value) in more)
        {
            variables[name] = value;
        }

        return name => variables.GetValueOrDefault(name);
    }

    [Theory]
    [InlineData("push", "{}", "push")]
    [InlineData("pull_request", """{ "pull_request": { "number": 7 } }""", "pull_request")]
    [InlineData("schedule", """{ "schedule": "0 2 * * *" }""", "nightly")]
    [InlineData("schedule", """{ "schedule": "0 4 * * 0" }""", "weekly")]
    [InlineData("workflow_dispatch", """{ "inputs": { "trigger": "weekly" } }""", "weekly")]
    [InlineData("workflow_dispatch", "{}", "nightly")]
    public void Detect_GitHubEvent_GivesItsTrigger(string eventName, string payload, string trigger)
    {
        Assert.Equal(trigger, CiEnvironment.Detect(null, GitHub(eventName, payload)).Trigger);
    }

    [Fact]
    public void Detect_PullRequest_ReadsNumberBaseAndFork()
    {
        const string Payload = """{ "pull_request": { "number": 12, "base": { "ref": "release" }, "head": { "repo": { "full_name": "someone/shop" } } } }""";

        var github = CiEnvironment.Detect(null, GitHub("pull_request", Payload, ("GITHUB_API_URL", "http://127.0.0.1:9/"), ("GITHUB_TOKEN", "t"))).GitHub!;
        var same = CiEnvironment.Detect(null, GitHub("pull_request", Payload.Replace("someone", "octo", StringComparison.Ordinal))).GitHub!;

        Assert.Equal((12, "release", "http://127.0.0.1:9", "t"), (github.PullRequest!.Value, github.BaseBranch!, github.ApiUrl, github.Token!));
        Assert.True(github.FromFork);
        Assert.False(same.FromFork);
        Assert.Equal("https://github.com/octo/shop/actions/runs/99", same.RunUrl);
    }

    [Fact]
    public void Detect_Elsewhere_AskedThenGitLabThenPush()
    {
        var gitlab = new Dictionary<string, string> { ["GITLAB_CI"] = "true", ["CI_PIPELINE_SOURCE"] = "merge_request_event" };

        Assert.Equal("weekly", CiEnvironment.Detect("weekly", GitHub("push", "{}")).Trigger);
        Assert.Equal("pull_request", CiEnvironment.Detect(null, n => gitlab.GetValueOrDefault(n)).Trigger);
        var none = CiEnvironment.Detect(null, _ => null);
        Assert.Equal("push", none.Trigger);
        Assert.Null(none.GitHub);
        Assert.Contains("--trigger", none.Source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("src/Cart/**", "src/Cart/Basket.cs", true)]
    [InlineData("src/Cart/**", "src/Cart/Deep/Er/Line.cs", true)]
    [InlineData("src/Cart/**", "src/Carts/Basket.cs", false)]
    [InlineData("src/*.cs", "src/Program.cs", true)]
    [InlineData("src/*.cs", "src/Cart/Basket.cs", false)]
    [InlineData("**/*.proto", "api/v1/order.proto", true)]
    [InlineData("**/*.proto", "order.proto", true)]
    [InlineData("docs/?.md", "docs/a.md", true)]
    [InlineData("a+b/(x).txt", "a+b/(x).txt", true)]
    public void Matches_Glob(string glob, string path, bool matches)
    {
        Assert.Equal(matches, ChangedFiles.Matches(glob, path));
    }

    [Fact]
    public void Judge_Spread_LeavesWidensOrStops()
    {
        var limits = new StabilityLimits(3, 20);
        double[] quiet = [10, 10.1, 9.9, 10, 10.05, 9.95, 10];
        double[] noisy = [10, 10.5, 9.5, 10, 10.6, 9.4, 10.2, 9.8];
        double[] wild = [10, 14, 6, 10, 15, 5, 12, 8];

        var a = StabilityProbe.Judge(quiet, limits);
        var b = StabilityProbe.Judge(noisy, limits);
        var c = StabilityProbe.Judge(wild, limits);

        Assert.Equal((0.0, false), (a.MarginPoints, a.TooNoisy));
        Assert.InRange(b.SpreadPercent, 3, 20);
        Assert.Equal(Math.Round(2 * b.SpreadPercent, 1), b.MarginPoints);
        Assert.True(c.TooNoisy);
        Assert.Equal(0, c.MarginPoints);
    }
}
