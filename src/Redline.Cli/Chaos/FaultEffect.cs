using System.Globalization;
using Redline.Cli.Suites;
using Redline.Protocols.Proxy;

namespace Redline.Cli.Chaos;

/// <summary>What a fault reached while it was on, in words, and a note when that falls short of what was asked or cannot be told.</summary>
/// <param name="Achieved">The measured size.</param>
/// <param name="Note">Why it is not what was asked, or null.</param>
internal sealed record FaultOutcome(string? Achieved, string? Note)
{
    /// <summary>A fault that could not be applied at all.</summary>
    public static FaultOutcome NotApplied(string why) => new(null, $"fault not applied: {why}");
}

/// <summary>What faults act on in one run: its id, the target's real address and control group, the proxies, the journal.</summary>
internal sealed class FaultContext
{
    /// <summary>The run's id, which names what faults make.</summary>
    public required string Run { get; init; }

    /// <summary>The target's own address (not the proxy's in front of it).</summary>
    public Uri? BaseUrl { get; init; }

    /// <summary>The proxies network faults act through, by the name <c>on:</c> gives (<c>target</c> for the one in front of base_url).</summary>
    public IReadOnlyDictionary<string, FaultProxy> Proxies { get; init; } = new Dictionary<string, FaultProxy>(StringComparer.Ordinal);

    /// <summary>The target's control group, when a resource fault needs it.</summary>
    public TargetCgroup? Cgroup { get; init; }

    /// <summary>The network namespace the target runs in, when a packet loss needs it.</summary>
    public NetworkNamespace? Namespace { get; init; }

    /// <summary>The fault journal.</summary>
    public required FaultLeases Leases { get; init; }

    /// <summary>What each proxy's network faults have on now, shared by the faults on one proxy.</summary>
    public Dictionary<string, List<(NetworkFault Fault, int Id)>> Active { get; } = new(StringComparer.Ordinal);
}

/// <summary>
/// One occurrence of a fault: applied at its start, reverted at its end (or when the run stops), and measured by
/// what it acted through while it was on. An effect that changes the machine or a service writes its lease first.
/// </summary>
internal abstract class FaultEffect
{
    private static readonly Task Never = new TaskCompletionSource().Task;

    /// <summary>Completes when the fault ended by itself before its time was up (a killed server running again).</summary>
    public virtual Task Ended => Never;

    /// <summary>The effect for one occurrence of <paramref name="fault"/>.</summary>
    public static FaultEffect Create(FaultSpec fault, int id, int seed, FaultContext context) => fault.Kind switch
    {
        FaultKind.Network => new NetworkEffect(fault, id, context),
        FaultKind.CpuThrottling => new CpuEffect(fault, context.Cgroup!),
        FaultKind.MemoryPressure => new MemoryEffect(fault, context.Cgroup!),
        FaultKind.DiskFill => new DiskFillEffect(fault, id, context),
        FaultKind.KillMcpServer => new KillMcpServerEffect(context.BaseUrl!, new Random(HashCode.Combine(seed, id))),
        FaultKind.DatabaseDrop => new DatabaseDropEffect(fault, id, context),
        FaultKind.PacketLoss => new PacketLossEffect(fault, id, context),
        FaultKind.CacheInvalidation => new CacheInvalidationEffect(fault, context.BaseUrl!, new Random(HashCode.Combine(seed, id))),
        _ => new HookEffect(fault, id, context),
    };

    /// <summary>Applies the fault, planned to last <paramref name="length"/>; null when it took, else why not.</summary>
    public abstract Task<string?> StartAsync(TimeSpan length, CancellationToken cancellationToken);

    /// <summary>Reverts the fault after it was on for <paramref name="length"/>, and says what it reached.</summary>
    public abstract Task<FaultOutcome> StopAsync(TimeSpan length);

    /// <summary>A figure for the achieved text.</summary>
    protected static string Figure(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>A network fault on a proxy; faults on at once on one proxy act as one (<see cref="ChaosSchedule.Combine"/>).</summary>
internal sealed class NetworkEffect(FaultSpec fault, int id, FaultContext context) : FaultEffect
{
    private readonly FaultProxy _proxy = context.Proxies[fault.On];

    public override Task<string?> StartAsync(TimeSpan length, CancellationToken cancellationToken)
    {
        lock (context.Active)
        {
            var on = context.Active.TryGetValue(fault.On, out var list) ? list : context.Active[fault.On] = [];
            _proxy.TakeStats();
            on.Add((fault.Network!, id));
            _proxy.Set(ChaosSchedule.Combine([.. on.Select(a => a.Fault)]));
        }

        return Task.FromResult<string?>(null);
    }

    public override Task<FaultOutcome> StopAsync(TimeSpan length)
    {
        ProxyStats stats;
        lock (context.Active)
        {
            var on = context.Active[fault.On];
            stats = _proxy.TakeStats();
            on.RemoveAll(a => a.Id == id);
            _proxy.Set(ChaosSchedule.Combine([.. on.Select(a => a.Fault)]));
        }

        var (achieved, note) = ChaosSchedule.Achieved(fault, stats, length);
        return Task.FromResult(new FaultOutcome(achieved, note));
    }
}

/// <summary>A CPU quota on the target's control group: a share of the machine's cores, measured by the CPU time the group used and the periods it was throttled in.</summary>
internal sealed class CpuEffect(FaultSpec fault, TargetCgroup cgroup) : FaultEffect
{
    private double? _cpuBefore;
    private (long Periods, long Throttled) _before;

    private double Cores => fault.Share * TargetCgroup.Cores;

    public override Task<string?> StartAsync(TimeSpan length, CancellationToken cancellationToken)
    {
        _cpuBefore = cgroup.CpuSeconds();
        _before = cgroup.Throttling();
        return Task.FromResult(cgroup.LimitCpu(Cores));
    }

    public override Task<FaultOutcome> StopAsync(TimeSpan length)
    {
        var lifted = cgroup.UnlimitCpu();
        var after = cgroup.Throttling();
        var (periods, throttled) = (after.Periods - _before.Periods, after.Throttled - _before.Throttled);
        var used = cgroup.CpuSeconds() is { } now && _cpuBefore is { } then && length > TimeSpan.Zero ? (now - then) / length.TotalSeconds : (double?)null;
        var allowed = Figure($"{Cores:0.00} cores allowed ({fault.Share * 100:0.#}% of {TargetCgroup.Cores})");
        var achieved = used is { } cores
            ? Figure($"{cores:0.00} cores used of {allowed}, throttled in {throttled} of {periods} periods")
            : Figure($"{allowed}, throttled in {throttled} of {periods} periods");
        var note = lifted is not null ? $"the quota could not be lifted: {lifted}"
            : used > Cores * 1.05 ? "the target used more than the quota allows"
            : periods == 0 ? "the target did not run while the quota was on"
            : throttled < periods * 0.1 ? "the target seldom wanted more than the quota, so the throttle hardly bit"
            : null;
        return Task.FromResult(new FaultOutcome(achieved, note));
    }
}

/// <summary>
/// A memory limit on the target's control group that keeps its working set (its usage less the inactive file cache,
/// which the kernel reclaims first at a limit) at the asked share of it (90%_usage: limit = working set / 0.9): set
/// when the fault starts and moved every 250 ms, down while the target holds less and up as it needs more. Following
/// the whole usage drifts (the cache fills any limit), and a limit that only went down was a ratchet that each
/// reclaim lowered again until the target, growing back, was killed at it. A limit the kernel refuses (it cannot
/// reclaim down to it) is left where it was. Measured by sampling the working set against the limit in force.
/// </summary>
internal sealed class MemoryEffect(FaultSpec fault, TargetCgroup cgroup) : FaultEffect
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<double> _shares = [];
    private Task _sampling = Task.CompletedTask;
    private long _limit;
    private long _first;
    private long _lowest = long.MaxValue;
    private long _highest;
    private long _hitsBefore;

    public override Task<string?> StartAsync(TimeSpan length, CancellationToken cancellationToken)
    {
        if (cgroup.WorkingSetBytes() is not { } usage || usage <= 0)
        {
            return Task.FromResult<string?>("the target's memory use cannot be read from its control group");
        }

        _limit = _first = (long)(usage / fault.Share);
        _hitsBefore = cgroup.MemoryLimitHits();
        if (cgroup.LimitMemory(_limit) is { } refused)
        {
            return Task.FromResult<string?>(refused);
        }

        _sampling = Task.Run(() => SampleAsync(_stop.Token), CancellationToken.None);
        return Task.FromResult<string?>(null);
    }

    public override async Task<FaultOutcome> StopAsync(TimeSpan length)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _stop.Dispose();
        var lifted = cgroup.UnlimitMemory();
        var hits = cgroup.MemoryLimitHits() - _hitsBefore;
        if (_shares.Count == 0)
        {
            return new FaultOutcome(Figure($"limit {_limit / 1048576.0:0.#} MiB"), lifted ?? "the group's memory was not sampled while the fault was on");
        }

        var (low, high, mean) = (_shares.Min() * 100, _shares.Max() * 100, _shares.Average() * 100);
        var (lowest, highest) = (Math.Min(_lowest, _first), Math.Max(_highest, _first));
        var limits = lowest < highest
            ? Figure($"limit {_first / 1048576.0:0.#} MiB at the start, following usage between {lowest / 1048576.0:0.#} and {highest / 1048576.0:0.#} MiB")
            : Figure($"limit {_first / 1048576.0:0.#} MiB");
        var achieved = Figure($"working set {low:0.#}-{high:0.#}% of the limit (mean {mean:0.#}%), {limits}, limit hit {hits} times");
        var asked = fault.Share * 100;
        var note = lifted is not null ? $"the limit could not be lifted: {lifted}"
            : Cgroups.Pids(cgroup.Dir("memory")).Count == 0 ? "the target was gone by the fault's end (killed at its limit?)"
            : Math.Abs(mean - asked) > 2 ? Figure($"asked {asked:0.#}% of the limit, held {mean:0.#}% on average")
            : null;
        return new FaultOutcome(achieved, note);
    }

    private async Task SampleAsync(CancellationToken stop)
    {
        // Below this a limit would stop the target rather than press it.
        const long Floor = 16 * 1024 * 1024;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), stop).ConfigureAwait(false);
                if (cgroup.WorkingSetBytes() is not { } bytes)
                {
                    continue;
                }

                _shares.Add((double)bytes / _limit);
                var follow = (long)(bytes / fault.Share);
                if (follow > Floor && Math.Abs(follow - _limit) > _limit * 0.01 && cgroup.LimitMemory(follow) is null)
                {
                    _limit = follow;
                    _lowest = Math.Min(_lowest, follow);
                    _highest = Math.Max(_highest, follow);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The fault ended.
        }
    }
}
