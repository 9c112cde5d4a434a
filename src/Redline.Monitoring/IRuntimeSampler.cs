using Redline.Engine;

namespace Redline.Monitoring;

/// <summary>Reads a .NET runtime once per second: the target's over its diagnostics port, or the generator's own.</summary>
public interface IRuntimeSampler : IDisposable
{
    /// <summary>What could not be read and why (not a .NET process, permission denied, the process exited), each said once.</summary>
    IReadOnlyDictionary<string, string> Unavailable { get; }

    /// <summary>The figures since the previous sample; collections and pauses are those of this interval only.</summary>
    /// <param name="elapsed">Time from the scenario's start, stamped on the sample.</param>
    RuntimeMetrics Sample(TimeSpan elapsed);
}
