using System.Diagnostics;

// A small service to point Redline at: endpoints with known latencies and failure rates.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
var random = new Random(1);

app.MapGet("/health", () => Results.Ok("healthy"));
app.MapGet("/", () => "hello");

// About 20 ms, like a cache-backed read.
app.MapGet("/api/items/{id:int}", async (int id) =>
{
    await Task.Delay(20);
    return Results.Ok(new { id, name = $"item {id}" });
});

// 40-120 ms and one failure in fifty, like a write behind a database.
app.MapPost("/api/orders", async (Order order) =>
{
    int delay, roll;
    lock (random)
    {
        delay = random.Next(40, 121);
        roll = random.Next(50);
    }

    await Task.Delay(delay);
    return roll == 0 ? Results.StatusCode(503) : Results.Created($"/api/orders/{order.Item}", order);
});

// A fixed wait of the asked length (0 to 10,000 ms, fractions allowed): an endpoint whose only change between two
// runs is the one a test makes, for measuring how well the regression gate tells a real change from noise
// (bench/gate-accuracy.sh). Timers fire on whole milliseconds and up to a few late, so the last four milliseconds are spun.
app.MapGet("/api/sleep/{ms:double}", async (double ms) =>
{
    if (ms is < 0 or > 10_000 || double.IsNaN(ms))
    {
        return Results.BadRequest("ms: 0 to 10000");
    }

    var deadline = Stopwatch.GetTimestamp() + (long)(ms * Stopwatch.Frequency / 1000);
    var coarse = ms - 4;
    if (coarse >= 1)
    {
        await Task.Delay(TimeSpan.FromMilliseconds(Math.Floor(coarse)));
    }

    while (Stopwatch.GetTimestamp() < deadline)
    {
        Thread.SpinWait(50);
    }

    return Results.Ok();
});

// A server of known capacity: it answers at most {rps} requests per second, one after another, each
// taking 1/rps; a request that finds it busy waits its turn. Below that rate answers are quick; above
// it the queue, and the latency with it, grows without end: where a stress test must find the break.
var counters = new System.Collections.Concurrent.ConcurrentDictionary<double, Pacer>();
app.MapGet("/api/capacity/{rps:double}", async (double rps) =>
{
    if (rps is < 1 or > 100_000 || double.IsNaN(rps))
    {
        return Results.BadRequest("rps: 1 to 100000");
    }

    await counters.GetOrAdd(rps, r => new Pacer(r)).TakeTurnAsync();
    return Results.Ok();
});

app.Run();

/// <summary>Serves one request at a time, each for 1/rate, in order of arrival.</summary>
internal sealed class Pacer(double rate)
{
    private readonly Lock _lock = new();
    private readonly long _period = (long)(Stopwatch.Frequency / rate);
    private long _free;

    public Task TakeTurnAsync()
    {
        long done;
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            done = Math.Max(now, _free) + _period;
            _free = done;
        }

        return Task.Delay(Stopwatch.GetElapsedTime(now, done));
    }
}

internal sealed record Order(int Item, int Quantity);
