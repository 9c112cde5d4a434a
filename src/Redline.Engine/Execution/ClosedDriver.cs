namespace Redline.Engine;

/// <summary>
/// The closed model: a controller keeps the number of virtual users at the schedule's level,
/// re-evaluated every <see cref="Tick"/>. Each user loops over "pick, send, think". A user with a
/// think time joins at a random moment of its first think (seeded), so that users who join together
/// do not fire together, and keep firing together, as no real users do. A user told
/// to stop (ramp-down or the end) finishes its iteration; after the graceful stop it is cancelled
/// and the iteration counts as interrupted.
/// </summary>
internal static class ClosedDriver
{
    /// <summary>How often the controller re-reads the schedule.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    public static async Task RunAsync(ScenarioExecution run, ClosedLoad load)
    {
        var users = new List<VirtualUser>();
        var retired = new List<VirtualUser>();
        var stop = run.StopLoad.Token;
        var nextId = 0;
        var tick = TimeSpan.Zero;

        while (!stop.IsCancellationRequested && tick < run.LoadEnd(load.Duration))
        {
            var target = run.Setting is { } setting && tick >= setting.From ? (int)Math.Round(setting.Level) : load.Users.UsersAt(tick);
            while (users.Count < target)
            {
                var user = new VirtualUser(nextId++, run, load.ThinkTime);
                users.Add(user);
                user.Start();
            }

            while (users.Count > target)
            {
                var user = users[^1];
                users.RemoveAt(users.Count - 1);
                user.Retire(run.Plan.GracefulStop);
                retired.Add(user);
            }

            run.CurrentLoad = users.Count;
            tick += Tick;
            var end = run.LoadEnd(load.Duration);
            if (!await run.WaitUntilAsync(tick < end ? tick : end, stop).ConfigureAwait(false))
            {
                break;
            }
        }

        run.MarkLoadEnded();
        run.CurrentLoad = 0;
        foreach (var user in users)
        {
            user.Retire(timeout: null);
        }

        retired.AddRange(users);
        await run.DrainAsync().ConfigureAwait(false);
        foreach (var user in retired)
        {
            user.Dispose();
        }
    }

    private sealed class VirtualUser(int id, ScenarioExecution run, TimeSpan thinkTime) : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly CancellationTokenSource _kill = CancellationTokenSource.CreateLinkedTokenSource(run.KillSteps.Token);
        private readonly Random _random = new(unchecked((run.Plan.Seed * 7919) + id));
        private ITimer? _killTimer;

        public void Start()
        {
            run.InFlight.Enter();
            _ = LoopAsync();
        }

        /// <summary>Asks the user to stop after its iteration; cancels that iteration after <paramref name="timeout"/> if given (the run's drain handles the end).</summary>
        public void Retire(TimeSpan? timeout)
        {
            _stop.Cancel();
            if (timeout is { } after)
            {
                _killTimer = run.Time.CreateTimer(_ => Kill(), null, after, Timeout.InfiniteTimeSpan);
            }
        }

        /// <summary>Cancels the user's iteration; the timer may fire while the run disposes the user.</summary>
        private void Kill()
        {
            try
            {
                _kill.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run is over; nothing is left to cancel.
            }
        }

        public void Dispose()
        {
            _killTimer?.Dispose();
            _stop.Dispose();
            _kill.Dispose();
        }

        private async Task LoopAsync()
        {
            try
            {
                if (thinkTime > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(thinkTime * _random.NextDouble(), run.Time, _stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }

                while (!_stop.IsCancellationRequested)
                {
                    var index = run.Mix.Pick(_random);
                    var start = run.Time.GetTimestamp();
                    var iteration = run.RunIterationAsync(index, id, _random, start, start, _kill.Token);
                    var synchronous = iteration.IsCompleted;
                    await iteration.ConfigureAwait(false);
                    if (_stop.IsCancellationRequested)
                    {
                        break;
                    }

                    if (thinkTime <= TimeSpan.Zero)
                    {
                        // A step that completed synchronously must not let this loop starve the
                        // controller; one that waited already came back through the pool.
                        if (synchronous)
                        {
                            await default(PoolYield);
                        }

                        continue;
                    }

                    var wake = run.Time.GetTimestamp();
                    try
                    {
                        await Task.Delay(thinkTime, run.Time, _stop.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }

                    run.RecordScheduleLag(run.MicrosBetween(wake, run.Time.GetTimestamp()) - (thinkTime.Ticks / 10));
                }
            }
            finally
            {
                run.InFlight.Exit();
            }
        }
    }
}
