using HdrHistogram;

namespace Redline.Engine;

/// <summary>
/// The state one scenario's run shares between its driver, its iterations and its interval loop:
/// the clock, the recorders, the stop signals. Drivers decide when iterations start; this class
/// runs and times them, and closes seconds.
/// </summary>
internal sealed class ScenarioExecution : IDisposable
{
    private readonly Lock _lagLock = new();
    private PreciseWaiter? _precise;
    private readonly LongHistogram _lagInterval = Histograms.Create();
    private long _lagIntervalMaxMicros;
    private long _iterations = -1;
    private LoadSetting? _setting;
    private CancellationTokenSource _settingChanged = new();

    public ScenarioExecution(ScenarioPlan plan, RunOptions options, CancellationToken userStop)
    {
        Plan = plan;
        Options = options;
        Time = options.TimeProvider;
        Components = [.. plan.Components];
        Recorders = [.. Components.Select(c => new ComponentRecorder(c.Name))];
        StepRecorders = [.. Components.Select(c => c.StepNames.Select(s => new ComponentRecorder(s)).ToArray())];
        Mix = new MixPicker(Components);
        InFlight = new InFlight(options.TimeProvider);
        StopLoad = CancellationTokenSource.CreateLinkedTokenSource(userStop);
        UserStop = userStop;
    }

    /// <summary>Sets time zero. Called once everything is built, so set-up cost never shows as schedule lag.</summary>
    public void Start()
    {
        StartedAt = Time.GetUtcNow();
        StartTimestamp = Time.GetTimestamp();
        InFlight.TakeMean();
    }

    public ScenarioPlan Plan { get; }

    public RunOptions Options { get; }

    public TimeProvider Time { get; }

    public ComponentPlan[] Components { get; }

    public ComponentRecorder[] Recorders { get; }

    /// <summary>For each component, one recorder per step of a multi-step component (none for a single step).</summary>
    public ComponentRecorder[][] StepRecorders { get; }

    public MixPicker Mix { get; }

    public InFlight InFlight { get; }

    /// <summary>What each user keeps across iterations; disposed when the scenario ends.</summary>
    public UserStates Users { get; } = new();

    /// <summary>Cancelled when no new iteration may start: the user stopped the run, or a criterion aborted it.</summary>
    public CancellationTokenSource StopLoad { get; }

    /// <summary>Cancelled when the graceful stop has run out: in-flight steps are cancelled and count as interrupted.</summary>
    public CancellationTokenSource KillSteps { get; } = new();

    public CancellationToken UserStop { get; }

    public DateTimeOffset StartedAt { get; private set; }

    public long StartTimestamp { get; private set; }

    /// <summary>Active users (closed model) or the scheduled rate (open model), for live views.</summary>
    public double CurrentLoad { get; set; }

    /// <summary>Why the scenario stopped before its end, if it did.</summary>
    public string? AbortReason { get; set; }

    /// <summary>The moment no new iteration was started any more, for throughput.</summary>
    public TimeSpan? LoadEndedAt { get; private set; }

    public TimeSpan Elapsed => Time.GetElapsedTime(StartTimestamp);

    public long SecondOf(long timestamp) => Time.GetElapsedTime(StartTimestamp, timestamp).Ticks / TimeSpan.TicksPerSecond;

    public long MicrosBetween(long from, long to) => Time.GetElapsedTime(from, to).Ticks / 10;

    public long TimestampAt(TimeSpan offset) => StartTimestamp + (long)(offset.Ticks * (Time.TimestampFrequency / (double)TimeSpan.TicksPerSecond));

    public long NextIteration() => Interlocked.Increment(ref _iterations);

    public void MarkLoadEnded() => LoadEndedAt ??= Elapsed;

    /// <summary>The level the load was set to away from its schedule (a probe of the break, the recovery), when it was.</summary>
    public LoadSetting? Setting => Volatile.Read(ref _setting);

    /// <summary>Cancelled when the load is set to a new level, so that a driver waiting on the old schedule wakes.</summary>
    public CancellationToken SettingChanged => Volatile.Read(ref _settingChanged).Token;

    /// <summary>Holds <paramref name="setting"/>'s level from its start to its end in place of the schedule.</summary>
    public void SetLoad(LoadSetting setting)
    {
        Volatile.Write(ref _setting, setting);
        var changed = Interlocked.Exchange(ref _settingChanged, new CancellationTokenSource());

        // Not disposed: a driver may still be linking to its token; it holds no timer.
        changed.Cancel();
    }

    /// <summary>When the load ends: the schedule's end, or the end of the level it was set to.</summary>
    public TimeSpan LoadEnd(TimeSpan scheduled) => Setting?.Until ?? scheduled;

    /// <summary>
    /// Runs one iteration of component <paramref name="index"/>. Latency is timed from
    /// <paramref name="intended"/> (the open model's due time), service time from <paramref name="actual"/>;
    /// in the closed model both are the same moment.
    /// </summary>
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunIterationAsync(int index, int virtualUser, Random? random, long intended, long actual, CancellationToken token)
    {
        var recorder = Recorders[index];
        var user = Users.Rent(virtualUser);
        var context = new StepContext(Components[index].Name, NextIteration(), virtualUser, random, Plan.Seed, user);
        Outcome outcome;
        try
        {
            outcome = await Components[index].Step(context, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            recorder.CountInterrupted(SecondOf(Time.GetTimestamp()));
            return;
        }
#pragma warning disable CA1031 // A step's exception is an outcome, not a crash of the run.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            outcome = Outcome.Fail(ErrorKind.Other, $"{exception.GetType().Name}: {exception.Message}");
        }
        finally
        {
            Users.Return(virtualUser, user);
        }

        var end = Time.GetTimestamp();
        var second = SecondOf(end);
        var setupMicros = outcome.Setup is { } setup ? setup.Ticks / 10 : 0;
        recorder.Record(second, Math.Max(MicrosBetween(intended, end) - setupMicros, 0), Math.Max(MicrosBetween(actual, end) - setupMicros, 0), outcome);
        if (StepRecorders[index].Length > 0)
        {
            RecordSteps(StepRecorders[index], context, second);
        }
    }

    /// <summary>Each step of a multi-step component's iteration, in the second the iteration ended; a step the component does not name is ignored.</summary>
    private static void RecordSteps(ComponentRecorder[] steps, StepContext context, long second)
    {
        foreach (var record in context.StepRecords)
        {
            if ((uint)record.Index >= (uint)steps.Length)
            {
                continue;
            }

            if (record.Skipped)
            {
                steps[record.Index].CountSkipped(second);
            }
            else
            {
                var micros = Math.Max(record.Elapsed.Ticks / 10, 0);
                steps[record.Index].Record(second, micros, micros, record.Outcome);
            }
        }
    }

    /// <summary>Records how late the generator started something against its plan (its own lag, not the target's).</summary>
    public void RecordScheduleLag(long micros)
    {
        micros = Math.Max(micros, 0);
        lock (_lagLock)
        {
            Histograms.RecordMicros(_lagInterval, micros);
            _lagIntervalMaxMicros = Math.Max(_lagIntervalMaxMicros, micros);
        }
    }

    /// <summary>Schedule lag over the last interval (p99 and exact max in ms, and the histogram encoded), then starts a new interval.</summary>
    public (double P99, double Max, string Histogram) TakeIntervalLag()
    {
        lock (_lagLock)
        {
            var p99 = LatencyStats.From(_lagInterval).P99;
            var max = Math.Round(_lagIntervalMaxMicros / 1000.0, 3);
            var encoded = _lagInterval.TotalCount == 0 ? "" : Histograms.Encode(_lagInterval);
            _lagInterval.Reset();
            _lagIntervalMaxMicros = 0;
            return (p99, max, encoded);
        }
    }

    /// <summary>
    /// Waits until the open model's next arrival at <paramref name="offset"/>: to within tens of
    /// microseconds where <see cref="PreciseWaiter"/> serves the clock, else as <see cref="WaitUntilAsync"/>.
    /// For the open driver alone: one such wait at a time.
    /// </summary>
    public ValueTask<bool> WaitForArrivalAsync(TimeSpan offset, CancellationToken token)
    {
        if (offset <= Elapsed)
        {
            return ValueTask.FromResult(!token.IsCancellationRequested);
        }

        _precise ??= PreciseWaiter.For(Time);
        return _precise is { } precise ? precise.WaitUntilAsync(TimestampAt(offset), token) : WaitUntilAsync(offset, token);
    }

    /// <summary>Waits until <paramref name="offset"/> from the start; false when the load was stopped first.</summary>
    public async ValueTask<bool> WaitUntilAsync(TimeSpan offset, CancellationToken token)
    {
        var remaining = offset - Elapsed;
        if (remaining <= TimeSpan.Zero)
        {
            return !token.IsCancellationRequested;
        }

        try
        {
            var delay = Task.Delay(remaining, Time, token);

            // A clock that jumped past the moment between the read above and the timer's creation (a test's
            // fake clock does) would leave the timer due that much later: the moment has come already.
            if (!delay.IsCompleted && Elapsed >= offset)
            {
                return !token.IsCancellationRequested;
            }

            await delay.ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Lets in-flight iterations finish for the graceful stop, then cancels the rest and waits for them.</summary>
    public async Task DrainAsync()
    {
        var idle = InFlight.WhenIdle();
        using var grace = new CancellationTokenSource();
        var graceDelay = Task.Delay(Plan.GracefulStop, Time, grace.Token);
        if (await Task.WhenAny(idle, graceDelay).ConfigureAwait(false) != idle)
        {
            await KillSteps.CancelAsync().ConfigureAwait(false);

            // Steps honour cancellation promptly; one that ignores it would hold the run forever.
            await Task.WhenAny(idle, Task.Delay(TimeSpan.FromSeconds(5), TimeProvider.System)).ConfigureAwait(false);
        }

        await grace.CancelAsync().ConfigureAwait(false);
    }

    public void Dispose()
    {
        _precise?.Dispose();
        StopLoad.Dispose();
        KillSteps.Dispose();
    }
}
