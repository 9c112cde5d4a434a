using System.Collections.Concurrent;

namespace Redline.Engine.Tests.Execution;

public sealed class UserStateTests
{
    [Fact]
    public async Task RunAsync_ClosedModel_EachVirtualUserKeepsItsOwnStateAcrossIterationsUntilTheEnd()
    {
        var sessions = new ConcurrentBag<Session>();
        Step step = async (context, token) =>
        {
            if (!context.User.TryGet<Session>("session", out var session))
            {
                session = new Session(context.User.Id);
                sessions.Add(session);
                context.User.Set("session", session);
            }

            Assert.Equal(context.VirtualUser, session.Owner);
            Assert.False(session.Disposed);
            Interlocked.Increment(ref session.Uses);
            await Task.Delay(TimeSpan.FromMilliseconds(5), token);
            return Outcome.Ok(200);
        };
        var plan = new ScenarioPlan
        {
            Name = "users",
            Components = [new ComponentPlan("c", step)],
            Load = new ClosedLoad(UserSchedule.Constant(3, TimeSpan.FromSeconds(1)), TimeSpan.Zero),
        };

        var result = await ScenarioRunner.RunAsync(plan, new RunOptions { GeneratorCpuSampler = () => 0 });

        Assert.Equal(3, sessions.Count);
        Assert.Equal([0, 1, 2], sessions.Select(s => s.Owner).Order());
        Assert.All(sessions, s => Assert.True(s.Uses > 1, $"user {s.Owner} used its session {s.Uses} time(s)"));
        Assert.Equal(result.Totals.Requests, sessions.Sum(s => (long)s.Uses));
        Assert.All(sessions, s => Assert.True(s.Disposed));
    }

    [Fact]
    public async Task RunAsync_OpenModel_ArrivalsBorrowNoMoreStatesThanTheConcurrencyLimit()
    {
        var sessions = new ConcurrentBag<Session>();
        Step step = async (context, token) =>
        {
            if (!context.User.TryGet<Session>("session", out var session))
            {
                session = new Session(context.User.Id);
                sessions.Add(session);
                context.User.Set("session", session);
            }

            Interlocked.Increment(ref session.Uses);
            await Task.Delay(TimeSpan.FromMilliseconds(10), token);
            return Outcome.Ok(200);
        };
        var plan = new ScenarioPlan
        {
            Name = "pool",
            Components = [new ComponentPlan("c", step)],
            Load = new OpenLoad(RateSchedule.Constant(200, TimeSpan.FromSeconds(1)), ArrivalPattern.Uniform, 4, SaturationPolicy.Wait),
        };

        var result = await ScenarioRunner.RunAsync(plan, new RunOptions { GeneratorCpuSampler = () => 0 });

        Assert.InRange(sessions.Count, 1, 4);
        Assert.Equal(sessions.Count, sessions.Select(s => s.Owner).Distinct().Count());
        Assert.Equal(result.Totals.Requests, sessions.Sum(s => (long)s.Uses));
        Assert.True(result.Totals.Requests > 100, $"{result.Totals.Requests} requests");
        Assert.All(sessions, s => Assert.True(s.Disposed));
    }

    private sealed class Session(int owner) : IAsyncDisposable
    {
        public int Uses;

        public int Owner { get; } = owner;

        public bool Disposed { get; private set; }

        public ValueTask DisposeAsync()
        {
            if (Disposed)
            {
                throw new InvalidOperationException("disposed twice");
            }

            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
