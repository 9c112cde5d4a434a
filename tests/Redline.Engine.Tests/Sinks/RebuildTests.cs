using System.Text;
using System.Text.Json.Nodes;
using Redline.Engine.Tests.Monitoring;

namespace Redline.Engine.Tests.Sinks;

/// <summary>A run folded again from what its sinks wrote gives the results.json it wrote.</summary>
public sealed class RebuildTests
{
    /// <summary>A target, its runtime, the machine (two disks, an interface, TCP states) and the generator's runtime, with figures that no rounding keeps.</summary>
    private static ResourceFrame Frame(TimeSpan at)
    {
        var s = at.TotalSeconds;
        var io = new ProcessIoMetrics(1000 * (long)s, 2000 * (long)s, 0, 0, 0, 0, 10 / 3.0, 20 / 3.0, 1 / 7.0, 2 / 7.0, 0, 4096);
        var target = new ProcessMetrics(at, true, 1, 30 + (s / 3), 10 + (s / 7), (100L << 20) + (long)(s * 12345), 400L << 20, 20, 50, io, 10.5, 1.25);
        var runtime = new RuntimeMetrics(at, true, (50L << 20) + (long)(s * 999), 3, 1, (long)s % 2, 2.5, [1 / 3.0, 2.125 + s], 1e6 / 3, 8, (long)s, 500.5, 0, 0, 200L << 20) { HeapAfterGcBytes = (40L << 20) + (long)(s * 1000) };
        var system = new SystemMetrics(
            at,
            new SystemCpuMetrics(20 + (s / 3), 5.5, 0.1, 0, 70),
            new LoadAverageMetrics(1.5, 1.25, 1),
            new SystemMemoryMetrics(8L << 30, 2L << 30, 6L << 30, 1L << 30),
            [new DiskMetrics("vda", 1 / 3.0, 2, 4096, 8192), new DiskMetrics("dm-0", 0, 1, 0, 512)],
            [new NetworkInterfaceMetrics("eth0.100", 1e5 / 3, 2e5, 100, 200, 0, 0)],
            new TcpMetrics(0.5, 100, (long)s % 3 == 0 ? new Dictionary<string, int> { ["established"] = 12, ["time_wait"] = 3 } : null));
        var generator = new RuntimeMetrics(at, true, 10L << 20, 2, 0, 0, 0.5, [0.75], 2e6, 6, 0, 300, 0, 0, 90L << 20);
        return new ResourceFrame(at, target, runtime, system, generator);
    }

    private static ScenarioPlan Plan(string name, params Criterion[] criteria) => new()
    {
        Name = name,
        Description = "rebuilt <from> its stream",
        Components =
        [
            new ComponentPlan("ok", async (_, token) =>
            {
                await Task.Delay(2, token);
                return Outcome.Ok(200) with { Connect = TimeSpan.FromMicroseconds(150), TimeToFirstByte = TimeSpan.FromMilliseconds(1.5) };
            }),
            new ComponentPlan("flaky", async (context, token) =>
            {
                await Task.Delay(1, token);
                return context.Iteration % 9 == 0 ? Outcome.Fail(ErrorKind.Named("flaky_protocol"), $"boom {context.Iteration}", 502) : Outcome.Ok(201);
            }),
        ],
        Load = new OpenLoad(RateSchedule.FromStages([new Stage(TimeSpan.FromSeconds(1), 60), new Stage(TimeSpan.FromSeconds(2), 60)]), ArrivalPattern.Poisson, 30, SaturationPolicy.Wait),
        Criteria = criteria,
        GracefulStop = TimeSpan.FromSeconds(2),
    };

    private static Criterion Parse(string name, string expression) => Criterion.TryParse(name, expression, out var error) ?? throw new InvalidOperationException(error);

    [Fact]
    public async Task Rebuild_TwoScenariosWithResourcesEventsAndCriteria_WritesTheSameResultsJson()
    {
        var folder = Directory.CreateTempSubdirectory("redline-rebuild-");
        try
        {
            var intervals = Path.Combine(folder.FullName, "intervals.ndjson");
            var eventsFile = Path.Combine(folder.FullName, "events.ndjson");
            var journal = new RunEventJournal();
            journal.Post(RunEventKind.TargetStarted, "the target started", data: new Dictionary<string, string> { ["pid"] = "4242" });
            RunResult run;
            using (var file = new IntervalFileSink(intervals))
            using (var events = new EventFileSink(eventsFile))
            {
                var monitor = new ScriptedResourceMonitor(Frame) { Unavailable = new Dictionary<string, string> { ["system.tcp_connections"] = "not read" } };
                var options = new RunOptions { Sinks = [file, events], Resources = monitor, Events = journal, TimelineHistograms = false };
                run = await ScenarioRunner.RunAllAsync(
                    "rebuild",
                    [
                        Plan("first", Parse("response_time_p95", "<1000ms"), Parse("flaky.error_rate", "<50%"), Parse("cpu_usage", "<90%"), Parse("gc_pause_p99", "<50ms")),
                        Plan("second", Parse("throughput", ">1000/s")),
                    ],
                    options);
            }

            var rebuilt = IntervalFileReader.Rebuild(intervals, eventsFile);

            Assert.Equal(Verdict.Failed, run.Verdict);
            Assert.Contains(run.Scenarios[0].Components[1].Measures.ErrorsByType, e => e.Key == "flaky_protocol");
            Assert.True(run.Scenarios[0].Components[0].Measures.Connect.Count > 0);
            Assert.NotEmpty(run.Scenarios[0].Events);
            AssertSameJson(ResultsJson(run), ResultsJson(rebuilt));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Rebuild_FileOfAKilledRun_BuildsWhatItHasAndSaysTheScenarioDidNotEnd()
    {
        var folder = Directory.CreateTempSubdirectory("redline-rebuild-");
        try
        {
            var intervals = Path.Combine(folder.FullName, "intervals.ndjson");
            using (var file = new IntervalFileSink(intervals))
            {
                await ScenarioRunner.RunAllAsync("killed", [Plan("only")], new RunOptions { Sinks = [file] });
            }

            // What a SIGKILL in the middle of the scenario leaves: no end line, a last line cut short.
            var lines = File.ReadAllLines(intervals);
            var kept = lines.Take(lines.Length / 2).ToList();
            File.WriteAllText(intervals, string.Join('\n', kept) + "\n" + lines[lines.Length / 2][..20]);

            var rebuilt = IntervalFileReader.Rebuild(intervals, null);

            var scenario = Assert.Single(rebuilt.Scenarios);
            Assert.Equal(Verdict.Failed, scenario.Verdict);
            Assert.Contains("before this scenario did", scenario.StopReason, StringComparison.Ordinal);
            Assert.True(scenario.Totals.Requests > 0);
            Assert.Equal(scenario.Totals.Requests, scenario.Components.Sum(c => c.Measures.Requests));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static string ResultsJson(RunResult run)
    {
        using var stream = new MemoryStream();
        ResultsJsonWriter.Write(run, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Field by field, naming the first path that differs.</summary>
    private static void AssertSameJson(string expected, string actual)
    {
        var difference = FirstDifference(JsonNode.Parse(expected), JsonNode.Parse(actual), "$");
        Assert.True(difference is null, difference);
        Assert.Equal(expected, actual);
    }

    private static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path)
    {
        switch (expected, actual)
        {
            case (JsonObject e, JsonObject a):
                foreach (var (key, value) in e)
                {
                    if (!a.ContainsKey(key))
                    {
                        return $"{path}.{key} is missing";
                    }

                    if (FirstDifference(value, a[key], $"{path}.{key}") is { } inner)
                    {
                        return inner;
                    }
                }

                return a.Count != e.Count ? $"{path} has keys {string.Join(",", a.Select(p => p.Key).Except(e.Select(p => p.Key)))} the original lacks" : null;
            case (JsonArray e, JsonArray a):
                for (var i = 0; i < Math.Min(e.Count, a.Count); i++)
                {
                    if (FirstDifference(e[i], a[i], $"{path}[{i}]") is { } inner)
                    {
                        return inner;
                    }
                }

                return e.Count != a.Count ? $"{path} has {a.Count} items, the original {e.Count}" : null;
            default:
                return expected?.ToJsonString() == actual?.ToJsonString() ? null : $"{path}: {expected?.ToJsonString()} became {actual?.ToJsonString()}";
        }
    }
}
