namespace Redline.Cli.Tests.Suites;

/// <summary>What is wrong in a scenario's stop_condition, recovery, chaos list or the suite's proxies, with its file:line:column.</summary>
public sealed class StressChaosSuiteErrorTests
{
    private const string Head = SuiteErrorTableTests.Head;

    public static TheoryData<string, string, string[]> BadSuites => new()
    {
        {
            "alerts: an unknown metric, a notifier nobody declared, a bad for, an email notifier without recipients",
            Head + """
            scenarios:
              s:
                load: { model: closed, users: 1, duration: 5s }
            alerts:
              slow:
                condition: "p95_latency > 1s for 5m"
                notification: [slack]
              errors:
                condition: "error_rate > 5% for 2 minutes"
            notifiers:
              mail: { type: email, smtp: "127.0.0.1:25" }
            """,
            [
                "suite.yaml:17:16: alerts.slow.condition: unknown metric 'p95_latency'; an alert reads response_time_p50, response_time_p75, response_time_p90, response_time_p95, response_time_p99, response_time_p999, response_time_max, response_time_mean, error_rate, throughput, cpu_usage, memory_usage or performance_regression (p95_response_time is response_time_p95)",
                "suite.yaml:18:20: alerts.slow.notification[0]: no notifier named 'slack' under notifiers:; there are mail",
                "suite.yaml:20:16: alerts.errors.condition: expected a comparison such as '<500ms', '<1%' or '>100/s', got '> 5% for 2 minutes'",
                "suite.yaml:22:11: notifiers.mail.type: an email notifier needs smtp (host:port), from and to",
            ]
        },
        {
            "stop condition with an unknown metric",
            Head + """
            scenarios:
              stress:
                load: { model: closed, users: [1, 10], step: 10s }
                stop_condition: "5% error rate OR p95 > 5s OR latency_p42 > 1s"
            """,
            ["suite.yaml:15:21: scenarios.stress.stop_condition: 'latency_p42 > 1s': unknown metric 'latency_p42'; expected one of " + string.Join(", ", Redline.Engine.Criterion.MetricNames.Order(StringComparer.Ordinal))]
        },
        {
            "stop condition on a metric not measured per second",
            Head + """
            scenarios:
              stress:
                load: { model: closed, users: [1, 10], step: 10s }
                stop_condition: { when: "cpu_usage > 90%", window: 10s }
            """,
            ["suite.yaml:15:29: scenarios.stress.stop_condition.when: 'cpu_usage' in 'cpu_usage > 90%' is not measured per second; a stop condition takes latency, throughput, error and iteration metrics"]
        },
        {
            "recovery without a stop condition",
            Head + """
            scenarios:
              stress:
                load: { model: closed, users: [1, 10], step: 10s }
                recovery: { users: 1, for: 30s }
            """,
            ["suite.yaml:15:5: scenarios.stress.recovery: 'recovery' follows a break; give the scenario a stop_condition such as \"5% error rate OR p95 > 5s\""]
        },
        {
            "recovery at a rate for virtual users",
            Head + """
            scenarios:
              stress:
                load: { model: closed, users: [1, 10], step: 10s }
                stop_condition: "p95 > 1s"
                recovery: { rate: 5/s, for: 30s }
            """,
            ["suite.yaml:16:23: scenarios.stress.recovery.rate: the closed model drops to a number of users: write users: N"]
        },
        {
            "packet loss on a target Redline does not start",
            Head + """
            scenarios:
              chaos:
                load: { model: closed, users: 10, duration: 30s }
                chaos:
                  - packet_loss: 5%
            """,
            ["suite.yaml:16:9: scenarios.chaos.chaos[0].packet_loss: packet_loss drops the target's packets in a network namespace Redline starts it in: give target.start"]
        },
        {
            "a fault on an unknown proxy",
            Head + """
            scenarios:
              chaos:
                load: { model: closed, users: 10, duration: 30s }
                chaos:
                  - latency_injection: +100ms
                    on: db
            """,
            ["suite.yaml:17:13: scenarios.chaos.chaos[0].on: unknown proxy 'db': name it under proxies (listen, upstream), or write on: target"]
        },
        {
            "a repeating fault that never ends",
            Head + """
            scenarios:
              chaos:
                load: { model: closed, users: 10, duration: 30s }
                chaos:
                  - latency_injection: +100ms
                    for: 10s
                    every: 5s
            """,
            ["suite.yaml:18:16: scenarios.chaos.chaos[0].every: 'every' (5s) must be longer than 'for' (10s), or the fault would never end"]
        },
        {
            "a proxy off loopback",
            """
            suite: shop
            target: { base_url: http://127.0.0.1:8080 }
            proxies:
              db: { listen: 127.0.0.1:6432, upstream: 10.0.0.5:5432 }
            components:
              home:
                request: { path: / }
            scenarios:
              steady:
                load: { model: closed, users: 10, duration: 30s }
            """,
            ["suite.yaml:4:43: proxies.db.upstream: '10.0.0.5:5432' is not on loopback: Redline's proxies listen and forward on 127.0.0.1 or ::1 only"]
        },
        {
            "a bandwidth without a unit",
            Head + """
            scenarios:
              chaos:
                load: { model: closed, users: 10, duration: 30s }
                chaos:
                  - bandwidth_limitation: "10"
            """,
            ["suite.yaml:16:31: scenarios.chaos.chaos[0].bandwidth_limitation: expected a bandwidth such as 10Mbps, 500Kbps or 2MB/s, got '10'"]
        },
        {
            "a CPU quota on a target Redline does not start",
            Head + """
            scenarios:
              chaos:
                load: { model: closed, users: 10, duration: 30s }
                chaos:
                  - cpu_throttling: 50%
                    at: 10s
                    for: 10s
            """,
            ["suite.yaml:16:9: scenarios.chaos.chaos[0].cpu_throttling: cpu_throttling acts on the target's process through a control group Redline puts it in when it starts it: give target.start"]
        },
        {
            "a kill with a length",
            Head + """
            scenarios:
              chaos:
                load: { model: closed, users: 10, duration: 30s }
                chaos:
                  - kill_random_mcp_server: every_10min
                    for: 10s
            """,
            ["suite.yaml:17:14: scenarios.chaos.chaos[0].for: a kill has no 'for': it lasts until the manager has the server running again"]
        },
        {
            "a kill without a period",
            Head + """
            scenarios:
              chaos:
                load: { model: closed, users: 10, duration: 30s }
                chaos:
                  - kill_random_mcp_server: sometimes
            """,
            ["suite.yaml:16:33: scenarios.chaos.chaos[0].kill_random_mcp_server: expected how often to kill, such as every_10min, every_30s or once, got 'sometimes'"]
        },
        {
            "a cache invalidation on the target's traffic",
            Head + """
            scenarios:
              chaos:
                load: { model: closed, users: 10, duration: 30s }
                chaos:
                  - cache_invalidation: random
                    on: target
            """,
            ["suite.yaml:17:13: scenarios.chaos.chaos[0].on: cache_invalidation acts on the reference deployment (on: reference); on your own service, switch a fault with hook: { start, stop }"]
        },
        {
            "a disk fill without a folder",
            Head + """
            scenarios:
              chaos:
                load: { model: closed, users: 10, duration: 30s }
                chaos:
                  - disk_space_exhaustion: progressive
            """,
            ["suite.yaml:16:9: scenarios.chaos.chaos[0].disk_space_exhaustion: disk_space_exhaustion fills only a folder the suite names: give path (on a disk of its own, such as a small tmpfs the target writes to)"]
        },
        {
            "a hook off loopback",
            Head + """
            scenarios:
              chaos:
                load: { model: closed, users: 10, duration: 30s }
                chaos:
                  - hook: { start: "POST http://10.0.0.5/faults/on", stop: "DELETE /faults/on" }
            """,
            ["suite.yaml:16:24: scenarios.chaos.chaos[0].hook.start: 'http://10.0.0.5/faults/on' is not on loopback: hooks call 127.0.0.1, ::1 or localhost only"]
        },
        {
            "a memory share of all of it",
            Head + """
            scenarios:
              chaos:
                load: { model: closed, users: 10, duration: 30s }
                chaos:
                  - memory_pressure: 100%_usage
            """,
            ["suite.yaml:16:26: scenarios.chaos.chaos[0].memory_pressure: expected a share such as 90%_usage (the memory in use as a share of a limit set when the fault starts), got '100%_usage'"]
        },
        {
            "a fault hitting a component the suite does not have",
            Head + """
            scenarios:
              chaos:
                load: { model: closed, users: 10, duration: 30s }
                chaos:
                  - latency_injection: +100ms
                    hits: [home, basket]
            """,
            ["suite.yaml:17:22: scenarios.chaos.chaos[0].hits[1]: unknown component 'basket'; the components are home and login"]
        },
        {
            "no_cascading_failures that is not yes or no",
            Head + """
            scenarios:
              chaos:
                load: { model: closed, users: 10, duration: 30s }
                success_criteria:
                  no_cascading_failures: maybe
            """,
            ["suite.yaml:16:30: scenarios.chaos.success_criteria.no_cascading_failures: expected true or false, got 'maybe'"]
        },
    };

    [Theory]
    [MemberData(nameof(BadSuites))]
    public void Load_BadStressOrChaos_ReportsExactErrors(string problem, string yaml, string[] expected) =>
        SuiteErrorTableTests.AssertErrors(problem, yaml, expected);
}
