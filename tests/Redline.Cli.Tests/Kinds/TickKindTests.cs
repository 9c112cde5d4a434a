using Redline.Cli.Kinds;
using Redline.Cli.Kinds.Http;
using Redline.Cli.Suites;
using Redline.Engine;

namespace Redline.Cli.Tests.Kinds;

/// <summary>A kind registered only here, next to HTTP, is read, checked with positions and run, with no change elsewhere.</summary>
public sealed class TickKindTests
{
    private readonly TickKind _tick = new();
    private readonly ComponentKinds _kinds;

    public TickKindTests() => _kinds = new ComponentKinds([new HttpKind(), _tick]);

    [Fact]
    public void Load_TickComponentAndNoBaseUrl_ReadsTheKindsSpec()
    {
        var result = Load("""
            suite: clock
            target: { monitor: { system: false } }
            components:
              beat:
                tick: { status: 201, fail_every: 2 }
            scenarios:
              steady:
                load: { model: closed, users: 1, duration: 1s }
            """);

        Assert.Empty(result.Errors);
        var beat = Assert.Single(result.Suite!.Components);
        Assert.Same(_tick, beat.Kind);
        Assert.Equal(new TickSpec(201, 2), beat.Spec);
        Assert.Null(result.Suite.Target.BaseUrl);
    }

    [Fact]
    public void Load_BadTickValues_ReportsEachAtItsPositionWithTheKindsWording()
    {
        var result = Load("""
            suite: clock
            target: {}
            components:
              beat:
                tick:
                  status: 700
                  pace: fast
                  fail_evry: 2
            scenarios:
              steady:
                load: { model: closed, users: 1, duration: 1s }
            """);

        Assert.Equal(
            [
                "suite.yaml:6:15: components.beat.tick.status: expected an integer from 100 to 599, got 700",
                "suite.yaml:7:13: components.beat.tick.pace: expected a pace such as 3x, got 'fast'",
                "suite.yaml:8:7: components.beat.tick.fail_evry: unknown key 'fail_evry'; did you mean 'fail_every'?",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_ComponentWithTwoKinds_NamesTheSecondKeyAndTheKnownKinds()
    {
        var result = Load("""
            suite: clock
            target: { base_url: http://127.0.0.1:8080 }
            components:
              beat:
                request: { path: / }
                tick: {}
            scenarios:
              steady:
                load: { model: closed, users: 1, duration: 1s }
            """);

        Assert.Equal(
            ["suite.yaml:6:5: components.beat.tick: 'request' and 'tick' cannot both be given; a component has exactly one kind key (request or tick)"],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_ComponentWithNoKind_NamesTheKnownKinds()
    {
        var result = Load("""
            suite: clock
            target: {}
            components:
              beat:
                description: no kind
            scenarios:
              steady:
                load: { model: closed, users: 1, duration: 1s }
            """);

        Assert.Equal(
            ["suite.yaml:5:5: components.beat: the component has no kind; a component has exactly one kind key (request or tick)"],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Load_StartedTargetWithoutBaseUrl_AsksForItForTheReadinessCheck()
    {
        var result = Load("""
            suite: clock
            target:
              start: { command: ./clock, ready: tcp:9000 }
            components:
              beat:
                tick: {}
            scenarios:
              steady:
                load: { model: closed, users: 1, duration: 1s }
            """);

        Assert.Equal(
            ["suite.yaml:3:3: target.base_url: missing required key 'base_url' (target.start's readiness check needs it)"],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public async Task RunKinds_TickSuite_PreflightsAndBuildsStepsTheEngineRuns()
    {
        var suite = Load("""
            suite: clock
            target: {}
            components:
              beat:
                tick: { status: 201, fail_every: 2 }
            scenarios:
              steady:
                load: { model: closed, users: 1, duration: 1s, think_time: 20ms }
            """).Suite!;
        var scenario = suite.Scenarios[0];

        ScenarioResult result;
        using (var kinds = new RunKinds(suite.Components, new KindRunContext(suite.Target.BaseUrl, CancellationToken.None)))
        {
            Assert.Null(await kinds.PreflightAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
            var plan = scenario.ToPlan(c => kinds.CreateStep(c, new StepBuild(scenario.Name, scenario.Seed)));
            result = await ScenarioRunner.RunAsync(plan, new RunOptions { GeneratorCpuSampler = () => 0 });
        }

        var beat = Assert.Single(result.Components).Measures;
        Assert.True(beat.Requests >= 4, $"only {beat.Requests} iterations ran");
        Assert.Equal(beat.Requests / 2, beat.Errors);
        Assert.Equal(beat.Requests - beat.Errors, beat.StatusCodes["201"]);
        Assert.Equal((1, 1, 1), (_tick.Preflighted, _tick.Opened, _tick.Released));
    }

    private SuiteLoadResult Load(string yaml) => SuiteLoader.LoadFromText(yaml.ReplaceLineEndings("\n"), "suite.yaml", Path.GetTempPath(), _kinds);
}
