using Redline.Cli.Kinds;
using Redline.Cli.Suites;
using Redline.Engine;

namespace Redline.Cli.Tests.Kinds.Flow;

/// <summary>Flows against a real Kestrel service: captures fill later steps, failures skip the rest, a once-per-user login runs once.</summary>
public sealed class FlowKindTests
{
    private const string LoginStep = """
        - name: login
          request: { method: POST, path: /api/auth/login, json: { user: alice, password: redline-alice } }
          capture: { token: "$.token", role: "$.user.roles[1]" }
        """;

    [Fact]
    public async Task Run_LoginThenQueryWithTheCapturedToken_PassesWithNoError()
    {
        await using var service = await FlowService.StartAsync();
        var (result, _) = await RunAsync(service, LoginStep + "\n" + """
            - name: query
              request: { method: POST, path: /api/experts/query, headers: { Authorization: "Bearer {{token}}" }, json: { question: "as {{role}}" } }
            """, users: 2);

        var flow = Assert.Single(result.Components).Measures;
        Assert.True(flow.Requests >= 4, $"only {flow.Requests} iterations ran");
        Assert.Equal(0, flow.Errors);
        Assert.Equal(0, service.Refused);
        Assert.Equal(flow.Requests, service.Logins);
    }

    [Fact]
    public async Task Step_HeaderAndRegexCaptures_FillTheLaterStepsPath()
    {
        await using var service = await FlowService.StartAsync();
        var step = CreateStep(service, LoginStep + "\n" + """
            - name: query
              request: { method: POST, path: /api/experts/query, headers: { Authorization: "Bearer {{token}}" } }
              capture: { answer: "header:X-Answer-Id", id: 'regex:id=(\d+)', whole: 'regex:expert-\d' }
            - name: item
              request: { path: "/api/items/{{id}}?from={{answer}}&by={{whole}}" }
              capture: { name: "$.name" }
            """);
        var context = new StepContext("authenticated_request", 0, 0, new Random(1));

        var outcome = await step(context, CancellationToken.None);

        Assert.True(outcome.IsSuccess, outcome.Detail);
        Assert.Equal("a-42", context.Variables["answer"]);
        Assert.Equal("42", context.Variables["id"]);
        Assert.Equal("expert-7", context.Variables["whole"]);
        Assert.Equal("item 42", context.Variables["name"]);
        Assert.Equal([(0, false), (1, false), (2, false)], context.StepRecords.Select(r => (r.Index, r.Skipped)));
        Assert.All(context.StepRecords, r => Assert.True(r.Elapsed > TimeSpan.Zero));
    }

    [Fact]
    public async Task Step_CaptureFindsNothing_FailsWithCaptureFailedAndSkipsTheRest()
    {
        await using var service = await FlowService.StartAsync();
        var step = CreateStep(service, """
            - name: login
              request: { method: POST, path: /api/auth/login, json: { user: alice, password: redline-alice } }
              capture: { token: "$.session.token" }
            - name: query
              request: { method: POST, path: /api/experts/query, headers: { Authorization: "Bearer {{token}}" } }
            - name: item
              request: { path: /api/items/1 }
            """);
        var context = new StepContext("authenticated_request", 0, 0, new Random(1));

        var outcome = await step(context, CancellationToken.None);

        Assert.Equal("capture_failed", outcome.Error.Name);
        Assert.Contains("step 'login'", outcome.Detail, StringComparison.Ordinal);
        Assert.Contains("$.session.token", outcome.Detail, StringComparison.Ordinal);
        Assert.Equal([(0, false, "capture_failed"), (1, true, "none"), (2, true, "none")], context.StepRecords.Select(r => (r.Index, r.Skipped, r.Outcome.Error.Name)));
        Assert.Equal(0, service.Refused);
    }

    [Fact]
    public async Task Step_FailingStatus_EndsTheIterationWithItsClass()
    {
        await using var service = await FlowService.StartAsync();
        var step = CreateStep(service, """
            - name: login
              request: { method: POST, path: /api/auth/login, json: { user: alice, password: wrong } }
              capture: { token: "$.token" }
            - name: query
              request: { method: POST, path: /api/experts/query, headers: { Authorization: "Bearer {{token}}" } }
            """);
        var context = new StepContext("authenticated_request", 0, 0, new Random(1));

        var outcome = await step(context, CancellationToken.None);

        Assert.Equal(ErrorKind.Http4xx, outcome.Error);
        Assert.Equal(401, outcome.StatusCode);
        Assert.Equal([false, true], context.StepRecords.Select(r => r.Skipped));
    }

    [Fact]
    public async Task Run_OncePerUserLogin_LogsInOncePerVirtualUser()
    {
        await using var service = await FlowService.StartAsync();
        var (result, plan) = await RunAsync(service, """
            - name: login
              once: per_user
              request: { method: POST, path: /api/auth/login, json: { user: "alice", password: redline-alice } }
              capture: { token: "$.token" }
            - name: query
              request: { method: POST, path: /api/experts/query, headers: { Authorization: "Bearer {{token}}" } }
            """, users: 3);

        var flow = Assert.Single(result.Components).Measures;
        Assert.True(flow.Requests >= 9, $"only {flow.Requests} iterations ran");
        Assert.Equal(0, flow.Errors);
        Assert.Equal(3, service.Logins);
        Assert.Equal(["login", "query"], plan.Components[0].StepNames);
    }

    private static async Task<(ScenarioResult Result, ScenarioPlan Plan)> RunAsync(FlowService service, string steps, int users)
    {
        var suite = Load(service, steps, users);
        var scenario = suite.Scenarios[0];
        using var kinds = new RunKinds(suite.Components, new KindRunContext(suite.Target.BaseUrl, CancellationToken.None));
        Assert.Null(await kinds.PreflightAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
        var plan = scenario.ToPlan(c => kinds.CreateStep(c, new StepBuild(scenario.Name, scenario.Seed)));
        return (await ScenarioRunner.RunAsync(plan, new RunOptions { GeneratorCpuSampler = () => 0 }), plan);
    }

    private static Step CreateStep(FlowService service, string steps)
    {
        var suite = Load(service, steps, users: 1);
        var kinds = new RunKinds(suite.Components, new KindRunContext(suite.Target.BaseUrl, CancellationToken.None));
        return kinds.CreateStep(suite.Components[0], new StepBuild("s", 1));
    }

    private static Suite Load(FlowService service, string steps, int users)
    {
        var flow = string.Join("\n", steps.ReplaceLineEndings("\n").Split('\n').Select(line => "      " + line));
        var yaml = $$"""
            suite: flows
            target: { base_url: "{{service.Address}}", monitor: { system: false } }
            components:
              authenticated_request:
                flow:

            """ + flow + $$"""

            scenarios:
              steady:
                load: { model: closed, users: {{users}}, duration: 1s, think_time: 50ms }
            """;
        var result = SuiteLoader.LoadFromText(yaml.ReplaceLineEndings("\n"), "suite.yaml", Path.GetTempPath(), ComponentKinds.Default);
        Assert.True(result.Errors.Count == 0, string.Join("\n", result.Errors));
        return result.Suite!;
    }
}
