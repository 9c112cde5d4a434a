using Redline.Engine;

namespace Redline.Cli.Terminal;

/// <summary>Keeps the newest second of the running scenario for the live view and the plain progress lines.</summary>
internal sealed class ProgressBoard(IReadOnlyList<ScenarioPlan> plans) : IIntervalSink
{
    private readonly Lock _lock = new();
    private IntervalReport? _latest;
    private int _version;

    /// <summary>Increases with every report, so a view knows when there is something new.</summary>
    public int Version => Volatile.Read(ref _version);

    public (IntervalReport? Report, ScenarioPlan? Plan) Latest
    {
        get
        {
            lock (_lock)
            {
                return (_latest, _latest is null ? null : plans.FirstOrDefault(p => p.Name == _latest.Scenario));
            }
        }
    }

    public ValueTask OnIntervalAsync(IntervalReport report, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _latest = report;
        }

        Interlocked.Increment(ref _version);
        return ValueTask.CompletedTask;
    }
}
