using Microsoft.AspNetCore.Builder;
using Redline.Cli.Kinds;
using Redline.Cli.Suites;
using Redline.Cli.Tests.Targets;
using Redline.Engine;

using Redline.Testing.Servers;

namespace Redline.Cli.Tests.Kinds.Http;

public sealed class HttpKindTests
{
    [Fact]
    public async Task RunKinds_RequestComponents_PreflightAndSendEachComponentsRequest()
    {
        await using var app = LoopbackServer.Create();
        app.MapGet("/ok", () => "ok");
        app.MapPost("/orders", () => Microsoft.AspNetCore.Http.Results.Created("/orders/1", "made"));
        await app.StartAsync();
        var suite = Load($$"""
            suite: shop
            target: { base_url: "{{app.Urls.Single()}}" }
            components:
              home:
                request: { path: /ok }
              order:
                request: { method: POST, path: /orders, json: { item: 1 } }
            scenarios:
              steady:
                load: { model: closed, users: 1, duration: 1s, think_time: 20ms }
            """);
        var scenario = suite.Scenarios[0];

        ScenarioResult result;
        using (var kinds = new RunKinds(suite.Components, new KindRunContext(suite.Target.BaseUrl, CancellationToken.None)))
        {
            Assert.Null(await kinds.PreflightAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
            var plan = scenario.ToPlan(c => kinds.CreateStep(c, new StepBuild(scenario.Name, scenario.Seed)));
            result = await ScenarioRunner.RunAsync(plan, new RunOptions { GeneratorCpuSampler = () => 0 });
        }

        var home = result.Components.Single(c => c.Name == "home").Measures;
        var order = result.Components.Single(c => c.Name == "order").Measures;
        Assert.Equal(0, home.Errors + order.Errors);
        Assert.True(home.StatusCodes["200"] > 0);
        Assert.True(order.StatusCodes["201"] > 0);
        await app.StopAsync();
    }

    [Fact]
    public async Task RunKinds_NothingListening_PreflightNamesTheBaseUrlAndTheReason()
    {
        var baseUrl = $"http://127.0.0.1:{LoopbackPorts.Free()}/";
        var suite = Load($$"""
            suite: shop
            target: { base_url: "{{baseUrl}}" }
            components:
              home:
                request: { path: / }
            scenarios:
              steady:
                load: { model: closed, users: 1, duration: 1s }
            """);
        using var kinds = new RunKinds(suite.Components, new KindRunContext(suite.Target.BaseUrl, CancellationToken.None));

        var failed = await kinds.PreflightAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        Assert.NotNull(failed);
        Assert.Equal($"{baseUrl} did not answer: connection refused", failed.Message);
    }

    private static Suite Load(string yaml)
    {
        var result = SuiteLoader.LoadFromText(yaml.ReplaceLineEndings("\n"), "suite.yaml", Path.GetTempPath());
        Assert.Empty(result.Errors);
        return result.Suite!;
    }
}
