using System.Net;
using System.Text.Json;
using Redline.Cli.Suites;

namespace Redline.Cli.Chaos;

/// <summary>
/// Kills one of the reference deployment's MCP servers, chosen by the seeded sequence among those running, through
/// the manager's admin endpoint; the fault lasts until the manager has that server running again.
/// </summary>
internal sealed class KillMcpServerEffect(Uri baseUrl, Random random) : FaultEffect
{
    private const string Servers = "/api/admin/mcp/servers";

    private readonly TaskCompletionSource _back = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private long _killedAt;
    private int _index = -1;
    private int _pid;
    private (int Pid, double Seconds)? _return;

    public override Task Ended => _back.Task;

    public override async Task<string?> StartAsync(TimeSpan length, CancellationToken cancellationToken)
    {
        List<(int Index, int Pid)> running;
        try
        {
            running = await RunningAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or JsonException or TaskCanceledException)
        {
            return $"the MCP servers could not be listed at {baseUrl}{Servers.TrimStart('/')}: {exception.Message}";
        }

        if (running.Count == 0)
        {
            return "no MCP server was running to kill";
        }

        var (index, pid) = running[random.Next(running.Count)];
        _killedAt = TimeProvider.System.GetTimestamp();
        var (status, body) = await ServiceCalls.SendAsync("POST", new Uri(baseUrl, $"{Servers}/{index}/kill"), cancellationToken).ConfigureAwait(false);
        if (status != HttpStatusCode.OK)
        {
            return $"the kill of MCP server {index} answered {(int)status}: {body}";
        }

        (_index, _pid) = (index, pid);
        _ = Task.Run(() => WatchAsync(_stop.Token), CancellationToken.None);
        return null;
    }

    public override async Task<FaultOutcome> StopAsync(TimeSpan length)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        var killed = Figure($"MCP server {_index} (pid {_pid}) killed");
        return _return is { } back
            ? new FaultOutcome(Figure($"{killed}; running again after {back.Seconds:0.00} s (pid {back.Pid})"), null)
            : new FaultOutcome(killed, "the server was not running again when the fault's time was up");
    }

    private async Task WatchAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var running = await RunningAsync(stop).ConfigureAwait(false);
                if (running.FirstOrDefault(r => r.Index == _index) is { Pid: > 0 } now && now.Pid != _pid)
                {
                    _return = (now.Pid, TimeProvider.System.GetElapsedTime(_killedAt).TotalSeconds);
                    _back.TrySetResult();
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50), stop).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException or JsonException)
        {
            // Stopped, or the deployment itself went away: the outcome says the server was not seen back.
        }
    }

    private async Task<List<(int Index, int Pid)>> RunningAsync(CancellationToken cancellationToken)
    {
        using var document = await ServiceCalls.GetJsonAsync(new Uri(baseUrl, Servers), cancellationToken).ConfigureAwait(false);
        return [.. document.RootElement.GetProperty("servers").EnumerateArray()
            .Where(s => s.GetProperty("state").GetString() == "running" && s.GetProperty("pid").ValueKind == JsonValueKind.Number)
            .Select(s => (s.GetProperty("index").GetInt32(), s.GetProperty("pid").GetInt32()))];
    }
}

/// <summary>Drops a share of the reference deployment's database sessions while it is on, through its admin endpoint; counted there.</summary>
internal sealed class DatabaseDropEffect(FaultSpec fault, int id, FaultContext context) : FaultEffect
{
    private const string DropPath = "/api/admin/faults/database_drop";

    private readonly FaultLease _lease = FaultLeases.New(context.Run, id, $"{fault.Name} {fault.Asked} on {fault.On}", TimeSpan.FromDays(1)) with
    {
        Calls = [new LeaseCall("DELETE", new Uri(context.BaseUrl!, DropPath).ToString())],
    };

    public override async Task<string?> StartAsync(TimeSpan length, CancellationToken cancellationToken)
    {
        context.Leases.Write(_lease with { Expires = TimeProvider.System.GetUtcNow() + length + FaultLeases.Grace });
        var percent = (fault.Share * 100).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var (status, body) = await ServiceCalls.SendAsync("PUT", new Uri(context.BaseUrl!, $"{DropPath}?percent={percent}"), cancellationToken).ConfigureAwait(false);
        if (status == HttpStatusCode.OK)
        {
            return null;
        }

        context.Leases.Release(_lease);
        return $"the reference deployment refused the drop ({(int)status}: {body})";
    }

    public override async Task<FaultOutcome> StopAsync(TimeSpan length)
    {
        var (status, body) = await ServiceCalls.SendAsync("DELETE", new Uri(context.BaseUrl!, DropPath), CancellationToken.None).ConfigureAwait(false);
        context.Leases.Release(_lease);
        if (status != HttpStatusCode.OK)
        {
            return new FaultOutcome(null, $"the drop could not be switched off ({(int)status}: {body})");
        }

        // The answer is the count while it was on.
        using var document = JsonDocument.Parse(body);
        var sessions = document.RootElement.GetProperty("sessions").GetInt64();
        var drops = document.RootElement.GetProperty("drops").GetInt64();
        if (sessions == 0)
        {
            return new FaultOutcome(null, "no database session was opened while the fault was on");
        }

        var share = 100.0 * drops / sessions;
        var sd = 100 * Math.Sqrt(fault.Share * (1 - fault.Share) / sessions);
        var achieved = Figure($"{share:0.#}% of database sessions dropped ({drops} of {sessions})");
        return new FaultOutcome(achieved, Math.Abs(share - (fault.Share * 100)) > Math.Max(3 * sd, 1) ? Figure($"asked {fault.Share * 100:0.#}%, reached {share:0.#}%") : null);
    }
}

/// <summary>
/// Empties the reference deployment's cache: once at the start, or at random times (exponential gaps around the
/// mean, from the seeded sequence) until the fault ends.
/// </summary>
internal sealed class CacheInvalidationEffect(FaultSpec fault, Uri baseUrl, Random random) : FaultEffect
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;
    private int _invalidations;
    private long _dropped;
    private string? _failure;

    public override async Task<string?> StartAsync(TimeSpan length, CancellationToken cancellationToken)
    {
        if (fault.MeanGap is not { } mean)
        {
            return await InvalidateAsync(cancellationToken).ConfigureAwait(false);
        }

        _loop = Task.Run(() => LoopAsync(mean, _stop.Token), CancellationToken.None);
        return null;
    }

    public override async Task<FaultOutcome> StopAsync(TimeSpan length)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
        var how = fault.MeanGap is { } mean ? Figure($" at random times (mean gap {mean.TotalSeconds:0.#} s)") : "";
        return new FaultOutcome(
            Figure($"{_invalidations} invalidation{(_invalidations == 1 ? "" : "s")}{how}, {_dropped} cache entries dropped"),
            _failure ?? (_invalidations == 0 ? "the fault ended before its first random time came"
                : _dropped == 0 ? "the cache held no entries when it was emptied, so the invalidation changed nothing (the reference deployment keeps an in-memory cache only in its optimized profile)"
                : null));
    }

    private async Task LoopAsync(TimeSpan mean, CancellationToken stop)
    {
        try
        {
            for (var i = 0; i < 100_000 && !stop.IsCancellationRequested; i++)
            {
                var gap = -Math.Log(1 - random.NextDouble()) * mean.TotalSeconds;
                await Task.Delay(TimeSpan.FromSeconds(gap), stop).ConfigureAwait(false);
                if (await InvalidateAsync(stop).ConfigureAwait(false) is { } failure)
                {
                    _failure = failure;
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The fault ended.
        }
    }

    private async Task<string?> InvalidateAsync(CancellationToken cancellationToken)
    {
        var (status, body) = await ServiceCalls.SendAsync("POST", new Uri(baseUrl, "/api/admin/cache/invalidate"), cancellationToken).ConfigureAwait(false);
        if (status != HttpStatusCode.OK)
        {
            return $"the cache invalidation answered {(int)status}: {body}";
        }

        using var document = JsonDocument.Parse(body);
        _dropped += document.RootElement.GetProperty("dropped").GetInt64();
        _invalidations++;
        return null;
    }
}

/// <summary>A user's fault, switched on and off by calls to their service; the stop call is in the lease, so a run that dies still makes it.</summary>
internal sealed class HookEffect(FaultSpec fault, int id, FaultContext context) : FaultEffect
{
    private readonly FaultLease _lease = FaultLeases.New(context.Run, id, $"hook {fault.Asked}", TimeSpan.FromDays(1)) with
    {
        Calls = [new LeaseCall(fault.Hook!.Value.Stop.Method, fault.Hook!.Value.Stop.Resolve(context.BaseUrl).ToString())],
    };

    private HttpStatusCode _started;

    public override async Task<string?> StartAsync(TimeSpan length, CancellationToken cancellationToken)
    {
        context.Leases.Write(_lease with { Expires = TimeProvider.System.GetUtcNow() + length + FaultLeases.Grace });
        var (start, _) = fault.Hook!.Value;
        try
        {
            (_started, var body) = await ServiceCalls.SendAsync(start.Method, start.Resolve(context.BaseUrl), cancellationToken).ConfigureAwait(false);
            if ((int)_started is >= 200 and < 300)
            {
                return null;
            }

            context.Leases.Release(_lease);
            return $"{start} answered {(int)_started}: {body}";
        }
        catch (HttpRequestException exception)
        {
            context.Leases.Release(_lease);
            return $"{start} failed: {exception.Message}";
        }
    }

    public override async Task<FaultOutcome> StopAsync(TimeSpan length)
    {
        var (_, stop) = fault.Hook!.Value;
        try
        {
            var (status, body) = await ServiceCalls.SendAsync(stop.Method, stop.Resolve(context.BaseUrl), CancellationToken.None).ConfigureAwait(false);
            context.Leases.Release(_lease);
            var achieved = Figure($"start answered {(int)_started}, stop answered {(int)status}");
            return new FaultOutcome(achieved, (int)status is >= 200 and < 300 ? null : $"{stop} answered {(int)status}: {body}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            // The lease stays, so the next run or `redline chaos clean` calls stop again.
            return new FaultOutcome(Figure($"start answered {(int)_started}"), $"{stop} failed ({exception.Message}); `redline chaos clean` calls it again");
        }
    }
}
