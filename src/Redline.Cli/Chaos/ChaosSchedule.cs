using System.Globalization;
using System.Text.Json;
using Redline.Cli.Suites;
using Redline.Engine;
using Redline.Protocols.Proxy;

namespace Redline.Cli.Chaos;

/// <summary>A scenario's faults, with times fitted to the length it runs for, and the seed its random choices follow.</summary>
/// <param name="Faults">The faults.</param>
/// <param name="Seed">The scenario's seed.</param>
internal sealed record ScenarioFaults(IReadOnlyList<FaultSpec> Faults, int Seed);

/// <summary>
/// Applies a scenario's faults on time and reverts them: started when the scenario's stream starts (it is one of
/// the run's sinks), each occurrence of each fault applied at its <c>at</c> (again every <c>every</c>) and reverted
/// after <c>for</c>, when it ends by itself (a killed server back), or at the scenario's end, whichever comes
/// first. Each start and end goes on the timeline with what was asked and what was measured. Every fault is
/// reverted when the scenario completes, is stopped, or this is disposed.
/// </summary>
/// <param name="faults">Each scenario's faults, by scenario name.</param>
/// <param name="context">What the faults act on.</param>
/// <param name="events">The run's journal, where the faults' events go.</param>
internal sealed class ChaosSchedule(IReadOnlyDictionary<string, ScenarioFaults> faults, FaultContext context, RunEventJournal events) : IIntervalSink, IAsyncDisposable
{
    // Ends a little before the scenario's own end, so that the last fault's end lands in the scenario's stream.
    private static readonly TimeSpan Closing = TimeSpan.FromMilliseconds(200);

    private CancellationTokenSource? _running;
    private Task _schedule = Task.CompletedTask;

    public ValueTask OnScenarioStartAsync(ScenarioStart start, CancellationToken cancellationToken)
    {
        if (faults.TryGetValue(start.Scenario, out var scenario) && scenario.Faults.Count > 0)
        {
            _running = new CancellationTokenSource();
            var token = _running.Token;
            var occurrences = Occurrences(scenario.Faults, start.Duration);
            _schedule = Task.WhenAll(occurrences.Select(o => Task.Run(() => RunAsync(o, scenario.Seed, start.StartedAt, start.Duration, token), CancellationToken.None)));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnIntervalAsync(IntervalReport report, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public async ValueTask OnScenarioCompleteAsync(ScenarioEnd end, ScenarioResult result, CancellationToken cancellationToken) => await StopAsync().ConfigureAwait(false);

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    /// <summary>
    /// Each occurrence of each fault: from its start to its end, within the scenario's length. A repeated fault
    /// without <c>for</c> (a kill) may last until its next occurrence.
    /// </summary>
    internal static List<(FaultSpec Fault, TimeSpan From, TimeSpan To, int Id)> Occurrences(IReadOnlyList<FaultSpec> faults, TimeSpan length)
    {
        var occurrences = new List<(FaultSpec, TimeSpan, TimeSpan, int)>();
        foreach (var fault in faults)
        {
            for (var at = fault.At; at < length; at += fault.Every ?? length)
            {
                var end = fault.For is { } span ? at + span : fault.Every is { } period ? at + period : length;
                occurrences.Add((fault, at, end < length ? end : length, occurrences.Count + 1));
                if (fault.Every is null || occurrences.Count >= 10_000)
                {
                    break;
                }
            }
        }

        return occurrences;
    }

    /// <summary>The faults on at once on one proxy, as one: latencies add, the tightest bandwidth and the largest reset share hold.</summary>
    internal static NetworkFault? Combine(IReadOnlyCollection<NetworkFault> active) => active.Count switch
    {
        0 => null,
        1 => active.First(),
        _ => new NetworkFault
        {
            Latency = TimeSpan.FromTicks(active.Sum(f => f.Latency.Ticks)),
            Jitter = active.Max(f => f.Jitter),
            BytesPerSecond = active.Where(f => f.BytesPerSecond is not null).Select(f => f.BytesPerSecond).Min(),
            ResetShare = active.Max(f => f.ResetShare),
            BlackHole = active.Any(f => f.BlackHole),
            Direction = active.Select(f => f.Direction).Distinct().Count() == 1 ? active.First().Direction : FaultDirection.Both,
        },
    };

    private async Task RunAsync((FaultSpec Fault, TimeSpan From, TimeSpan To, int Id) occurrence, int seed, DateTimeOffset startedAt, TimeSpan length, CancellationToken token)
    {
        var (fault, from, to, id) = occurrence;
        var culture = CultureInfo.InvariantCulture;
        try
        {
            var due = startedAt + from - TimeProvider.System.GetUtcNow();
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        var effect = FaultEffect.Create(fault, id, seed, context);
        var clock = TimeProvider.System.GetTimestamp();
        string? refused;
        try
        {
            refused = await effect.StartAsync(to - from, token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            refused = exception.Message;
        }

        var where = fault.Kind == FaultKind.DiskFill ? fault.Path : fault.On;
        var started = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["id"] = id.ToString(culture),
            ["fault"] = fault.Name,
            ["on"] = where!,
            ["asked"] = fault.Asked,
        };
        if (fault.Hits.Count > 0)
        {
            started["hits"] = string.Join(',', fault.Hits);
        }

        if (fault.ErrorShare is { } share)
        {
            started["share"] = share.ToString("0.###", culture);
        }

        events.Post(RunEventKind.FaultStarted, $"{fault.Name} {fault.Asked} on {where}", data: started);
        if (refused is not null)
        {
            var outcome = FaultOutcome.NotApplied(refused);
            events.Post(RunEventKind.FaultEnded, $"{fault.Name} on {where}: {outcome.Note}", data: new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["id"] = id.ToString(culture),
                ["note"] = outcome.Note!,
            });
            return;
        }

        try
        {
            var end = startedAt + (to < length ? to : length - Closing) - TimeProvider.System.GetUtcNow();
            if (end > TimeSpan.Zero)
            {
                await Task.WhenAny(effect.Ended, Task.Delay(end, token)).ConfigureAwait(false);
            }
        }
        finally
        {
            FaultOutcome outcome;
            try
            {
                outcome = await effect.StopAsync(TimeProvider.System.GetElapsedTime(clock)).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or UnauthorizedAccessException or OperationCanceledException or JsonException)
            {
                outcome = new FaultOutcome(null, $"the fault's end could not be measured: {exception.Message}");
            }

            var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["id"] = id.ToString(culture) };
            if (outcome.Achieved is not null)
            {
                data["achieved"] = outcome.Achieved;
            }

            if (outcome.Note is not null)
            {
                data["note"] = outcome.Note;
            }

            events.Post(RunEventKind.FaultEnded, $"{fault.Name} on {where} ended" + (outcome.Achieved is null ? "" : $": {outcome.Achieved}"), data: data);
        }
    }

    /// <summary>What a fault reached, measured by its proxy while it was on; and a note when that is short of what was asked or cannot be told.</summary>
    internal static (string? Achieved, string? Note) Achieved(FaultSpec fault, ProxyStats stats, TimeSpan length)
    {
        var culture = CultureInfo.InvariantCulture;
        var asked = fault.Network ?? new NetworkFault();
        if (asked.BlackHole)
        {
            var forwarded = stats.BytesUp + stats.BytesDown;
            return (string.Create(culture, $"{forwarded} bytes forwarded"), forwarded > 0 ? "bytes went through while the fault was on" : null);
        }

        if (asked.ResetShare > 0)
        {
            if (stats.ResetChances == 0)
            {
                return (null, "no connection was opened and no request sent while the fault was on");
            }

            var share = 100.0 * stats.Resets / stats.ResetChances;
            var wanted = asked.ResetShare * 100;
            var achieved = string.Create(culture, $"{share:0.#}% ({stats.Resets} of {stats.ResetChances} connections and requests reset)");

            // A binomial share: more than three standard deviations off is not chance.
            var sd = 100 * Math.Sqrt(asked.ResetShare * (1 - asked.ResetShare) / stats.ResetChances);
            return (achieved, Math.Abs(share - wanted) > Math.Max(3 * sd, 1) ? string.Create(culture, $"asked {wanted:0.#}%, reached {share:0.#}%") : null);
        }

        if (asked.Latency > TimeSpan.Zero)
        {
            if (stats.HeldChunks == 0)
            {
                return (null, "no traffic crossed the proxy while the fault was on");
            }

            var wanted = asked.Latency.TotalMilliseconds;
            var reached = stats.HeldMs.P50;
            var achieved = string.Create(culture, $"+{reached:0.0}ms p50, +{stats.HeldMs.P99:0.0}ms p99 over {stats.HeldChunks} chunks");
            return (achieved, Math.Abs(reached - wanted) > Math.Max(2, wanted * 0.05) ? string.Create(culture, $"asked +{wanted:0.#}ms, reached +{reached:0.#}ms at p50") : null);
        }

        if (asked.BytesPerSecond is { } limit)
        {
            var bytes = asked.Direction switch
            {
                FaultDirection.Up => stats.BytesUp,
                FaultDirection.Down => stats.BytesDown,
                _ => Math.Max(stats.BytesUp, stats.BytesDown),
            };
            var rate = bytes / Math.Max(length.TotalSeconds, 0.001);
            var achieved = string.Create(culture, $"{rate * 8 / 1_000_000:0.###}Mbps on average ({bytes} bytes in {length.TotalSeconds:0.#} s)");
            return (achieved, rate > limit * 1.05 ? "more went through than the limit allows"
                : rate < limit * 0.5 ? "the traffic used less than half the limit, so the limit itself was hardly reached"
                : null);
        }

        return (null, null);
    }

    private async Task StopAsync()
    {
        if (_running is null)
        {
            return;
        }

        await _running.CancelAsync().ConfigureAwait(false);
        await _schedule.ConfigureAwait(false);
        _running.Dispose();
        _running = null;
    }
}
