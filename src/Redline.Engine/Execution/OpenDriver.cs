namespace Redline.Engine;

/// <summary>
/// The open model: iterations start when they fall due, whether or not earlier ones have answered.
/// An arrival that finds every slot busy waits for one (or is dropped with on_saturation: drop);
/// its latency is still timed from when it was due, so a stalled target shows in the latency
/// instead of silently thinning the load: the coordinated-omission correction wrk2 makes.
/// The generator's own timer lag is kept apart as schedule lag, so it is not charged to the target.
/// </summary>
internal static class OpenDriver
{
    public static async Task RunAsync(ScenarioExecution run, OpenLoad load)
    {
        var schedule = new ScheduleEpoch(run, load);
        var random = new Random(run.Plan.Seed);
        // Not disposed: an iteration that ignored cancellation may still release its slot after the run.
        var slots = new SemaphoreSlim(load.MaxConcurrency, load.MaxConcurrency);
        var stop = run.StopLoad.Token;
        var steps = run.KillSteps.Token;
        var backlogUntil = long.MinValue;
        var counted = false;

        while (!stop.IsCancellationRequested)
        {
            schedule.Follow();
            if (!schedule.TryNext(out var offset))
            {
                if (schedule.Changed)
                {
                    continue;
                }

                // Set to no arrivals (a pause): wait for the next setting or the pause's end.
                if (run.Setting is { } paused && run.Elapsed < paused.Until)
                {
                    await run.WaitUntilAsync(paused.Until, schedule.Wake).ConfigureAwait(false);
                    continue;
                }

                break;
            }

            if (!await run.WaitForArrivalAsync(offset, schedule.Wake).ConfigureAwait(false))
            {
                // Set to a new level while waiting: this arrival belonged to the old schedule.
                continue;
            }

            run.CurrentLoad = schedule.RateAt(offset);
            var intended = run.TimestampAt(offset);
            var index = run.Mix.Pick(random);
            var recorder = run.Recorders[index];

            // Due while the driver still waited for a slot for an earlier arrival: every slot was
            // busy at this one's due time too, so it is late because of the target, not the timer.
            var heldBack = intended < backlogUntil;
            if (!heldBack && slots.Wait(0))
            {
                var actual = run.Time.GetTimestamp();
                run.RecordScheduleLag(run.MicrosBetween(intended, actual));

                // A slot was free, so the target held nothing back: the gap between due and actual
                // start is the generator's own timer lag, reported as schedule lag (and as
                // saturation when it grows), not charged to the target's latency.
                Launch(run, slots, index, actual, actual, steps);
                continue;
            }

            if (load.OnSaturation == SaturationPolicy.Drop && !slots.Wait(0))
            {
                recorder.CountDropped(run.SecondOf(intended));
                continue;
            }

            if (load.OnSaturation == SaturationPolicy.Wait)
            {
                var wait = await WaitForSlotAsync(run, slots, run.LoadEnd(load.Duration), stop).ConfigureAwait(false);
                if (wait != SlotWait.Acquired)
                {
                    // Counted, not lost: on a stop, this arrival and every other already due were
                    // interrupted; at the end of the scenario, all that remain could not start in it.
                    var stopped = wait == SlotWait.Stopped;
                    Count(run, recorder, intended, stopped);
                    CountRemaining(run, schedule, random, stopped ? run.Elapsed : run.LoadEnd(load.Duration), stopped);
                    counted = true;
                    break;
                }
            }

            var started = run.Time.GetTimestamp();
            backlogUntil = Math.Max(backlogUntil, started);
            recorder.CountLate(run.SecondOf(started), run.MicrosBetween(intended, started));
            Launch(run, slots, index, intended, started, steps);
        }

        // Stopped just as a slot came free: the arrivals already due behind the one it took were never
        // started, and are interrupted, not lost.
        if (stop.IsCancellationRequested && !counted)
        {
            CountRemaining(run, schedule, random, run.Elapsed, interrupted: true);
        }

        run.MarkLoadEnded();
        run.CurrentLoad = 0;
        await run.DrainAsync().ConfigureAwait(false);
    }

    private enum SlotWait
    {
        Acquired,
        Stopped,
        PastTheEnd,
    }

    /// <summary>
    /// Waits for a free slot, but not past the scenario's end: a slow target must not stretch the
    /// run, or a 60-second scenario against a hung service would run for hours.
    /// </summary>
    private static async Task<SlotWait> WaitForSlotAsync(ScenarioExecution run, SemaphoreSlim slots, TimeSpan end, CancellationToken stop)
    {
        var remaining = end - run.Elapsed;
        if (remaining <= TimeSpan.Zero)
        {
            return slots.Wait(0) ? SlotWait.Acquired : SlotWait.PastTheEnd;
        }

        using var deadline = new CancellationTokenSource(remaining, run.Time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stop, deadline.Token);
        try
        {
            await slots.WaitAsync(either.Token).ConfigureAwait(false);
            return SlotWait.Acquired;
        }
        catch (OperationCanceledException)
        {
            return stop.IsCancellationRequested ? SlotWait.Stopped : SlotWait.PastTheEnd;
        }
    }

    private static void Count(ScenarioExecution run, ComponentRecorder recorder, long intended, bool interrupted)
    {
        if (interrupted)
        {
            recorder.CountInterrupted(run.SecondOf(intended));
        }
        else
        {
            recorder.CountDropped(run.SecondOf(intended));
        }
    }

    /// <summary>Counts the clock's remaining arrivals up to <paramref name="until"/> as interrupted or dropped.</summary>
    private static void CountRemaining(ScenarioExecution run, ScheduleEpoch schedule, Random random, TimeSpan until, bool interrupted)
    {
        while (schedule.TryNext(out var offset) && offset <= until)
        {
            Count(run, run.Recorders[run.Mix.Pick(random)], run.TimestampAt(offset), interrupted);
        }
    }

    private static void Launch(ScenarioExecution run, SemaphoreSlim slots, int index, long intended, long actual, CancellationToken steps)
    {
        run.InFlight.Enter();
        _ = RunAndReleaseAsync(run, slots, index, intended, actual, steps);
    }

    private static async Task RunAndReleaseAsync(ScenarioExecution run, SemaphoreSlim slots, int index, long intended, long actual, CancellationToken steps)
    {
        try
        {
            await run.RunIterationAsync(index, -1, null, intended, actual, steps).ConfigureAwait(false);
        }
        finally
        {
            slots.Release();
            run.InFlight.Exit();
        }
    }

    /// <summary>
    /// The arrivals the driver follows: the load's schedule, until the load is set to a level (a probe
    /// of the break, the recovery); from then, that level's arrivals from the moment it was set.
    /// </summary>
    private sealed class ScheduleEpoch(ScenarioExecution run, OpenLoad load)
    {
        private RateSchedule _rate = load.Rate;
        private ArrivalClock _clock = new(load.Rate, load.Arrivals, run.Plan.Seed);
        private TimeSpan _origin;
        private LoadSetting? _following;
        private CancellationTokenSource? _wake;
        private int _epoch;

        /// <summary>Cancelled on a stop, or when the load is set to a new level.</summary>
        public CancellationToken Wake => (_wake ??= CancellationTokenSource.CreateLinkedTokenSource(run.StopLoad.Token, run.SettingChanged)).Token;

        /// <summary>True when the load was set to a level the driver does not follow yet.</summary>
        public bool Changed => !ReferenceEquals(run.Setting, _following);

        /// <summary>Switches to the level the load was set to, if it changed.</summary>
        public void Follow()
        {
            if (!Changed)
            {
                return;
            }

            // The token is read before the setting, so a change after this read still wakes the next wait.
            var wake = CancellationTokenSource.CreateLinkedTokenSource(run.StopLoad.Token, run.SettingChanged);
            var setting = run.Setting!;
            _following = setting;
            _wake?.Dispose();
            _wake = wake;
            _origin = setting.From;
            _rate = RateSchedule.Constant(setting.Level, setting.Until - setting.From);
            _clock = new ArrivalClock(_rate, load.Arrivals, unchecked(run.Plan.Seed + (++_epoch * 7919)));
        }

        public bool TryNext(out TimeSpan offset)
        {
            var next = _clock.TryNext(out var relative);
            offset = _origin + relative;
            return next;
        }

        public double RateAt(TimeSpan offset) => _rate.RateAt(offset - _origin);
    }
}
