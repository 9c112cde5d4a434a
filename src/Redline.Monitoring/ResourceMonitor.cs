using Redline.Engine;

namespace Redline.Monitoring;

/// <summary>
/// The resource monitor of a run: the target process, its .NET runtime, the machine and the
/// generator's runtime, each optional, read together once per second. It owns the samplers it is given.
/// </summary>
/// <remarks>Not thread-safe: the engine samples it from one loop, one scenario after another.</remarks>
public sealed class ResourceMonitor : IResourceMonitor, IDisposable
{
    private readonly ProcessMetricsSampler? _target;
    private readonly IRuntimeSampler? _targetRuntime;
    private readonly SystemMetricsSampler? _system;
    private readonly IRuntimeSampler? _generatorRuntime;
    private readonly Dictionary<string, string> _extra = new(StringComparer.Ordinal);

    /// <summary>Watches what is given; pass null for what is not watched.</summary>
    /// <param name="target">The target process's sampler.</param>
    /// <param name="targetRuntime">The target's .NET runtime sampler.</param>
    /// <param name="system">The machine's sampler.</param>
    /// <param name="generatorRuntime">Redline's own runtime sampler.</param>
    public ResourceMonitor(ProcessMetricsSampler? target, IRuntimeSampler? targetRuntime, SystemMetricsSampler? system, IRuntimeSampler? generatorRuntime)
    {
        _target = target;
        _targetRuntime = targetRuntime;
        _system = system;
        _generatorRuntime = generatorRuntime;
        Supported = OperatingSystem.IsLinux() && (target?.Supported ?? true) && (system?.Supported ?? true);
    }

    /// <inheritdoc />
    public bool Supported { get; }

    /// <inheritdoc />
    public int? TargetPid => _target?.Pid ?? RuntimePid;

    /// <inheritdoc />
    public int? RuntimePid { get; init; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Unavailable
    {
        get
        {
            var all = new SortedDictionary<string, string>(_extra, StringComparer.Ordinal);
            Add(all, "target", _target?.Unavailable);
            Add(all, "target.runtime", _targetRuntime?.Unavailable);
            Add(all, "system", _system?.Unavailable);
            Add(all, "generator.runtime", _generatorRuntime?.Unavailable);
            return all;
        }
    }

    /// <summary>Records a part that cannot be watched at all, such as a target the suite does not name.</summary>
    public void MarkUnavailable(string family, string reason) => _extra.TryAdd(family, reason);

    /// <inheritdoc />
    public ResourceFrame Sample(TimeSpan elapsed) => new(
        elapsed,
        _target?.Sample(elapsed),
        _targetRuntime?.Sample(elapsed),
        _system?.Sample(elapsed),
        _generatorRuntime?.Sample(elapsed));

    /// <summary>Stops the runtime sessions.</summary>
    public void Dispose()
    {
        _target?.Dispose();
        _targetRuntime?.Dispose();
        _generatorRuntime?.Dispose();
    }

    /// <summary>Adds a sampler's reasons under its family; a metric named like the family's last part stands for the whole family.</summary>
    private static void Add(IDictionary<string, string> all, string family, IReadOnlyDictionary<string, string>? reasons)
    {
        foreach (var (metric, reason) in reasons ?? new Dictionary<string, string>())
        {
            all.TryAdd(family.EndsWith("." + metric, StringComparison.Ordinal) || family == metric ? family : $"{family}.{metric}", reason);
        }
    }
}
