using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Redline.Testing.Servers;

namespace Redline.Cli.Tests.Kinds.Flow;

/// <summary>
/// A real Kestrel service on loopback with a login that hands out tokens and a query that answers 401
/// unless it gets one of them, counting logins per user.
/// </summary>
internal sealed class FlowService : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly WebApplication _app;
    private int _logins;

    private FlowService(WebApplication app) => _app = app;

    /// <summary>The service's address.</summary>
    public Uri Address => LoopbackServer.AddressOf(_app);

    /// <summary>How many logins succeeded.</summary>
    public int Logins => Volatile.Read(ref _logins);

    /// <summary>How many queries were refused for want of a valid token.</summary>
    public int Refused { get; private set; }

    public static async Task<FlowService> StartAsync()
    {
        var app = LoopbackServer.Create();
        var service = new FlowService(app);
        app.MapPost("/api/auth/login", (Login login) => service.LogIn(login));
        app.MapPost("/api/experts/query", (HttpRequest request) => service.Query(request));
        app.MapGet("/api/items/{id:int}", (int id) => TypedResults.Json(new { id, name = $"item {id}" }));
        await app.StartAsync();
        return service;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private IResult LogIn(Login login)
    {
        if (login.Password != $"redline-{login.User}")
        {
            return TypedResults.Unauthorized();
        }

        var token = $"tok-{login.User}-{Interlocked.Increment(ref _logins)}";
        _tokens[token] = login.User;
        return TypedResults.Json(new { token, user = new { name = login.User, roles = new[] { "reader", "asker" } } }, statusCode: 200);
    }

    private IResult Query(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !_tokens.ContainsKey(header["Bearer ".Length..]))
        {
            Refused++;
            return TypedResults.Unauthorized();
        }

        request.HttpContext.Response.Headers["X-Answer-Id"] = "a-42";
        return TypedResults.Text("answer id=42 by expert-7", "text/plain");
    }

    internal sealed record Login(string User, string Password);
}
