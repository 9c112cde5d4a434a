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
            """);
        return path;
    }
}
