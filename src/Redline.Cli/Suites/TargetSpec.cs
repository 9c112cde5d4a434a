namespace Redline.Cli.Suites;

/// <summary>Where the service under test is, and optionally how Redline starts it.</summary>
/// <param name="BaseUrl">The service's URL (request paths are relative to it); null when no component's kind needs one and nothing is started.</param>
/// <param name="Start">How to start the service, or null when it is already running.</param>
internal sealed record TargetSpec(Uri? BaseUrl, TargetStartSpec? Start)
{
    /// <summary>The running process to watch, when the suite names it by pid.</summary>
    public int? Pid { get; init; }

    /// <summary>A process name or command-line pattern that finds the running process to watch.</summary>
    public string? Process { get; init; }

    /// <summary>What the resource monitor reads.</summary>
    public MonitorSpec Monitor { get; init; } = MonitorSpec.Default;

    /// <summary>Which HTTP client sends the requests.</summary>
    public Redline.Protocols.Http.HttpTransportKind Transport { get; init; }
}

/// <summary>What Redline reads besides the latencies.</summary>
/// <param name="Children">Sum the target process's descendants with it (a shell wrapper, worker processes).</param>
/// <param name="Runtime">Read a .NET target's runtime over its diagnostics port.</param>
/// <param name="System">Read the machine's CPU, memory, disks, network and TCP state.</param>
internal sealed record MonitorSpec(bool Children, bool Runtime, bool System)
{
    /// <summary>Target alone, its runtime when it is .NET, and the machine.</summary>
    public static readonly MonitorSpec Default = new(Children: false, Runtime: true, System: true);
}

/// <summary>How Redline starts, awaits and stops the service under test.</summary>
/// <param name="Command">The program to run.</param>
/// <param name="Args">Its arguments.</param>
/// <param name="Env">Extra environment variables.</param>
/// <param name="Ready">A URL path (starting with '/') that answers once the service is ready, or "tcp:PORT".</param>
/// <param name="ReadyTimeout">How long to wait for readiness before giving up (exit 5).</param>
/// <param name="WorkingDirectory">Where to run it; the suite file's folder by default.</param>
internal sealed record TargetStartSpec(
    string Command,
    IReadOnlyList<string> Args,
    IReadOnlyDictionary<string, string> Env,
    string Ready,
    TimeSpan ReadyTimeout,
    string WorkingDirectory)
{
    /// <summary>The readiness timeout when none is given.</summary>
    public static readonly TimeSpan DefaultReadyTimeout = TimeSpan.FromSeconds(30);
}
