using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Redline.Engine.Tests.Monitoring;

namespace Redline.Engine.Tests.Execution;

/// <summary>A scenario run in virtual time with a scripted resource monitor, from the engine's samples to results.json.</summary>
public sealed class ResourceMonitorVirtualTimeTests
{
    private static readonly IReadOnlyList<double> SmallPauses = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

    /// <summary>A target at 40% CPU whose runtime pauses 1..10 ms each second, with a thread-pool queue of 10.</summary>
    private static ResourceFrame Healthy(TimeSpan elapsed) =>
        new(elapsed, Frames.Process(elapsed, userCpu: 30, systemCpu: 10), Frames.Runtime(elapsed, SmallPauses, threadPoolQueue: 10), null, null);

    private static Criterion Parse(string name, string expression) => Criterion.TryParse(name, expression, out _)!;

    /// <summary>Runs 10 requests per second for 5 s with <paramref name="monitor"/>, closing each second in virtual time.</summary>
    private static async Task<(ScenarioResult Result, IReadOnlyList<IntervalReport> Reports)> RunAsync(IResourceMonitor monitor, IReadOnlyList<Criterion> criteria, params IIntervalSink[] sinks)
    {
        var time = new FakeTimeProvider();
        var collecting = new CollectingSink();
        var started = 0;
        Step step = (_, _) =>
        {
            Interlocked.Increment(ref started);
            return ValueTask.FromResult(Outcome.Ok(200));
        };
        var schedule = RateSchedule.Constant(10, TimeSpan.FromSeconds(5));
        var plan = new ScenarioPlan
        {
            Name = "resources",
            Components = [new ComponentPlan("c", step)],
            Load = new OpenLoad(schedule, ArrivalPattern.Uniform, 10, SaturationPolicy.Wait),
            Criteria = criteria,
        };
        var run = ScenarioRunner.RunAsync(plan, new RunOptions { TimeProvider = time, Sinks = [collecting, .. sinks], GeneratorCpuSampler = () => 0, Resources = monitor });

        var moments = new List<(TimeSpan, Func<bool>, string)>();
        var clock = new ArrivalClock(schedule, ArrivalPattern.Uniform, 1);
        for (var n = 1; clock.TryNext(out var offset); n++)
        {
            var expected = n;
            moments.Add((offset, () => Volatile.Read(ref started) >= expected, $"arrival {n}"));
        }

        for (var k = 1; k < 5; k++)
        {
            var closed = k;
            moments.Add((TimeSpan.FromSeconds(k) + TimeSpan.FromMilliseconds(50), () => collecting.Count >= closed, $"close of second {k - 1}"));
        }

        await VirtualClock.StepThroughAsync(time, moments);
        var result = await VirtualClock.FinishAsync(time, run, TimeSpan.FromMilliseconds(10));
        return (result, collecting.Reports);
    }

    [Fact]
    public async Task RunAsync_Monitor_SamplesOncePerClosedSecondAndReportsResources()
    {
        var monitor = new ScriptedResourceMonitor(Healthy);

        var (result, reports) = await RunAsync(monitor, []);

        Assert.True(reports.Count >= 5, $"{reports.Count} seconds closed");
        var closedAt = reports.Select(r => TimeSpan.FromSeconds(r.Second + 1)).ToList();

        // One read to start the rates afresh, then one at the end of each closed second.
        Assert.Equal([TimeSpan.Zero, .. closedAt], monitor.Calls);
        Assert.All(reports, r => Assert.Equal(TimeSpan.FromSeconds(r.Second + 1), r.Resources?.Elapsed));
        Assert.All(reports, r => Assert.Equal(40, r.Target?.CpuPercent));
        var resources = Assert.IsType<ResourceReport>(result.Resources);
        Assert.Equal(closedAt.Select(t => t.TotalSeconds), resources.Seconds);
        Assert.Equal(reports.Count, resources.Find("target.cpu_percent")!.Values.Count);
        Assert.Equal(40, resources.Summary("target.cpu_percent")!.Mean);
        Assert.Equal(new GcPauseSummary(10 * reports.Count, 55 * reports.Count, 5, 10, 10, 10), resources.TargetGcPauses);
        Assert.Equal(reports.Count, result.Target!.Samples.Count);
    }

    [Fact]
    public async Task RunAsync_Monitor_BuildsTheBusinessReport()
    {
        var (result, reports) = await RunAsync(new ScriptedResourceMonitor(Healthy), []);

        var business = Assert.IsType<BusinessReport>(result.Business);
        Assert.Equal(50, business.SuccessfulRequests);
        Assert.Empty(business.ErrorBursts);
        Assert.Null(business.RecoveryTimeSeconds);
        Assert.Equal(Spread.Of(reports.Select(r => (double)r.InFlight)), business.QueueDepth);
        Assert.Equal(new Spread(10, 10, 10), business.TargetThreadPoolQueue);
        Assert.Equal(new Spread(8, 8, 8), business.TargetThreadPoolThreads);
    }

    [Fact]
    public async Task RunAsync_SmallPausesAndShortQueue_ResourceCriteriaPass()
    {
        var (result, _) = await RunAsync(
            new ScriptedResourceMonitor(Healthy),
            [Parse("gc_pause_p99", "<120ms"), Parse("thread_pool_queue", "<100"), Parse("cpu_usage", "<100%"), Parse("recovery_time", "<30s")]);

        Assert.Equal(Verdict.Passed, result.Verdict);
        Assert.Equal([10.0, 10, Math.Round(40.0 / Environment.ProcessorCount, 2), 0], result.Criteria.Select(c => c.Actual));
        Assert.All(result.Criteria, c => Assert.True(c.Passed, $"{c.Name} {c.Expression}: {c.Actual} {c.Note}"));
    }

    [Fact]
    public async Task RunAsync_OneLongPauseAndOneLongQueue_ResourceCriteriaFail()
    {
        // At least fifty pauses, one of them 500 ms: 2% or less of them, so p99 is that pause; the queue is 150 in one second.
        var monitor = new ScriptedResourceMonitor(elapsed => elapsed == TimeSpan.FromSeconds(2)
            ? new ResourceFrame(elapsed, Frames.Process(elapsed), Frames.Runtime(elapsed, [.. SmallPauses.Take(9), 500], threadPoolQueue: 10), null, null)
            : elapsed == TimeSpan.FromSeconds(3)
                ? new ResourceFrame(elapsed, Frames.Process(elapsed), Frames.Runtime(elapsed, SmallPauses, threadPoolQueue: 150), null, null)
                : Healthy(elapsed));

        var (result, _) = await RunAsync(monitor, [Parse("gc_pause_p99", "<120ms"), Parse("thread_pool_queue", "<100")]);

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Equal([(500.0, false), (150.0, false)], result.Criteria.Select(c => (c.Actual, c.Passed)));
        Assert.Equal(500, result.Resources!.TargetGcPauses!.MaxMs);
    }

    [Fact]
    public async Task RunAsync_TargetCpuFromTheMonitor_IsWhatCpuUsageCompares()
    {
        var monitor = new ScriptedResourceMonitor(elapsed =>
            new ResourceFrame(elapsed, Frames.Process(elapsed, userCpu: 150, systemCpu: 50), Frames.Runtime(elapsed), null, null));

        var (result, _) = await RunAsync(monitor, [Parse("cpu_usage", "<1%")]);

        var expected = Math.Round(200.0 / Environment.ProcessorCount, 2);
        Assert.Equal(200, result.Target!.CpuPercentMean);
        Assert.Equal(expected, result.Criteria[0].Actual);
        Assert.False(result.Criteria[0].Passed);
    }

    [Fact]
    public async Task RunAsync_TargetRuntimeUnavailable_RuntimeCriteriaAreNotMeasuredAndSayWhy()
    {
        var monitor = new ScriptedResourceMonitor(elapsed => new ResourceFrame(elapsed, Frames.Process(elapsed), RuntimeMetrics.NotConnected(elapsed), null, null))
        {
            Unavailable = new Dictionary<string, string> { ["target.runtime"] = "the process is not a .NET process" },
        };

        var (result, _) = await RunAsync(monitor, [Parse("gc_pause_p99", "<120ms"), Parse("thread_pool_queue", "<100"), Parse("cpu_usage", "<100%")]);

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Null(result.Resources!.TargetGcPauses);
        Assert.Equal("the process is not a .NET process", result.Resources.Unavailable["target.runtime"]);
        Assert.All(result.Criteria.Take(2), c =>
        {
            Assert.False(c.Passed);
            Assert.Null(c.Actual);
            Assert.Equal("not measured: the target's .NET runtime could not be read (the process is not a .NET process)", c.Note);
        });
        Assert.True(result.Criteria[2].Passed);
    }

    [Fact]
    public async Task RunAsync_TargetGone_ScenarioFailsAndResourcesSayWhen()
    {
        var monitor = new ScriptedResourceMonitor(elapsed =>
            new ResourceFrame(elapsed, Frames.Process(elapsed, alive: elapsed < TimeSpan.FromSeconds(3)), null, null, null));

        var (result, _) = await RunAsync(monitor, []);

        Assert.Equal(Verdict.Failed, result.Verdict);
        Assert.Equal(3, result.Resources!.TargetExitedAtSeconds);
        Assert.Equal("the target process exited during the run (gone at 3s)", result.StopReason);
    }

    [Fact]
    public async Task ResultsJson_RunWithMonitor_HoldsResourcesAndBusiness()
    {
        var (result, reports) = await RunAsync(new ScriptedResourceMonitor(Healthy), []);
        var run = new RunResult("r1", "suite", result.StartedAt, result.StartedAt + result.Duration, result.Verdict, [result], new EnvironmentInfo("m", "linux", "x64", "cpu", 4, 1L << 30, ".NET", "server", "f", null, null, null));
        using var stream = new MemoryStream();

        ResultsJsonWriter.Write(run, stream);

        using var document = JsonDocument.Parse(stream.ToArray());
        var scenario = document.RootElement.GetProperty("scenarios")[0];
        var resources = scenario.GetProperty("resources");
        Assert.Equal("measured", resources.GetProperty("status").GetString());
        Assert.Equal(4242, resources.GetProperty("target_pid").GetInt32());
        Assert.Equal(40, resources.GetProperty("summary").GetProperty("target.cpu_percent").GetProperty("mean").GetDouble());
        Assert.Equal("%", resources.GetProperty("summary").GetProperty("target.cpu_percent").GetProperty("unit").GetString());
        Assert.Equal(10, resources.GetProperty("target_gc_pauses_ms").GetProperty("p99").GetDouble());
        var series = resources.GetProperty("series");
        Assert.Equal(reports.Select(r => r.Second + 1.0), series.GetProperty("t_s").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal(reports.Count, series.GetProperty("target.rss_bytes").GetArrayLength());
        var business = scenario.GetProperty("business");
        Assert.Equal(50, business.GetProperty("successful_requests").GetInt64());
        Assert.Equal(result.Business!.QueueDepth.Max, business.GetProperty("queue_depth").GetProperty("max").GetDouble());
        Assert.Equal(JsonValueKind.Null, business.GetProperty("recovery_time_s").ValueKind);
        Assert.Equal(10, business.GetProperty("target_thread_pool_queue").GetProperty("max").GetDouble());
    }

    [Fact]
    public async Task IntervalFile_RunWithMonitor_EachScenarioLineHoldsThatSecondsResources()
    {
        var path = Path.GetTempFileName();
        try
        {
            IReadOnlyList<IntervalReport> reports;
            using (var file = new IntervalFileSink(path))
            {
                (_, reports) = await RunAsync(new ScriptedResourceMonitor(Healthy), [], file);
            }

            var lines = File.ReadAllLines(path).Select(l => JsonDocument.Parse(l).RootElement.Clone())
                .Where(l => !l.TryGetProperty("type", out _) && l.GetProperty("component").ValueKind == JsonValueKind.Null)
                .ToList();
            Assert.Equal(reports.Count, lines.Count);
            Assert.All(lines, line =>
            {
                var resources = line.GetProperty("resources");
                Assert.Equal(40, resources.GetProperty("target.cpu_percent").GetDouble());
                Assert.Equal(SmallPauses, resources.GetProperty("target.runtime.gc_pauses_ms").EnumerateArray().Select(p => p.GetDouble()));
            });
        }
        finally
        {
            File.Delete(path);
        }
    }
}
