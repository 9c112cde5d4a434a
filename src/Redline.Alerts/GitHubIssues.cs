using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Redline.Alerts;

/// <summary>
/// An alert as a GitHub issue over the REST API: one open issue per alert, found again by a label carrying its
/// fingerprint, so a second firing comments on it instead of opening another; a resolve comments and closes it.
/// </summary>
internal sealed class GitHubIssues(HttpClient http, Uri api, string repository, string token)
{
    public async Task<Attempt> SendAsync(AlertNotice notice, CancellationToken cancellationToken)
    {
        var label = $"redline:{notice.Fingerprint[..12]}";
        using var search = Request(HttpMethod.Get, $"repos/{repository}/issues?state=open&labels={Uri.EscapeDataString(label)}&per_page=1", null);
        int? open;
        using (var response = await http.SendAsync(search, cancellationToken).ConfigureAwait(false))
        {
            if (!response.IsSuccessStatusCode)
            {
                return Refused(response, "search");
            }

            using var found = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            open = found.RootElement.ValueKind == JsonValueKind.Array && found.RootElement.GetArrayLength() > 0 ? found.RootElement[0].GetProperty("number").GetInt32() : null;
        }

        if (open is null && notice.Action == AlertNotice.Resolve)
        {
            // Nothing open to resolve (closed by hand, or never opened): nothing to do.
            return new Attempt(true, 200, false, null, null);
        }

        if (open is null)
        {
            var issue = Json(w =>
            {
                w.WriteString("title", $"[Redline] {notice.Rule.Name}: {notice.Rule.Condition.Text} ({notice.Suite}{(notice.Scenario is null ? "" : " / " + notice.Scenario)})");
                w.WriteString("body", Body(notice));
                w.WriteStartArray("labels");
                w.WriteStringValue("redline");
                w.WriteStringValue(label);
                w.WriteEndArray();
            });
            return await SendAsync(Request(HttpMethod.Post, $"repos/{repository}/issues", issue), "create", cancellationToken).ConfigureAwait(false);
        }

        var comment = Json(w => w.WriteString("body", Body(notice)));
        var commented = await SendAsync(Request(HttpMethod.Post, $"repos/{repository}/issues/{open}/comments", comment), "comment", cancellationToken).ConfigureAwait(false);
        if (!commented.Delivered || notice.Action != AlertNotice.Resolve)
        {
            return commented;
        }

        var close = Json(w =>
        {
            w.WriteString("state", "closed");
            w.WriteString("state_reason", "completed");
        });
        return await SendAsync(Request(HttpMethod.Patch, $"repos/{repository}/issues/{open}", close), "close", cancellationToken).ConfigureAwait(false);
    }

    private static string Body(AlertNotice notice) => $"""
        **{(notice.Action == AlertNotice.Trigger ? "Firing" : "Resolved")}** ({notice.Rule.Severity}): `{notice.Rule.Condition.Text}`

        {notice.Text}

        | suite | scenario | run | since |
        |---|---|---|---|
        | {notice.Suite} | {notice.Scenario ?? "the whole run"} | {notice.RunId} | {notice.StartsAt:u} |

        <!-- redline fingerprint {notice.Fingerprint} -->
        """;

    private async Task<Attempt> SendAsync(HttpRequestMessage request, string step, CancellationToken cancellationToken)
    {
        using (request)
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode ? new Attempt(true, (int)response.StatusCode, false, null, null) : Refused(response, step);
        }
    }

    private static Attempt Refused(HttpResponseMessage response, string step)
    {
        var status = (int)response.StatusCode;
        // GitHub's secondary rate limit answers 403 or 429 with Retry-After.
        var limited = status == 429 || (status == 403 && response.Headers.RetryAfter is not null);
        return new Attempt(false, status, limited || status >= 500, response.Headers.RetryAfter?.Delta, $"GitHub answered {status} {response.ReasonPhrase} to the issue {step}");
    }

    private HttpRequestMessage Request(HttpMethod method, string path, string? body)
    {
        var request = new HttpRequestMessage(method, new Uri(api, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github+json"));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
