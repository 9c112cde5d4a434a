using System.Text.Json;
using Redline.Cli.Tests.Kinds.Flow;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary>The real <c>redline run</c> of a suite with a flow against a real Kestrel service on 127.0.0.1.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class FlowEndToEndTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly string _dir = Directory.CreateTempSubdirectory("redline-flow-").FullName;
    private FlowService? _service;

    private FlowService Service => _service!;

    public async Task InitializeAsync() => _service = await FlowService.StartAsync();

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Run_LoginOncePerUserThenQuery_MeasuresTheFlowWithOneLoginPerUser()
    {
        var suite = WriteSuite("""
                  - name: login
                    once: per_user
                    request: { method: POST, path: /api/auth/login, json: { user: alice, password: redline-alice } }
                    capture: { token: "$.token" }
                  - name: query
                    request: { method: POST, path: /api/experts/query, headers: { Authorization: "Bearer {{token}}" }, json: { question: "q {{iteration}}" } }
            """);
        var outDir = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir, "--quiet");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var component = results.RootElement.GetProperty("scenarios")[0].GetProperty("components")[0];
        Assert.Equal("authenticated_request", component.GetProperty("name").GetString());
        Assert.True(component.GetProperty("requests").GetInt64() >= 10, component.ToString());
        Assert.Equal(0, component.GetProperty("errors").GetInt64());
        Assert.Equal(2, Service.Logins);
        Assert.Equal(0, Service.Refused);
        var steps = component.GetProperty("steps");
        Assert.Equal(["login", "query"], steps.EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(2, steps[0].GetProperty("requests").GetInt64());
        Assert.Equal(component.GetProperty("requests").GetInt64(), steps[1].GetProperty("requests").GetInt64());
        Assert.Equal(0, steps[1].GetProperty("skipped").GetInt64());
        Assert.True(steps[1].GetProperty("latency_ms").GetProperty("p50").GetDouble() > 0);
        Assert.Contains("└ query", stdout, StringComparison.Ordinal);
        var criterion = results.RootElement.GetProperty("scenarios")[0].GetProperty("criteria")[0];
        Assert.Equal("authenticated_request.query.error_rate", criterion.GetProperty("name").GetString());
        Assert.True(criterion.GetProperty("passed").GetBoolean());
    }

    [Fact]
    public async Task Run_FailingLogin_CountsTheQueryAsSkippedAndFailsTheStepsCriterion()
    {
        var suite = WriteSuite("""
                  - name: login
                    request: { method: POST, path: /api/auth/login, json: { user: alice, password: wrong } }
                    capture: { token: "$.token" }
                  - name: query
                    request: { method: POST, path: /api/experts/query, headers: { Authorization: "Bearer {{token}}" } }
            """);
        var outDir = Path.Combine(_dir, "out");

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", outDir);

        Assert.True(code == 1, $"exit {code}\n{stdout}\n{stderr}");
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")));
        var component = results.RootElement.GetProperty("scenarios")[0].GetProperty("components")[0];
        var (login, query) = (component.GetProperty("steps")[0], component.GetProperty("steps")[1]);
        Assert.Equal(component.GetProperty("requests").GetInt64(), login.GetProperty("errors").GetInt64());
        Assert.Equal(1, login.GetProperty("errors_by_type").EnumerateObject().Count(p => p.Name == "http_4xx"));
        Assert.Equal(0, query.GetProperty("requests").GetInt64());
        Assert.Equal(component.GetProperty("requests").GetInt64(), query.GetProperty("skipped").GetInt64());
        Assert.Contains("skipped", stdout, StringComparison.Ordinal);
        Assert.Contains("step 'login'", stdout, StringComparison.Ordinal);
        var criterion = results.RootElement.GetProperty("scenarios")[0].GetProperty("criteria")[0];
        Assert.False(criterion.GetProperty("passed").GetBoolean());
        Assert.Equal("the step never ran: an earlier step failed in every iteration", criterion.GetProperty("note").GetString());
    }

    [Fact]
    public async Task Run_PlaceholderNoEarlierStepCaptures_ExitsTwoNamingItsLineAndColumn()
    {
        var suite = WriteSuite("""
                  - name: query
                    request: { method: POST, path: /api/experts/query, headers: { Authorization: "Bearer {{token}}" } }
            """);

        var (code, stdout, stderr) = await RedlineProcess.RunAsync(Limit, "run", suite, "--out", Path.Combine(_dir, "out"), "--quiet");

        Assert.Equal(2, code);
        Assert.Contains("suite.yaml:9:86: components.authenticated_request.flow[0].request.headers.Authorization: '{{token}}' is not captured by an earlier step of this flow", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Equal(0, Service.Logins + Service.Refused);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")), stdout);
    }

    private string WriteSuite(string steps)
    {
        var path = Path.Combine(_dir, "suite.yaml");
        File.WriteAllText(path, $$"""
            suite: flows
            target:
              base_url: {{Service.Address}}
              monitor: { system: false }
            components:
              authenticated_request:
                flow:
            {{steps}}
            scenarios:
              steady:
                load: { model: closed, users: 2, duration: 3s, think_time: 20ms }
                success_criteria:
                  authenticated_request.query.error_rate: <1%
            """);
        return path;
    }
}
