using Redline.Monitoring.Proc;

namespace Redline.Monitoring;

/// <summary>The metrics a sampler could not read, each with the first reason; a metric is reported once and then skipped.</summary>
internal sealed class UnavailableMetrics
{
    private readonly Dictionary<string, string> _reasons = new(StringComparer.Ordinal);

    /// <summary>Metric name to reason, for the sampler's public view.</summary>
    public IReadOnlyDictionary<string, string> Reasons => _reasons;

    /// <summary>True when <paramref name="metric"/> was found unavailable before.</summary>
    public bool Contains(string metric) => _reasons.ContainsKey(metric);

    /// <summary>Records <paramref name="metric"/> as unavailable; a later reason does not replace the first.</summary>
    public void Add(string metric, string reason) => _reasons.TryAdd(metric, reason);

    /// <summary>Records every metric in <paramref name="metrics"/> with one reason.</summary>
    public void AddAll(IEnumerable<string> metrics, string reason)
    {
        foreach (var metric in metrics)
        {
            Add(metric, reason);
        }
    }

    /// <summary>The reason text for a read that failed.</summary>
    public static string Describe(ProcReadStatus status, string path) => status == ProcReadStatus.Denied
        ? $"permission denied reading {path}"
        : $"{path} does not exist on this system";
}
