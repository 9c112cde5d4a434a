using System.Text.Json;

namespace Redline.Engine.Tests.Sinks;

/// <summary>The per-second stream as sinks see it: lifecycle, order, events, and failures contained.</summary>
public sealed class SinkStreamTests
{
    private static readonly Step Quick = async (_, token) =>
    {
        await Task.Delay(5, token);
        return Outcome.Ok(200);
    };

    /// <summary>Two users for three one-second stages: three stage events, at 0, 1 and 2 s.</summary>
    private static ScenarioPlan Staged(string name = "staged") => new()
    {
        Name = name,
        Components = [new ComponentPlan("a", Quick), new ComponentPlan("b", Quick)],
        Load = new ClosedLoad(UserSchedule.Stages([new Stage(TimeSpan.FromSeconds(1), 2), new Stage(TimeSpan.FromSeconds(1), 2), new Stage(TimeSpan.FromSeconds(1), 1)]), TimeSpan.FromMilliseconds(10)),
        GracefulStop = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task RunAsync_RecordingSink_GetsStartThenSecondsAndEventsInOrderThenTheResult()
    {
        var sink = new RecordingSink();

        var result = await ScenarioRunner.RunAsync(Staged(), new RunOptions { Sinks = [sink] });

        var calls = sink.Calls;
        var start = Assert.IsType<ScenarioStart>(calls[0]);
        Assert.Equal(["a", "b"], start.Components);
        Assert.Equal("closed", start.Model);
        Assert.Equal(TimeSpan.FromSeconds(3), start.Duration);
        var completed = Assert.IsType<ScenarioResult>(calls[^1]);
        Assert.Equal(result.Totals.Requests, completed.Totals.Requests);

        var seconds = calls.OfType<IntervalReport>().Select(r => r.Second).ToList();
        Assert.Equal(Enumerable.Range(0, seconds.Count).Select(s => (long)s), seconds);
        Assert.Equal(result.Totals.Requests, calls.OfType<IntervalReport>().Sum(r => r.Total.Requests));

        var stages = calls.OfType<RunEvent>().Where(e => e.Kind == RunEventKind.Stage).ToList();
        Assert.Equal(["stage 1 of 3: to 2 users over 1 s", "stage 2 of 3: to 2 users over 1 s", "stage 3 of 3: to 1 users over 1 s"], stages.Select(e => e.Text));
        Assert.Equal([0.0, 1.0, 2.0], stages.Select(e => e.At.TotalSeconds));
        Assert.Equal(stages, result.Events.Where(e => e.Kind == RunEventKind.Stage));

        // An event is handed over no later than the second that contains it is closed.
        foreach (var stage in stages.Skip(1))
        {
            var eventIndex = calls.IndexOf(stage);
            var closingIndex = calls.FindIndex(c => c is IntervalReport r && r.Second == (long)stage.At.TotalSeconds);
            Assert.True(closingIndex < 0 || eventIndex < closingIndex, $"the event at {stage.At} came after its second's report");
        }
    }

    [Fact]
    public async Task RunAsync_ThrowingSink_IsSwitchedOffAndNotedWhileOtherSinksGetEverySecond()
    {
        var throwing = new ThrowingSink(afterSeconds: 1);
        var recording = new RecordingSink();

        var result = await ScenarioRunner.RunAsync(Staged(), new RunOptions { Sinks = [throwing, recording] });

        Assert.Equal(2, throwing.Seen);
        Assert.Equal(result.Totals.Requests, recording.Calls.OfType<IntervalReport>().Sum(r => r.Total.Requests));
        var note = Assert.Single(result.Notes);
        Assert.Contains("ThrowingSink failed and was switched off: disk full", note, StringComparison.Ordinal);
        Assert.Contains(result.Events, e => e.Kind == RunEventKind.Note && e.Text == note);
        Assert.Contains(recording.Calls.OfType<RunEvent>(), e => e.Kind == RunEventKind.Note && e.Text == note);
        Assert.Equal(Verdict.Passed, result.Verdict);
    }

    [Fact]
    public async Task RunAsync_SinkThatNeverReturns_HoldsUpNeitherTheLoadNorTheOtherSinks()
    {
        var stuck = new StuckSink();
        var recording = new RecordingSink();
        var plan = Staged();

        var result = await ScenarioRunner.RunAsync(plan, new RunOptions { Sinks = [stuck, recording] });

        // Every second reached the other sink, and the load ran its whole course.
        Assert.Equal(result.Totals.Requests, recording.Calls.OfType<IntervalReport>().Sum(r => r.Total.Requests));
        Assert.True(result.Totals.Requests > 100, $"only {result.Totals.Requests} requests");
        Assert.True(stuck.Cancelled, "the stuck sink's call was not cancelled when it was switched off");
        Assert.Contains(result.Notes, n => n.Contains("StuckSink", StringComparison.Ordinal) && n.Contains("did not finish within 10 s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_EventsPostedToTheJournal_LandAtTheirOffsetWithTheirData()
    {
        var journal = new RunEventJournal();
        journal.Post(RunEventKind.TargetStarted, "started before the scenario");
        var posted = 0;
        Step step = async (context, token) =>
        {
            await Task.Delay(5, token);
            if (context.Iteration == 30 && Interlocked.Exchange(ref posted, 1) == 0)
            {
                journal.Post(new RunEventKind("fault_start"), "latency +100ms", component: "a", data: new Dictionary<string, string> { ["latency_ms"] = "100" });
            }

            return Outcome.Ok(200);
        };
        var plan = Staged() with { Components = [new ComponentPlan("a", step)] };

        var result = await ScenarioRunner.RunAsync(plan, new RunOptions { Events = journal });

        var started = Assert.Single(result.Events, e => e.Kind == RunEventKind.TargetStarted);
        Assert.Equal(TimeSpan.Zero, started.At);
        var fault = Assert.Single(result.Events, e => e.Kind.Name == "fault_start");
        Assert.InRange(fault.At.TotalSeconds, 0.001, 3);
        Assert.Equal("a", fault.Component);
        Assert.Equal("100", fault.Data["latency_ms"]);
        Assert.Equal(result.Events.OrderBy(e => e.At).Select(e => e.At), result.Events.Select(e => e.At));
    }

    [Fact]
    public async Task RunAsync_TargetThatExits_IsAnEventAtTheSecondItWasGone()
    {
        var gone = TimeSpan.FromSeconds(1.5);
        var plan = Staged();

        var result = await ScenarioRunner.RunAsync(plan, new RunOptions { TargetSampler = at => new ResourceSample(at, 10, 1000, Alive: at < gone) });

        var exited = Assert.Single(result.Events, e => e.Kind == RunEventKind.TargetExited);
        Assert.Equal(TimeSpan.FromSeconds(2), exited.At);
        Assert.Equal(Verdict.Failed, result.Verdict);
    }

    [Fact]
    public async Task Write_ScenarioWithEvents_PutsThemInResultsJsonAndEventsNdjson()
    {
        var folder = Directory.CreateTempSubdirectory("redline-events-");
        try
        {
            var file = Path.Combine(folder.FullName, "events.ndjson");
            RunResult run;
            using (var events = new EventFileSink(file))
            {
                run = await ScenarioRunner.RunAllAsync("suite", [Staged()], new RunOptions { Sinks = [events] });
            }

            ResultsJsonWriter.Write(run, Path.Combine(folder.FullName, "results.json"));

            using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.FullName, "results.json")));
            var written = results.RootElement.GetProperty("scenarios")[0].GetProperty("events").EnumerateArray().ToList();
            Assert.Equal(3, written.Count);
            Assert.Equal("stage", written[1].GetProperty("kind").GetString());
            Assert.Equal(1.0, written[1].GetProperty("at_s").GetDouble());
            Assert.Equal("stage 2 of 3: to 2 users over 1 s", written[1].GetProperty("text").GetString());

            var lines = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(3, lines.Count);
            Assert.All(lines, l => Assert.Equal("staged", l.GetProperty("scenario").GetString()));
            Assert.Equal(written.Select(w => w.GetProperty("text").GetString()), lines.Select(l => l.GetProperty("text").GetString()));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private sealed class RecordingSink : IIntervalSink
    {
        private readonly List<object> _calls = [];

        public List<object> Calls
        {
            get
            {
                lock (_calls)
                {
                    return [.. _calls];
                }
            }
        }

        public ValueTask OnScenarioStartAsync(ScenarioStart start, CancellationToken cancellationToken) => Add(start);

        public ValueTask OnIntervalAsync(IntervalReport report, CancellationToken cancellationToken) => Add(report);

        public ValueTask OnEventAsync(RunEvent runEvent, CancellationToken cancellationToken) => Add(runEvent);

        public ValueTask OnScenarioCompleteAsync(ScenarioEnd end, ScenarioResult result, CancellationToken cancellationToken) => Add(result);

        private ValueTask Add(object call)
        {
            lock (_calls)
            {
                _calls.Add(call);
            }

            return ValueTask.CompletedTask;
        }
    }

    private sealed class ThrowingSink(int afterSeconds) : IIntervalSink
    {
        public int Seen { get; private set; }

        public ValueTask OnIntervalAsync(IntervalReport report, CancellationToken cancellationToken)
        {
            Seen++;
            return Seen > afterSeconds ? throw new IOException("disk full") : ValueTask.CompletedTask;
        }
    }

    private sealed class StuckSink : IIntervalSink
    {
        public bool Cancelled { get; private set; }

        public async ValueTask OnIntervalAsync(IntervalReport report, CancellationToken cancellationToken)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Cancelled = true;
                throw;
            }
        }
    }
}
