namespace Redline.Engine.Tests.Monitoring;

/// <summary>A resource monitor whose frames a test scripts: the figures a real target would give are chosen, not read.</summary>
/// <remarks>The engine samples it from its interval loop, so the calls are recorded under a lock.</remarks>
internal sealed class ScriptedResourceMonitor(Func<TimeSpan, ResourceFrame> script) : IResourceMonitor
{
    private readonly List<TimeSpan> _calls = [];

    public bool Supported { get; init; } = true;

    public int? TargetPid { get; init; } = 4242;

    public int? RuntimePid { get; init; } = 4242;

    public IReadOnlyDictionary<string, string> Unavailable { get; init; } = new Dictionary<string, string>();

    /// <summary>The elapsed time of every <see cref="Sample"/> call, in order.</summary>
    public IReadOnlyList<TimeSpan> Calls
    {
        get
        {
            lock (_calls)
            {
                return [.. _calls];
            }
        }
    }

    public ResourceFrame Sample(TimeSpan elapsed)
    {
        lock (_calls)
        {
            _calls.Add(elapsed);
        }

        return script(elapsed);
    }
}

/// <summary>Builds the parts of scripted frames with only the figures a test cares about.</summary>
internal static class Frames
{
    public static ProcessMetrics Process(TimeSpan elapsed, double userCpu = 30, double systemCpu = 10, long rss = 100 << 20, bool alive = true) =>
        alive
            ? new ProcessMetrics(elapsed, true, 1, userCpu, systemCpu, rss, rss * 4, 20, 50, null, 10, 1)
            : ProcessMetrics.NotAlive(elapsed);

    public static RuntimeMetrics Runtime(TimeSpan elapsed, IReadOnlyList<double>? pausesMs = null, long heap = 50 << 20, long threadPoolQueue = 0, long threadPoolThreads = 8) =>
        new(elapsed, true, heap, 3, 1, 0, 2.5, pausesMs ?? [], 1e6, threadPoolThreads, threadPoolQueue, 500, 0, 0, 200 << 20);

    public static SystemMetrics System(TimeSpan elapsed) =>
        new(elapsed, new SystemCpuMetrics(20, 5, 0, 0, 75), new LoadAverageMetrics(1, 1, 1), new SystemMemoryMetrics(8L << 30, 2L << 30, 6L << 30, 1L << 30), [], [], null);
}
