namespace Redline.Engine;

/// <summary>What a monitor that ran reported about itself, read back from a run's stream: it reads nothing now.</summary>
internal sealed class RecordedMonitor : IResourceMonitor
{
    public bool Supported { get; private set; } = true;

    public int? TargetPid { get; private set; }

    public int? RuntimePid { get; private set; }

    public IReadOnlyDictionary<string, string> Unavailable { get; private set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Takes what the scenario's end says the monitor watched and could not read.</summary>
    public void Take(ScenarioEnd end)
    {
        if (end.Monitor is { } info)
        {
            (Supported, TargetPid, RuntimePid) = (info.Supported, info.TargetPid, info.RuntimePid);
        }

        Unavailable = end.Unavailable;
    }

    public ResourceFrame Sample(TimeSpan elapsed) => throw new InvalidOperationException("a recorded monitor reads nothing");
}
