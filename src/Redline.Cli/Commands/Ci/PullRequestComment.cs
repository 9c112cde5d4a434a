using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Redline.Cli.Commands.Ci;

/// <summary>
/// One comment per suite on a pull request, found again by a hidden marker and edited in place, so that a push does not
/// add a comment: GitHub's REST API (list the issue's comments, then PATCH the one with the marker or POST a new one).
/// </summary>
internal static class PullRequestComment
{
    private const int MaxPages = 30;

    /// <summary>The hidden marker of <paramref name="suite"/>'s comment.</summary>
    public static string Marker(string suite) => $"<!-- redline-ci suite={suite} -->";

    /// <summary>Creates or updates the comment; returns what happened, in words (the URL of the comment when there is one).</summary>
    /// <exception cref="HttpRequestException">The API refused or could not be reached.</exception>
    public static async Task<string> UpsertAsync(GitHubContext github, string suite, string body, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("redline", "0.1"));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        client.DefaultRequestHeaders.Add("X-GitHub-Api-Version", "2022-11-28");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", github.Token);
        var marker = Marker(suite);
        var text = marker + "\n" + body;
        var issue = $"{github.ApiUrl}/repos/{github.Repository}/issues/{github.PullRequest}";

        long? existing = null;
        for (var page = 1; page <= MaxPages && existing is null; page++)
        {
            using var response = await client.GetAsync(new Uri($"{issue}/comments?per_page=100&page={page}"), cancellationToken).ConfigureAwait(false);
            await EnsureAsync(response, "list the pull request's comments", cancellationToken).ConfigureAwait(false);
            var comments = await response.Content.ReadFromJsonAsync<JsonArray>(cancellationToken).ConfigureAwait(false) ?? [];
            existing = comments.FirstOrDefault(c => c?["body"]?.GetValue<string>().Contains(marker, StringComparison.Ordinal) == true)?["id"]?.GetValue<long>();
            if (comments.Count < 100)
            {
                break;
            }
        }

        var payload = JsonContent.Create(new JsonObject { ["body"] = text });
        using var written = existing is { } id
            ? await client.PatchAsync(new Uri($"{github.ApiUrl}/repos/{github.Repository}/issues/comments/{id}"), payload, cancellationToken).ConfigureAwait(false)
            : await client.PostAsync(new Uri($"{issue}/comments"), payload, cancellationToken).ConfigureAwait(false);
        await EnsureAsync(written, existing is null ? "create the comment" : "update the comment", cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(await written.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
        var url = document.RootElement.TryGetProperty("html_url", out var link) ? link.GetString() : null;
        return $"{(existing is null ? "created" : "updated")} the comment on pull request #{github.PullRequest}{(url is null ? "" : $": {url}")}";
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var detail = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            detail = JsonDocument.Parse(detail).RootElement.GetProperty("message").GetString() ?? detail;
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // Not GitHub's error shape: the body as it came, shortened.
            detail = detail.Length > 200 ? detail[..200] : detail;
        }

        throw new HttpRequestException($"could not {what}: {(int)response.StatusCode} {detail}", null, response.StatusCode);
    }
}
