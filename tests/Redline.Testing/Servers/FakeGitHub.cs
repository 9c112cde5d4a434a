using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Redline.Testing.Servers;

/// <summary>
/// GitHub's issues API as far as an alert notifier and <c>redline ci</c> use it, on a real loopback server: list open
/// issues by label, create one, comment on one (a pull request is an issue), list an issue's comments a page at a time,
/// edit a comment, close an issue. Keeps the issues, each with its comments, and every request's headers.
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

    /// <summary>Every comment by id, with the issue it is on and its current body.</summary>
    public ConcurrentDictionary<long, (int Issue, string Body)> Comments { get; } = new();

    /// <summary>When set, creating or editing a comment is refused with 403, as for a token without write access.</summary>
    public bool RefuseWrites { get; set; }

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
            if (github.RefuseWrites)
            {
                return Results.Json(new { message = "Resource not accessible by integration" }, statusCode: 403);
            }

            var body = (await JsonNode.ParseAsync(context.Request.Body))!["body"]!.GetValue<string>();
            github.Issues.GetOrAdd(number, n => new FakeIssue(n, $"pull request {n}", "", [])).Comments.Enqueue(body);
            var id = 1000L + github.Comments.Count;
            github.Comments[id] = (number, body);
            return Results.Json(new { id, html_url = $"https://github.example/issues/{number}#issuecomment-{id}" }, statusCode: 201);
        });
        app.MapGet("/repos/{owner}/{name}/issues/{number:int}/comments", (int number, HttpContext context) =>
        {
            var size = Math.Clamp(int.TryParse(context.Request.Query["per_page"], out var asked) ? asked : 30, 1, 100);
            var page = int.TryParse(context.Request.Query["page"], out var p) ? p : 1;
            var onIssue = github.Comments.Where(c => c.Value.Issue == number).OrderBy(c => c.Key).Skip((page - 1) * size).Take(size);
            return Results.Json(onIssue.Select(c => new { id = c.Key, body = c.Value.Body }));
        });
        app.MapMethods("/repos/{owner}/{name}/issues/comments/{id:long}", ["PATCH"], async (long id, HttpContext context) =>
        {
            if (github.RefuseWrites)
            {
                return Results.Json(new { message = "Resource not accessible by integration" }, statusCode: 403);
            }

            if (!github.Comments.TryGetValue(id, out var comment))
            {
                return Results.Json(new { message = "Not Found" }, statusCode: 404);
            }

            github.Comments[id] = (comment.Issue, (await JsonNode.ParseAsync(context.Request.Body))!["body"]!.GetValue<string>());
            return Results.Json(new { id, html_url = $"https://github.example/issues/{comment.Issue}#issuecomment-{id}" });
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
