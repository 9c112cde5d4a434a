using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Redline.Testing.Servers;

/// <summary>
/// A real HTTP receiver of notifications on loopback: it keeps every call (path, headers, body, when) and answers
/// each path with the statuses it is told to, in turn (then 200), as Slack, PagerDuty or an Alertmanager webhook would.
/// </summary>
public sealed class AlertReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string? RetryAfter)>> _script = new(StringComparer.Ordinal);

    private AlertReceiver(WebApplication app) => _app = app;

    /// <summary>Every call so far, in the order they came.</summary>
    public ConcurrentQueue<Received> Calls { get; } = new();

    /// <summary>The receiver's address, e.g. http://127.0.0.1:54321/.</summary>
    public Uri Url => LoopbackServer.AddressOf(_app);

    public static async Task<AlertReceiver> StartAsync()
    {
        var app = LoopbackServer.Create();
        var receiver = new AlertReceiver(app);
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync();
            var path = context.Request.Path.Value ?? "/";
            receiver.Calls.Enqueue(new Received(path, context.Request.Headers.Authorization.ToString(), context.Request.ContentType ?? "", body, TimeProvider.System.GetUtcNow()));
            var (status, retryAfter) = receiver._script.TryGetValue(path, out var queue) && queue.TryDequeue(out var next) ? next : (200, null);
            context.Response.StatusCode = status;
            if (retryAfter is not null)
            {
                context.Response.Headers.RetryAfter = retryAfter;
            }

            await context.Response.WriteAsync(status < 300 ? "ok" : "not now");
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Answers the next calls to <paramref name="path"/> with <paramref name="statuses"/>, in turn.</summary>
    public void Answer(string path, params (int Status, string? RetryAfter)[] statuses)
    {
        var queue = _script.GetOrAdd(path, _ => new ConcurrentQueue<(int, string?)>());
        foreach (var status in statuses)
        {
            queue.Enqueue(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One call a receiver took.</summary>
public sealed record Received(string Path, string Authorization, string ContentType, string Body, DateTimeOffset At);
