using System.Text;
using Redline.Cli.Suites;
using Redline.Engine;
using Redline.Protocols.Http;

namespace Redline.Cli.Tests.Suites;

public sealed class SuiteLoaderTests
{
    internal const string FullSuite = """
        # yaml-language-server: $schema=../schemas/suite.schema.json
        suite: shop
        description: The shop's front end
        seed: 42
        target:
          base_url: http://127.0.0.1:8080
          start:
            command: dotnet
            args: [run, --project, src/Shop, --port, 8080]
            env: { ASPNETCORE_ENVIRONMENT: Production, WORKERS: 4 }
            ready: /health
            ready_timeout: 45s
            working_dir: app
        components:
          home:
            description: The landing page
            request:
              path: /
            baseline: { p50: 25ms, p95: 85ms, p99: 150ms, max: 300ms, throughput: 5000/s }
            target: { p50: 8ms, p95: 25ms, p99: 45ms, max: 100ms, throughput: 20000/s }
          login:
            request:
              method: POST
              path: /api/auth/login
              headers: { X-Client: redline, X-Version: 2 }
              json: { user: alice, password: "secret", remember: true, tags: [a, b], name: "Zoë" }
              expect_status: [200, 201]
              timeout: 1.5s
            baseline: { p95: 200ms }
          search:
            request:
              path: /search?q=shoes
              body: "plain text"
              expect_status: 200
        scenarios:
          steady:
            description: Normal operations
            load:
              model: closed
              users: 20
              ramp_up: 5s
              duration: 30s
              ramp_down: 5s
              think_time: 100ms
            request_mix: { home: 70%, login: 30% }
            success_criteria:
              response_time_p95: <500ms
              login.response_time_p99: <800ms
              error_rate: <1%
            abort_on_fail: true
            abort_delay: 10s
            graceful_stop: 5s
            warmup: 2s
            generator: { max_schedule_lag_p99: 20ms, max_cpu: 80% }
          day:
            load:
              model: closed
              users: 500-1500
              pattern: gaussian
              peak_hours: [9, 12.5, 18]
              duration: 24m
          sustained:
            load:
              model: closed
              users: 10
              ramp_up: 10s
              sustain: 1m
              ramp_down: 20s
          staged:
            load:
              model: closed
              stages:
                - { duration: 10s, users: 10 }
                - { duration: 20s, users: 10 }
                - { duration: 10s, users: 0 }
          peak:
            seed: 7
            load:
              model: open
              rate: 200/s
              duration: 10m
              burst: { rate: 2000/s, duration: 30s, every: 5m }
              arrivals: poisson
              max_concurrency: 500
              on_saturation: drop
          ramp:
            load:
              model: open
              stages:
                - { duration: 1m, rate: 6000/m }
                - { duration: 2m, rate: 100/s }
        """;

    [Fact]
    public void Load_FullSuite_ReadsTopLevelAndTarget()
    {
        using var file = new TempSuite(FullSuite);

        var result = SuiteLoader.Load(file.FilePath);

        Assert.Empty(result.Errors);
        Assert.True(result.Succeeded);
        var suite = result.Suite;
        Assert.Equal("shop", suite.Name);
        Assert.Equal("The shop's front end", suite.Description);
        Assert.Equal(42, suite.Seed);
        Assert.Equal(new Uri("http://127.0.0.1:8080"), suite.Target.BaseUrl);
        var start = Assert.IsType<TargetStartSpec>(suite.Target.Start);
        Assert.Equal("dotnet", start.Command);
        Assert.Equal(["run", "--project", "src/Shop", "--port", "8080"], start.Args);
        Assert.Equal("Production", start.Env["ASPNETCORE_ENVIRONMENT"]);
        Assert.Equal("4", start.Env["WORKERS"]);
        Assert.Equal("/health", start.Ready);
        Assert.Equal(TimeSpan.FromSeconds(45), start.ReadyTimeout);
        Assert.Equal(Path.Combine(file.Directory, "app"), start.WorkingDirectory);
    }

    [Fact]
    public void Load_FullSuite_ReadsComponentsInFileOrder()
    {
        var suite = LoadFull();

        Assert.Equal(["home", "login", "search"], suite.Components.Select(c => c.Name));
        var home = suite.Components[0];
        Assert.Equal("The landing page", home.Description);
        Assert.Equal("GET", Request(home).Method);
        Assert.Equal("/", Request(home).Path);
        Assert.Null(Request(home).Body);
        Assert.Null(Request(home).ExpectStatus);
        Assert.Equal(TimeSpan.FromSeconds(30), Request(home).Timeout);
        Assert.Equal(new PerformanceTable(Ms(25), Ms(85), Ms(150), Ms(300), 5000), home.Baseline);
        Assert.Equal(new PerformanceTable(Ms(8), Ms(25), Ms(45), Ms(100), 20000), home.Target);

        var login = suite.Components[1];
        Assert.Equal("POST", Request(login).Method);
        Assert.Equal("application/json", Request(login).ContentType);
        Assert.Equal("""{"user":"alice","password":"secret","remember":true,"tags":["a","b"],"name":"Zoë"}""", Encoding.UTF8.GetString(Request(login).Body!));
        Assert.Equal("2", Request(login).Headers["X-Version"]);
        Assert.Equal(new HashSet<int> { 200, 201 }, Request(login).ExpectStatus);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), Request(login).Timeout);
        Assert.Equal(new PerformanceTable(null, Ms(200), null, null, null), login.Baseline);
        Assert.Null(login.Target);

        var search = suite.Components[2];
        Assert.Equal("/search?q=shoes", Request(search).Path);
        Assert.Equal("plain text", Encoding.UTF8.GetString(Request(search).Body!));
        Assert.Null(Request(search).ContentType);
        Assert.Equal(new HashSet<int> { 200 }, Request(search).ExpectStatus);
    }

    [Fact]
    public void Load_FullSuite_ReadsScenarioSettingsInFileOrder()
    {
        var suite = LoadFull();

        Assert.Equal(["steady", "day", "sustained", "staged", "peak", "ramp"], suite.Scenarios.Select(s => s.Name));
        var steady = suite.Scenarios[0];
        Assert.Equal("Normal operations", steady.Description);
        Assert.Equal([("home", 70.0), ("login", 30.0)], steady.Mix.Select(m => (m.Component.Name, m.Percent)));
        Assert.True(steady.AbortOnFail);
        Assert.Equal(TimeSpan.FromSeconds(10), steady.AbortDelay);
        Assert.Equal(TimeSpan.FromSeconds(5), steady.GracefulStop);
        Assert.Equal(TimeSpan.FromSeconds(2), steady.WarmUp);
        Assert.Equal(42, steady.Seed);
        Assert.Equal(new GeneratorLimits(Ms(20), 80), steady.Generator);

        var day = suite.Scenarios[1];
        Assert.Equal(["home", "login", "search"], day.Mix.Select(m => m.Component.Name));
        Assert.All(day.Mix, m => Assert.Equal(100.0 / 3, m.Percent, 9));
        Assert.Equal(GeneratorLimits.Default, day.Generator);
        Assert.Equal(ScenarioPlan.DefaultGracefulStop, day.GracefulStop);
        Assert.Equal(TimeSpan.Zero, day.WarmUp);
        Assert.False(day.AbortOnFail);
        Assert.Empty(day.Criteria);
        Assert.Equal(7, suite.Scenarios[4].Seed);
    }

    [Fact]
    public void Load_FullSuite_ParsesCriteriaWithComponentScope()
    {
        var criteria = LoadFull().Scenarios[0].Criteria;

        Assert.Equal(3, criteria.Count);
        Assert.Equal(("response_time_p95", null, Comparison.Less, 500.0), (criteria[0].Metric, criteria[0].Component, criteria[0].Comparison, criteria[0].Threshold));
        Assert.Equal(("response_time_p99", "login", 800.0), (criteria[1].Metric, criteria[1].Component, criteria[1].Threshold));
        Assert.Equal(("error_rate", MetricUnit.Percent, 1.0), (criteria[2].Metric, criteria[2].Unit, criteria[2].Threshold));
    }

    [Fact]
    public void Load_RampedClosedScenario_BuildsTheRampedShape()
    {
        var load = Assert.IsType<ClosedLoad>(LoadFull().Scenarios[0].Load);

        Assert.Equal(TimeSpan.FromSeconds(30), load.Duration);
        Assert.Equal(Ms(100), load.ThinkTime);
        Assert.Equal(20, load.Users.MaxUsers);
        Assert.Equal(0, load.Users.UsersAt(TimeSpan.Zero));
        Assert.Equal(10, load.Users.UsersAt(TimeSpan.FromSeconds(2.5)));
        Assert.Equal(20, load.Users.UsersAt(TimeSpan.FromSeconds(5)));
        Assert.Equal(20, load.Users.UsersAt(TimeSpan.FromSeconds(24.9)));
        Assert.Equal(10, load.Users.UsersAt(TimeSpan.FromSeconds(27.5)));
        Assert.Equal(0, load.Users.UsersAt(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Load_SustainScenario_AddsTheRampsToTheFlatPart()
    {
        var load = Assert.IsType<ClosedLoad>(LoadFull().Scenarios[2].Load);

        Assert.Equal(TimeSpan.FromSeconds(90), load.Duration);
        Assert.Equal(5, load.Users.UsersAt(TimeSpan.FromSeconds(5)));
        Assert.Equal(10, load.Users.UsersAt(TimeSpan.FromSeconds(70)));
        Assert.Equal(5, load.Users.UsersAt(TimeSpan.FromSeconds(80)));
    }

    [Fact]
    public void Load_GaussianScenario_PeaksAtTheRangeMaximum()
    {
        var load = Assert.IsType<ClosedLoad>(LoadFull().Scenarios[1].Load);

        Assert.Equal(TimeSpan.FromMinutes(24), load.Duration);
        Assert.Equal(1500, load.Users.MaxUsers);
        Assert.Equal(1500, load.Users.UsersAt(TimeSpan.FromMinutes(9)));
        Assert.Equal(1500, load.Users.UsersAt(TimeSpan.FromMinutes(12.5)));
        Assert.Equal(500, load.Users.UsersAt(TimeSpan.FromMinutes(3)));
    }

    [Fact]
    public void Load_StagedScenario_FollowsTheStages()
    {
        var load = Assert.IsType<ClosedLoad>(LoadFull().Scenarios[3].Load);

        Assert.Equal(TimeSpan.FromSeconds(40), load.Duration);
        Assert.Equal(5, load.Users.UsersAt(TimeSpan.FromSeconds(5)));
        Assert.Equal(10, load.Users.UsersAt(TimeSpan.FromSeconds(20)));
        Assert.Equal(5, load.Users.UsersAt(TimeSpan.FromSeconds(35)));
    }

    [Fact]
    public void Load_OpenScenarioWithBurst_BuildsRateAndBurst()
    {
        var load = Assert.IsType<OpenLoad>(LoadFull().Scenarios[4].Load);

        Assert.Equal(TimeSpan.FromMinutes(10), load.Duration);
        Assert.Equal(ArrivalPattern.Poisson, load.Arrivals);
        Assert.Equal(500, load.MaxConcurrency);
        Assert.Equal(SaturationPolicy.Drop, load.OnSaturation);
        Assert.Equal(new Burst(2000, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(5)), load.Rate.Burst);
        Assert.Equal(200, load.Rate.RateAt(TimeSpan.FromMinutes(1)), 9);
        Assert.Equal(2200, load.Rate.RateAt(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(10)), 9);
        Assert.Equal(2200, load.Rate.PeakRate, 9);
    }

    [Fact]
    public void Load_OpenStagedScenario_RampsFromZero()
    {
        var load = Assert.IsType<OpenLoad>(LoadFull().Scenarios[5].Load);

        Assert.Equal(TimeSpan.FromMinutes(3), load.Duration);
        Assert.Equal(ArrivalPattern.Uniform, load.Arrivals);
        Assert.Equal(OpenLoad.DefaultMaxConcurrency, load.MaxConcurrency);
        Assert.Equal(SaturationPolicy.Wait, load.OnSaturation);
        Assert.Equal(50, load.Rate.RateAt(TimeSpan.FromSeconds(30)), 9);
        Assert.Equal(100, load.Rate.RateAt(TimeSpan.FromMinutes(2)), 9);
        Assert.Null(load.Rate.Burst);
    }

    [Fact]
    public void Load_MissingFile_ReportsOneErrorNamingThePath()
    {
        var path = Path.Combine(Path.GetTempPath(), "redline-no-such-dir", "missing.yaml");

        var result = SuiteLoader.Load(path);

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal($"{path}: cannot read the suite file: no such file", error.ToString());
    }

    [Fact]
    public void Load_EmptyFile_ReportsThatTheFileIsEmpty()
    {
        var result = SuiteLoader.LoadFromText("# nothing yet\n", "empty.yaml", ".");

        Assert.Equal(["empty.yaml:1:1: the file is empty; a suite needs the keys suite, target, components and scenarios"], result.Errors.Select(e => e.ToString()));
    }

    private static Suite LoadFull()
    {
        var result = TempSuite.Load(FullSuite);
        Assert.Empty(result.Errors);
        return result.Suite!;
    }

    private static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    private static HttpRequestSpec Request(ComponentSpec component) => Assert.IsType<HttpRequestSpec>(component.Spec);
}
