using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Redline.Testing.Servers;

/// <summary>
/// GitHub's issues API as far as an alert notifier uses it, on a real loopback server: list open issues by label,
/// create one, comment on one, close one. Keeps the issues, each with its comments, and every request's headers.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeGitHub(WebApplication app) => _app = app;

    /// <summary>The API's address, e.g. http://127.0.0.1:54321/.</summary>
    public Uri Url => LoopbackServer.AddressOf(_app);

    /// <summary>The issues, by number.</summary>
    public ConcurrentDictionary<int, FakeIssue> Issues { get; } = new();

    /// <summary>Each request's method, path and Authorization header.</summary>
    public ConcurrentQueue<(string Method, string Path, string Authorization)> Requests { get; } = new();

    public static async Task<FakeGitHub> StartAsync()
    {
        var app = LoopbackServer.Create();
        var github = new FakeGitHub(app);
        app.Use(async (context, next) =>
        {
            github.Requests.Enqueue((context.Request.Method, context.Request.Path + context.Request.QueryString, context.Request.Headers.Authorization.ToString()));
            await next(context);
        });
        app.MapGet("/repos/{owner}/{name}/issues", (HttpContext context) =>
        {
            var label = context.Request.Query["labels"].ToString();
            var open = github.Issues.Values.Where(i => i.State == "open" && i.Labels.Contains(label)).OrderBy(i => i.Number).Select(i => new { number = i.Number, title = i.Title });
            return Results.Json(open);
        });
        app.MapPost("/repos/{owner}/{name}/issues", async (HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!;
            var number = github.Issues.Count + 1;
            github.Issues[number] = new FakeIssue(number, body["title"]!.GetValue<string>(), body["body"]!.GetValue<string>(), [.. body["labels"]!.AsArray().Select(l => l!.GetValue<string>())]);
            return Results.Json(new { number }, statusCode: 201);
        });
        app.MapPost("/repos/{owner}/{name}/issues/{number:int}/comments", async (int number, HttpContext context) =>
        {
            var body = (await JsonNode.ParseAsync(context.Request.Body))!;
            github.Issues[number].Comments.Enqueue(body["body"]!.GetValue<string>());
            return Results.Json(new { id = 1 }, statusCode: 201);
        });
        app.MapPatch("/repos/{owner}/{name}/issues/{number:int}", async (int number, HttpContext context) =>
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body);
            github.Issues[number].State = body.RootElement.GetProperty("state").GetString()!;
            return Results.Json(new { number });
        });
        await app.StartAsync();
        return github;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>An issue the fake holds.</summary>
public sealed class FakeIssue(int number, string title, string body, IReadOnlyList<string> labels)
{
    public int Number { get; } = number;

    public string Title { get; } = title;

    public string Body { get; } = body;

    public IReadOnlyList<string> Labels { get; } = labels;

    public string State { get; set; } = "open";

    public ConcurrentQueue<string> Comments { get; } = new();
}
