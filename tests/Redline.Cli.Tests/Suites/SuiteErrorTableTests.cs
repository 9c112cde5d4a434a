using Redline.Cli.Suites;

namespace Redline.Cli.Tests.Suites;

public sealed class SuiteErrorTableTests
{
    /// <summary>A suite's top with two components, for cases that differ only in their scenarios.</summary>
    internal const string Head = """
        suite: shop
        target:
          base_url: http://127.0.0.1:8080
        components:
          home:
            request:
              path: /
          login:
            request:
              method: POST
              path: /login

        """;

    public static TheoryData<string, string, string[]> BadSuites => new()
    {
        {
            "unknown key with a suggestion",
            Head + """
            scenarios:
              steady:
                load:
                  model: closed
                  users: 10
                  duraton: 30s
            """,
            ["suite.yaml:17:7: scenarios.steady.load.duraton: unknown key 'duraton'; did you mean 'duration'?"]
        },
        {
            "unknown top-level key",
            Head + """
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
            colour: red
            """,
            ["suite.yaml:15:1: colour: unknown key 'colour'"]
        },
        {
            "wrong type",
            "seed: forty\n" + Head + """
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
            """,
            ["suite.yaml:1:7: seed: expected an integer, got 'forty'"]
        },
        {
            "bad duration",
            Head + """
            scenarios:
              steady:
                load:
                  model: closed
                  users: 10
                  duration: 30 seconds
            """,
            ["suite.yaml:17:17: scenarios.steady.load.duration: expected a duration such as 250ms, 30s, 5m or 1h, got '30 seconds'"]
        },
        {
            "bad warm-up",
            Head + """
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
                warmup: soon
            """,
            ["suite.yaml:15:13: scenarios.steady.warmup: expected a duration such as 250ms, 30s, 5m or 1h, got 'soon'"]
        },
        {
            "bad rate",
            Head + """
            scenarios:
              peak:
                load:
                  model: open
                  rate: 200 per second
                  duration: 1m
            """,
            ["suite.yaml:16:13: scenarios.peak.load.rate: expected a rate such as 200/s, 12000/m or 100/h, got '200 per second'"]
        },
        {
            "bad percentage",
            Head + """
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
                request_mix: { home: 70, login: 30% }
            """,
            ["suite.yaml:15:26: scenarios.steady.request_mix.home: expected a percentage such as 40%, got 70"]
        },
        {
            "missing required key",
            """
            suite: shop
            target:
              start:
                command: ./shop
            components:
              home:
                request: { path: / }
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
            """,
            ["suite.yaml:3:3: target.base_url: missing required key 'base_url'"]
        },
        {
            "bad enum",
            Head + """
            scenarios:
              steady:
                load:
                  model: clsoed
                  users: 10
                  duration: 30s
            """,
            ["suite.yaml:15:14: scenarios.steady.load.model: expected one of closed, open, got 'clsoed'"]
        },
        {
            "request_mix naming an unknown component",
            Head + """
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
                request_mix:
                  home: 70%
                  checkout: 30%
            """,
            ["suite.yaml:17:7: scenarios.steady.request_mix.checkout: unknown component 'checkout'; the components are home and login"]
        },
        {
            "request_mix naming a misspelt component",
            Head + """
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
                request_mix: { home: 70%, logn: 30% }
            """,
            ["suite.yaml:15:31: scenarios.steady.request_mix.logn: unknown component 'logn'; did you mean 'login'?"]
        },
        {
            "request_mix not summing to 100%",
            Head + """
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
                request_mix: { home: 70%, login: 20% }
            """,
            ["suite.yaml:15:5: scenarios.steady.request_mix: the shares add up to 90%; they must add up to 100%"]
        },
        {
            "both users and stages",
            Head + """
            scenarios:
              steady:
                load:
                  model: closed
                  users: 10
                  stages:
                    - { duration: 10s, users: 10 }
            """,
            ["suite.yaml:17:7: scenarios.steady.load.stages: 'users' and 'stages' cannot both be given; stages set the users of each stage"]
        },
        {
            "both duration and sustain",
            Head + """
            scenarios:
              steady:
                load:
                  model: closed
                  users: 10
                  sustain: 20s
                  duration: 30s
            """,
            ["suite.yaml:18:7: scenarios.steady.load.duration: 'duration' and 'sustain' cannot both be given; duration is the whole length, sustain the flat part between the ramps"]
        },
        {
            "ramps longer than the duration",
            Head + """
            scenarios:
              steady:
                load:
                  model: closed
                  users: 10
                  ramp_up: 20s
                  ramp_down: 15s
                  duration: 30s
            """,
            ["suite.yaml:19:17: scenarios.steady.load.duration: ramp_up (20s) and ramp_down (15s) add up to 35s, which is longer than the duration (30s); duration includes the ramps (use sustain to add them)"]
        },
        {
            "users range without gaussian",
            Head + """
            scenarios:
              steady:
                load:
                  model: closed
                  users: 500-1500
                  duration: 30s
            """,
            ["suite.yaml:16:14: scenarios.steady.load.users: a range of users such as '500-1500' needs pattern: gaussian; give a number of users otherwise"]
        },
        {
            "gaussian without peak hours",
            Head + """
            scenarios:
              day:
                load:
                  model: closed
                  users: 500-1500
                  pattern: gaussian
                  duration: 24m
            """,
            ["suite.yaml:15:7: scenarios.day.load.peak_hours: missing required key 'peak_hours' (pattern: gaussian needs it)"]
        },
        {
            "criterion with an unknown metric",
            Head + """
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
                success_criteria:
                  respone_time_p95: <500ms
            """,
            ["suite.yaml:16:7: scenarios.steady.success_criteria.respone_time_p95: unknown metric 'respone_time_p95'; did you mean 'response_time_p95'?"]
        },
        {
            "criterion with a bad unit",
            Head + """
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
                success_criteria:
                  error_rate: <5ms
            """,
            ["suite.yaml:16:19: scenarios.steady.success_criteria.error_rate: 'error_rate' is a percentage; 'ms' is not a unit for it (expected %)"]
        },
        {
            "criterion on an unknown component",
            Head + """
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
                success_criteria:
                  checkout.response_time_p95: <800ms
            """,
            ["suite.yaml:16:7: scenarios.steady.success_criteria.checkout.response_time_p95: unknown component 'checkout'; the components are home and login"]
        },
        {
            "criterion with a bad comparison",
            Head + """
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
                success_criteria:
                  response_time_p95: fast
            """,
            ["suite.yaml:16:26: scenarios.steady.success_criteria.response_time_p95: expected a comparison such as '<500ms', '<1%' or '>100/s', got 'fast'"]
        },
        {
            "YAML syntax error",
            Head + """
            scenarios:
              steady:
                load:
                  model: closed
                 users: 10
            """,
            ["suite.yaml:16:6: invalid YAML: while parsing a block mapping, did not find expected key"]
        },
        {
            "expect_status out of range",
            """
            suite: shop
            target: { base_url: http://127.0.0.1:8080 }
            components:
              home:
                request:
                  path: /
                  expect_status: [200, 700]
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
            """,
            ["suite.yaml:7:28: components.home.request.expect_status[1]: expected a status code from 100 to 599, got 700"]
        },
        {
            "body and json both",
            """
            suite: shop
            target: { base_url: http://127.0.0.1:8080 }
            components:
              login:
                request:
                  method: POST
                  path: /login
                  body: "user=alice"
                  json: { user: alice }
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
            """,
            ["suite.yaml:9:7: components.login.request.json: 'body' and 'json' cannot both be given; json is sent as the body"]
        },
        {
            "burst longer than its period",
            Head + """
            scenarios:
              peak:
                load:
                  model: open
                  rate: 200/s
                  duration: 10m
                  burst: { rate: 2000/s, duration: 45s, every: 30s }
            """,
            ["suite.yaml:18:40: scenarios.peak.load.burst.duration: a burst of 45s cannot be longer than its period (every: 30s)"]
        },
        {
            "open model with users",
            Head + """
            scenarios:
              peak:
                load:
                  model: open
                  rate: 200/s
                  users: 10
                  duration: 1m
            """,
            ["suite.yaml:17:7: scenarios.peak.load.users: 'users' applies only to model: closed"]
        },
        {
            "closed model with a rate",
            Head + """
            scenarios:
              steady:
                load:
                  model: closed
                  users: 10
                  duration: 1m
                  arrivals: poisson
            """,
            ["suite.yaml:18:7: scenarios.steady.load.arrivals: 'arrivals' applies only to model: open"]
        },
        {
            "empty components",
            """
            suite: shop
            target: { base_url: http://127.0.0.1:8080 }
            components: {}
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
            """,
            ["suite.yaml:3:13: components: expected at least one component"]
        },
        {
            "component name with capitals",
            """
            suite: shop
            target: { base_url: http://127.0.0.1:8080 }
            components:
              Home:
                request: { path: / }
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
            """,
            ["suite.yaml:4:3: components.Home: 'Home' is not a valid name; use a lowercase letter, then lowercase letters, digits or _"]
        },
        {
            "component without a kind",
            """
            suite: shop
            target: { base_url: http://127.0.0.1:8080 }
            components:
              home:
                description: The landing page
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
            """,
            ["suite.yaml:5:5: components.home: the component has no kind; a component has exactly one kind key (request, mcp or flow)"]
        },
        {
            "misspelt kind key",
            """
            suite: shop
            target: { base_url: http://127.0.0.1:8080 }
            components:
              home:
                reqest: { path: / }
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
            """,
            ["suite.yaml:5:5: components.home.reqest: unknown key 'reqest'; did you mean 'request'?"]
        },
        {
            "empty expect_status",
            """
            suite: shop
            target: { base_url: http://127.0.0.1:8080 }
            components:
              home:
                request: { path: /, expect_status: [] }
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
            """,
            ["suite.yaml:5:40: components.home.request.expect_status: expected a status code from 100 to 599, or a list of them, got a list"]
        },
        {
            "stage without users",
            Head + """
            scenarios:
              staged:
                load:
                  model: closed
                  stages:
                    - { duration: 10s, users: 10 }
                    - { duration: 10s }
            """,
            ["suite.yaml:18:11: scenarios.staged.load.stages[1].users: missing required key 'users'"]
        },
        {
            "users that are not a number",
            Head + """
            scenarios:
              steady:
                load: { model: closed, users: many, duration: 30s }
            """,
            ["suite.yaml:14:35: scenarios.steady.load.users: expected a number of users such as 20, or a range such as 500-1500, got 'many'"]
        },
        {
            "base_url that is not a URL",
            """
            suite: shop
            target: { base_url: "127.0.0.1:8080" }
            components:
              home:
                request: { path: / }
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
            """,
            ["suite.yaml:2:21: target.base_url: expected an absolute http or https URL such as http://127.0.0.1:8080, got '127.0.0.1:8080'"]
        },
        {
            "duplicate key",
            Head + """
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
              steady:
                load: { model: closed, users: 20, duration: 30s }
            """,
            ["suite.yaml:15:3: duplicate key 'steady'"]
        },
        {
            "step without a sweep",
            Head + """
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s, step: 10s }
            """,
            ["suite.yaml:14:54: scenarios.steady.load.step: 'step' applies only to a sweep: give users as a list such as [1, 10, 50]"]
        },
        {
            "sweep without a step",
            Head + """
            scenarios:
              steady:
                load: { model: open, rate: [10/s, 50/s] }
            """,
            ["suite.yaml:14:11: scenarios.steady.load.step: missing required key 'step': how long each level of the rate sweep runs"]
        },
        {
            "sweep with a duration",
            Head + """
            scenarios:
              steady:
                load: { model: closed, users: [1, 10], step: 10s, duration: 30s }
            """,
            ["suite.yaml:14:55: scenarios.steady.load.duration: 'duration' cannot be used with a sweep; each level runs for 'step'"]
        },
        {
            "three errors, reported in line order",
            """
            suite: shop
            seed: 1.5
            target: { base_url: http://127.0.0.1:8080 }
            components:
              home:
                request: { path: /, timeout: 5 }
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
                request_mix: { home: 100%, search: 0% }
            """,
            [
                "suite.yaml:2:7: seed: expected an integer, got 1.5",
                "suite.yaml:6:34: components.home.request.timeout: expected a duration such as 250ms, 30s, 5m or 1h, got 5",
                "suite.yaml:10:32: scenarios.steady.request_mix.search: unknown component 'search'; the components are home",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(BadSuites))]
    public void Load_BadSuite_ReportsExactErrors(string problem, string yaml, string[] expected) => AssertErrors(problem, yaml, expected);

    /// <summary>Loads <paramref name="yaml"/> and checks it fails with exactly <paramref name="expected"/>, in order, each with its place.</summary>
    internal static void AssertErrors(string problem, string yaml, string[] expected)
    {
        using var file = new TempSuite(yaml);

        var result = SuiteLoader.Load(file.FilePath);

        Assert.False(result.Succeeded, problem);
        Assert.All(result.Errors, e => Assert.Equal(file.FilePath, e.File));
        var actual = result.Errors.Select(e => (e with { File = "suite.yaml" }).ToString());
        Assert.Equal(string.Join('\n', expected), string.Join('\n', actual));
    }
}
