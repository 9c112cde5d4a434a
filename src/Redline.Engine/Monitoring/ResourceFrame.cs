namespace Redline.Engine;

/// <summary>Everything the resource monitor read in one second; a part that is not watched is null.</summary>
/// <param name="Elapsed">Time from the scenario's start.</param>
/// <param name="Target">The target process (and its descendants, on request).</param>
/// <param name="TargetRuntime">The target's .NET runtime, read over its diagnostics port.</param>
/// <param name="System">The whole machine.</param>
/// <param name="GeneratorRuntime">Redline's own .NET runtime.</param>
public sealed record ResourceFrame(
    TimeSpan Elapsed,
    ProcessMetrics? Target,
    RuntimeMetrics? TargetRuntime,
    SystemMetrics? System,
    RuntimeMetrics? GeneratorRuntime);

/// <summary>Reads the target's and the machine's resources once per second for the engine.</summary>
public interface IResourceMonitor
{
    /// <summary>False on a platform without the sources the monitor reads (/proc); frames then carry no process or system figures.</summary>
    bool Supported { get; }

    /// <summary>The watched target process, when there is one.</summary>
    int? TargetPid { get; }

    /// <summary>The process whose .NET runtime is read: the target, or with descendants included the service behind a wrapper.</summary>
    int? RuntimePid { get; }

    /// <summary>What could not be read and why, keyed by the metric's family (<c>target.io</c>, <c>target.runtime</c>, <c>system.tcp_connections</c>, ...).</summary>
    IReadOnlyDictionary<string, string> Unavailable { get; }

    /// <summary>Reads everything watched; rates cover the time since the previous call.</summary>
    /// <param name="elapsed">Time from the scenario's start, stamped on the frame.</param>
    ResourceFrame Sample(TimeSpan elapsed);
}
