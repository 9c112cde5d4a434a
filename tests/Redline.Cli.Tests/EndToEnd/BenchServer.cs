using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Redline.Testing.Servers;

namespace Redline.Cli.Tests.EndToEnd;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with endpoints whose truth is known: a fixed 20 ms delay (30 ms, or any given, for slower code),
/// a stall (every response held for 1 s every 5 s), errors and timeouts.
/// </summary>
public sealed class BenchServer : IAsyncLifetime
{
    public static readonly TimeSpan StallPeriod = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan StallLength = TimeSpan.FromSeconds(1);

    private long _stallOrigin = Stopwatch.GetTimestamp();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, Pacer> _pacers = new();
    private WebApplication? _app;

    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    /// <summary>How long /fixed held each request, as the server measured it from the handler's start: the truth a client's figures are held against.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<double> FixedHeldMs { get; } = new();

    public async Task InitializeAsync()
    {
        // The fixed-delay endpoint spins on a pool thread for its last milliseconds; with the pool's
        // default floor of one thread per core, a few concurrent requests would starve it and the
        // pool's slow thread injection would show up as hundreds of milliseconds of latency.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));

        _app = LoopbackServer.Create();
        _app.MapGet("/", () => "ok");
        _app.MapGet("/fixed", async () =>
        {
            var start = Stopwatch.GetTimestamp();
            var answer = await HoldAsync(TimeSpan.FromMilliseconds(20));
            FixedHeldMs.Enqueue(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            return answer;
        });
        _app.MapGet("/hold/{ms:int}", (int ms) => HoldAsync(TimeSpan.FromMilliseconds(ms)));
        _app.MapGet("/fixed30", () => HoldAsync(TimeSpan.FromMilliseconds(30)));
        _app.MapGet("/stall", StallAsync);
        _app.MapGet("/fail", () => Microsoft.AspNetCore.Http.Results.StatusCode(500));
        _app.MapGet("/hang", async (CancellationToken token) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), token);
            return "late";
        });
        _app.MapGet("/reset", (HttpContext context) => context.Abort());

        // A known capacity: one request at a time, each for 1/rps, the rest queued.
        _app.MapGet("/capacity/{rps:int}", (int rps) => _pacers.GetOrAdd(rps, r => new Pacer(r)).TakeTurnAsync());
        await _app.StartAsync();
        BaseUrl = LoopbackServer.AddressOf(_app);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>Holds the response exactly <paramref name="hold"/>: a timer for most of it, then a short spin, because timers alone overshoot by up to a millisecond.</summary>
    private static async Task<string> HoldAsync(TimeSpan hold)
    {
        var start = Stopwatch.GetTimestamp();
        await Task.Delay(hold - TimeSpan.FromMilliseconds(5));
        while (Stopwatch.GetElapsedTime(start) < hold)
        {
            Thread.SpinWait(50);
        }

        return "fixed";
    }

    /// <summary>
    /// Starts the stall's cycle over at the next request to /stall: its first stall begins 1 s after
    /// that request, the next 5 s later, so that a run whose first arrival is that request sees
    /// whole stalls at known times rather than at a phase left by whatever ran before.
    /// </summary>
    public void RestartStallCycleAtNextRequest() => Volatile.Write(ref _stallOrigin, 0);

    /// <summary>During one second of every five, every response waits until that second ends (a pause such as a stop-the-world GC).</summary>
    private async Task<string> StallAsync()
    {
        var now = Stopwatch.GetTimestamp();
        var origin = Volatile.Read(ref _stallOrigin);
        if (origin == 0)
        {
            // Phase 4 s of 5 now: the first stall starts in 1 s.
            var restarted = now - (long)((StallPeriod - StallLength).TotalSeconds * Stopwatch.Frequency);
            var seen = Interlocked.CompareExchange(ref _stallOrigin, restarted, 0);
            origin = seen == 0 ? restarted : seen;
        }

        var phase = TimeSpan.FromTicks(Stopwatch.GetElapsedTime(origin, now).Ticks % StallPeriod.Ticks);
        if (phase < StallLength)
        {
            await Task.Delay(StallLength - phase);
        }

        return "stall";
    }

    /// <summary>Serves one request at a time, each for 1/rate, in order of arrival.</summary>
    private sealed class Pacer(int rate)
    {
        private readonly Lock _lock = new();
        private readonly long _period = Stopwatch.Frequency / rate;
        private long _free;

        public async Task<string> TakeTurnAsync()
        {
            long done;
            var now = Stopwatch.GetTimestamp();
            lock (_lock)
            {
                done = Math.Max(now, _free) + _period;
                _free = done;
            }

            await Task.Delay(Stopwatch.GetElapsedTime(now, done));
            return "ok";
        }
    }
}
