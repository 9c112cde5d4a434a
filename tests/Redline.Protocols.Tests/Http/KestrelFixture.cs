using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

using Redline.Testing.Servers;

namespace Redline.Protocols.Tests.Http;

/// <summary>A real Kestrel server on 127.0.0.1 with the endpoints the HTTP step tests need.</summary>
public sealed class KestrelFixture : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>The server's address, e.g. http://127.0.0.1:54321.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>What /echo received, by the value of its X-Test-Id header.</summary>
    public ConcurrentDictionary<string, EchoRecord> Echoes { get; } = new();

    /// <summary>Kestrel connection ids seen by /conn, by the value of its X-Test-Id header.</summary>
    public ConcurrentDictionary<string, ConcurrentBag<string>> Connections { get; } = new();

    public async Task InitializeAsync()
    {
        _app = LoopbackServer.Create();

        _app.MapGet("/ok", () => Results.Text("hello"));
        _app.MapGet("/created", () => Results.StatusCode(StatusCodes.Status201Created));
        _app.MapGet("/missing", () => Results.NotFound());
        _app.MapGet("/fail", () => Results.StatusCode(StatusCodes.Status500InternalServerError));
        _app.MapGet("/slow-body", async (HttpContext context) =>
        {
            await context.Response.StartAsync();
            await context.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromMilliseconds(400));
            await context.Response.Body.WriteAsync(new byte[64 * 1024]);
        });
        _app.MapGet("/conn", async (HttpContext context) =>
        {
            string id = context.Request.Headers["X-Test-Id"].ToString();
            Connections.GetOrAdd(id, _ => []).Add(context.Connection.Id);
            await Task.Delay(TimeSpan.FromMilliseconds(20));
            return Results.Ok();
        });
        _app.MapPost("/echo", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            string body = await reader.ReadToEndAsync();
            string id = context.Request.Headers["X-Test-Id"].ToString();
            Echoes[id] = new EchoRecord(
                context.Request.Method, body, context.Request.ContentType, context.Request.Headers["X-Custom"].ToString());
            return Results.Ok();
        });

        await _app.StartAsync();
        BaseAddress = LoopbackServer.AddressOf(_app);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }
}

/// <summary>One request as /echo saw it.</summary>
public sealed record EchoRecord(string Method, string Body, string? ContentType, string CustomHeader);
