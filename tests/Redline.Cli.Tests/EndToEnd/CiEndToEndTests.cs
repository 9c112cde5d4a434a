using System.Text.Json;
using Microsoft.Data.Sqlite;
using Redline.Cli.Tests.Suites;
using Redline.Testing.Servers;
using YamlDotNet.RepresentationModel;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary>
/// <c>redline ci</c> through the real CLI as GitHub Actions runs it: the runner's environment and event file, a stand-in
/// for GitHub's REST API on loopback, a real store, a real target.
/// </summary>
[Collection(EndToEndCollection.Name)]
public sealed class CiEndToEndTests(BenchServer server) : IClassFixture<BenchServer>, IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-ci-").FullName;
    private FakeGitHub _github = null!;

    public async Task InitializeAsync() => _github = await FakeGitHub.StartAsync();

    public async Task DisposeAsync()
    {
        await _github.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string Store => Path.Combine(_dir, "history.db");

    private string Summary => Path.Combine(_dir, "step-summary.md");

    /// <summary>A suite whose pipeline runs one short scenario on a pull request, and both plus an import at night.</summary>
    private string Suite(string preflight = "")
    {
        var fixture = Path.Combine(SuiteSchemaTests.RepositoryRoot(), "tests", "Redline.Results.Tests", "Micro", "Fixtures", "google-benchmark.json");
        var file = Path.Combine(_dir, "suite.yaml");
        File.WriteAllText(file, $$"""
            suite: shop
            target:
              base_url: {{server.BaseUrl}}
            components:
              api:
                request: { method: GET, path: /fixed }
            scenarios:
              smoke:
                load: { model: open, rate: 30/s, duration: 3s, max_concurrency: 10 }
              steady:
                load: { model: open, rate: 20/s, duration: 2s, max_concurrency: 10 }
            regression_thresholds:
              critical: { response_time_increase: ">30%" }
            pipeline:
              triggers:
                - { on: pull_request, tests: [smoke_tests] }
                - { on: nightly, tests: [full_suite, micro] }
              tests:
                smoke_tests: { scenarios: [smoke] }
                micro: { import: {{fixture}}, format: google-benchmark }
              # The probe's and the CPU check's limits are tested on their own; a busy test machine must not stop these runs.
              stability: { widen_above: 60%, fail_above: 99% }
              preflight: { cpu_idle: 0%{{preflight}} }
            """);
        return file;
    }

    /// <summary>The runner's environment for <paramref name="eventName"/> with <paramref name="payload"/> as its event file.</summary>
    private Dictionary<string, string> GitHubActions(string eventName, string payload)
    {
        var eventFile = Path.Combine(_dir, $"event-{Guid.NewGuid():N}.json");
        File.WriteAllText(eventFile, payload);
        return new()
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_EVENT_NAME"] = eventName,
            ["GITHUB_EVENT_PATH"] = eventFile,
            ["GITHUB_REPOSITORY"] = "octo/shop",
            ["GITHUB_API_URL"] = _github.Url.ToString().TrimEnd('/'),
            ["GITHUB_TOKEN"] = "token-1",
            ["GITHUB_STEP_SUMMARY"] = Summary,
            ["GITHUB_BASE_REF"] = "main",
            ["GITHUB_RUN_ID"] = "4242",
        };
    }

    private static string PullRequest(string headRepository) =>
        $$"""{ "pull_request": { "number": 7, "base": { "ref": "main" }, "head": { "repo": { "full_name": "{{headRepository}}" } } } }""";

    private Task<(int Code, string Stdout, string Stderr)> CiAsync(IReadOnlyDictionary<string, string>? environment, string outDir, params string[] extra) =>
        RedlineProcess.RunAsync(Limit, environment, ["ci", Suite(), "--store", Store, "--out", Path.Combine(_dir, outDir), .. extra]);

    private JsonElement CiJson(string outDir)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, outDir, "ci.json")));
        return document.RootElement.Clone();
    }

    [Fact]
    public async Task PullRequest_TwoPushes_OneCommentFoundByItsMarkerAndEditedInPlace()
    {
        var environment = GitHubActions("pull_request", PullRequest("octo/shop"));

        var first = await CiAsync(environment, "first");
        var second = await CiAsync(environment, "second");

        Assert.True(first.Code == 0, first.Stdout + first.Stderr);
        Assert.True(second.Code == 0, second.Stdout + second.Stderr);
        foreach (var stage in new[] { "[1/5] preflight: pass", "[2/5] baseline: pass", "[3/5] execute: pass", "[4/5] analyze: pass", "[5/5] notify: pass" })
        {
            Assert.Contains(stage, second.Stdout, StringComparison.Ordinal);
        }

        Assert.Contains("trigger pull_request (GitHub Actions event pull_request)", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("pull request comment: created the comment on pull request #7", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("pull request comment: updated the comment on pull request #7", second.Stdout, StringComparison.Ordinal);
        var comment = Assert.Single(_github.Comments);
        Assert.Equal(7, comment.Value.Issue);
        Assert.StartsWith("<!-- redline-ci suite=shop -->", comment.Value.Body, StringComparison.Ordinal);
        Assert.Contains("### smoke_tests", comment.Value.Body, StringComparison.Ordinal);
        Assert.Contains("| preflight | pass", comment.Value.Body, StringComparison.Ordinal);

        // The second run was judged against the first: its comment is the comparison's.
        Assert.Contains("against run", comment.Value.Body, StringComparison.Ordinal);
        Assert.Equal(["POST", "PATCH"], _github.Requests.Where(r => r.Method != "GET").Select(r => r.Method));
        Assert.All(_github.Requests, r => Assert.Equal("Bearer token-1", r.Authorization));
        Assert.Equal(2, File.ReadAllText(Summary).Split("## Redline: `shop` on pull_request: passed").Length - 1);
        var ci = CiJson("second");
        Assert.Equal("pull_request", ci.GetProperty("trigger").GetString());
        Assert.Equal(["preflight", "baseline", "execute", "analyze", "notify"], ci.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        var set = Assert.Single(ci.GetProperty("sets").EnumerateArray());
        Assert.True(set.GetProperty("compared").GetBoolean());
        Assert.Contains(ci.GetProperty("preflight").EnumerateArray(), c => c.GetProperty("name").GetString() == "cpu_governor" && c.GetProperty("outcome").GetString() is "unobservable" or "pass" or "warn");
    }

    [Fact]
    public async Task PullRequest_FromAFork_GetsTheSummaryAndANoteNotAFailure()
    {
        var (code, stdout, stderr) = await CiAsync(GitHubActions("pull_request", PullRequest("someone/shop")), "fork");

        Assert.True(code == 0, stdout + stderr);
        Assert.Empty(_github.Requests);
        Assert.Contains("comes from the fork someone/shop", File.ReadAllText(Summary), StringComparison.Ordinal);
        Assert.Contains("### smoke_tests", File.ReadAllText(Summary), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullRequest_TokenWithoutWriteAccess_IsANoteNotAFailure()
    {
        _github.RefuseWrites = true;

        var (code, stdout, stderr) = await CiAsync(GitHubActions("pull_request", PullRequest("octo/shop")), "refused");

        Assert.True(code == 0, stdout + stderr);
        Assert.Empty(_github.Comments);
        Assert.Contains("403 Resource not accessible by integration", File.ReadAllText(Summary), StringComparison.Ordinal);
        Assert.Contains("403", CiJson("refused").GetProperty("notes")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Nightly_FromTheSchedule_RunsTheFullSuiteAndTheImportWithoutComment()
    {
        var (code, stdout, stderr) = await CiAsync(GitHubActions("schedule", """{ "schedule": "0 2 * * *" }"""), "nightly");

        Assert.True(code == 0, stdout + stderr);
        var ci = CiJson("nightly");
        Assert.Equal("nightly", ci.GetProperty("trigger").GetString());
        var sets = ci.GetProperty("sets").EnumerateArray().ToList();
        Assert.Equal(["full_suite", "micro"], sets.Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(["shop", "shop:micro"], sets.Select(s => s.GetProperty("suite").GetString()));
        Assert.All(sets, s => Assert.Equal(0, s.GetProperty("exit_code").GetInt32()));
        Assert.Contains("--thresholds", stdout, StringComparison.Ordinal);
        using (var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(_dir, "nightly", "full_suite", "results.json"))))
        {
            Assert.Equal(["smoke", "steady"], results.RootElement.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        }

        Assert.Empty(_github.Requests);
        Assert.Contains("## Redline: `shop` on nightly: passed", File.ReadAllText(Summary), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preflight_ThresholdNotMet_StopsBeforeAnythingRunsWithExitFive()
    {
        var suite = Suite(", disk_space: 900000TB");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, ["ci", suite, "--trigger", "nightly", "--store", Store, "--out", Path.Combine(_dir, "stopped")]);

        Assert.True(code == 5, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("FAIL         disk_space", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[3/5] execute", stdout, StringComparison.Ordinal);
        var ci = CiJson("stopped");
        Assert.Empty(ci.GetProperty("sets").EnumerateArray());
        Assert.StartsWith("preflight failed: disk_space", ci.GetProperty("stopped").GetString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_dir, "stopped", "full_suite")));
    }

    [Fact]
    public async Task PullRequest_ChangedComponents_RunsOnlyTheSetsWhosePathsChanged()
    {
        var repository = Directory.CreateDirectory(Path.Combine(_dir, "repo")).FullName;
        File.WriteAllText(Path.Combine(repository, "suite.yaml"), $$"""
            suite: changed
            target:
              base_url: {{server.BaseUrl}}
            components:
              api:
                request: { method: GET, path: /fixed }
            scenarios:
              smoke:
                load: { model: open, rate: 20/s, duration: 2s, max_concurrency: 10 }
            pipeline:
              triggers:
                - { on: pull_request, tests: [api_changes, docs_changes] }
              tests:
                api_changes: { scenarios: [smoke], paths: ["src/**"] }
                docs_changes: { scenarios: [smoke], paths: ["docs/**"] }
              stability: { widen_above: 60%, fail_above: 99% }
              preflight: { cpu_idle: 0% }
            """);
        foreach (var command in new[] { "init --quiet -b main", "add suite.yaml", "-c user.name=t -c user.email=t@t commit --quiet -m suite", "checkout --quiet -b feature" })
        {
            Assert.NotNull(Redline.Cli.Gate.Git.Run(repository, command));
        }

        Directory.CreateDirectory(Path.Combine(repository, "src"));
        File.WriteAllText(Path.Combine(repository, "src", "Api.cs"), "class Api;");
        Assert.NotNull(Redline.Cli.Gate.Git.Run(repository, "add src/Api.cs"));
        Assert.NotNull(Redline.Cli.Gate.Git.Run(repository, "-c user.name=t -c user.email=t@t commit --quiet -m api"));

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, ["ci", Path.Combine(repository, "suite.yaml"), "--trigger", "pull_request", "--store", Store, "--out", Path.Combine(_dir, "changed")]);

        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("changed files: 1 since main", stdout, StringComparison.Ordinal);
        Assert.Contains("docs_changes: skipped, no changed file matches docs/**", stdout, StringComparison.Ordinal);
        Assert.Equal(["api_changes"], CiJson("changed").GetProperty("sets").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Init_WritesTheWorkflowOnce()
    {
        var suite = Suite();

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, ["ci", "init", suite, "--dir", _dir]);
        var again = await RedlineProcess.RunAsync(Limit, ["ci", "init", suite, "--dir", _dir]);

        Assert.True(code == 0, stdout + stderr);
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(_dir, ".github", "workflows", "performance-benchmarks.yml"))));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var on = (YamlMappingNode)root["on"];
        Assert.Equal(["push", "pull_request", "schedule", "workflow_dispatch"], on.Children.Keys.Select(k => k.ToString()));
        Assert.Equal(["0 2 * * *", "0 4 * * 0"], ((YamlSequenceNode)on["schedule"]).Select(s => ((YamlMappingNode)s)["cron"].ToString()));
        Assert.Equal("write", ((YamlMappingNode)root["permissions"])["pull-requests"].ToString());
        var steps = ((YamlSequenceNode)((YamlMappingNode)((YamlMappingNode)root["jobs"])["benchmark"])["steps"]).Cast<YamlMappingNode>().ToList();
        var uses = steps.Where(s => s.Children.ContainsKey("uses")).Select(s => s["uses"].ToString()).ToList();
        Assert.Contains("actions/cache/restore@v4", uses);
        Assert.Contains("actions/cache/save@v4", uses);
        Assert.Contains("actions/upload-artifact@v4", uses);
        var run = steps.Single(s => s.Children.ContainsKey("run") && s["run"].ToString().Contains(" ci ", StringComparison.Ordinal));
        Assert.Contains("ci suite.yaml --out .redline/ci/run", run["run"].ToString(), StringComparison.Ordinal);
        Assert.Equal("${{ secrets.GITHUB_TOKEN }}", ((YamlMappingNode)run["env"])["GITHUB_TOKEN"].ToString());
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exists; pass --force", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retention_FromTheSuite_IsAppliedAfterTheRun()
    {
        var suite = Path.Combine(_dir, "kept.yaml");
        var body = $$"""
            suite: kept
            target:
              base_url: {{server.BaseUrl}}
            components:
              api:
                request: { method: GET, path: /fixed }
            scenarios:
              smoke:
                load: { model: open, rate: 20/s, duration: 3s, max_concurrency: 10 }

            """;

        File.WriteAllText(suite, body);
        var kept = await RedlineProcess.RunAsync(Limit, ["run", suite, "--quiet", "--store", Store, "--out", Path.Combine(_dir, "kept")]);
        var afterDefault = await PrunedRunsAsync();
        File.WriteAllText(suite, body + "retention: { raw_data: 0.0003h, aggregated_hourly: 30 days }\n");
        var pruned = await RedlineProcess.RunAsync(Limit, ["run", suite, "--quiet", "--store", Store, "--out", Path.Combine(_dir, "pruned")]);

        Assert.True(kept.ExitCode == 0, kept.Stdout + kept.Stderr);
        Assert.True(pruned.ExitCode == 0, pruned.Stdout + pruned.Stderr);

        // The seed's 7 days kept the first run's per-second intervals; after the second run the suite's 1.08 s horizon
        // rolled them up (the second run's own last seconds were younger than that when it was stored).
        Assert.Equal(0L, afterDefault);
        Assert.Equal(1L, await PrunedRunsAsync());
    }

    /// <summary>How many stored runs have had their per-second intervals rolled up.</summary>
    private async Task<long> PrunedRunsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Store};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM runs WHERE intervals_pruned_at IS NOT NULL";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
