using Redline.Engine;

namespace Redline.Dashboard;

/// <summary>Feeds a <see cref="LiveState"/> from the engine's per-second stream; the state does the rest.</summary>
/// <param name="state">The dashboard's state.</param>
public sealed class DashboardSink(LiveState state) : IIntervalSink
{
    /// <inheritdoc />
    public ValueTask OnScenarioStartAsync(ScenarioStart start, CancellationToken cancellationToken)
    {
        state.Start(start);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnIntervalAsync(IntervalReport report, CancellationToken cancellationToken)
    {
        state.Second(report);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnEventAsync(RunEvent runEvent, CancellationToken cancellationToken)
    {
        state.Event(runEvent);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask OnScenarioCompleteAsync(ScenarioEnd end, ScenarioResult result, CancellationToken cancellationToken)
    {
        state.End(result);
        return ValueTask.CompletedTask;
    }
}
