using System.Globalization;
using Xunit;

namespace Redline.Testing.Servers;

/// <summary>Reads a server-sent event stream as a browser does: fields until a blank line make one event.</summary>
public sealed class EventStreamReader : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private EventStreamReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static async Task<EventStreamReader> OpenAsync(HttpClient client, long? lastEventId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/events");
        if (lastEventId is { } last)
        {
            request.Headers.Add("Last-Event-ID", last.ToString(CultureInfo.InvariantCulture));
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new EventStreamReader(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The next event; throws when the stream ends, and fails when none comes within ten seconds.</summary>
    public async Task<(long Id, string Type, string Data)> NextAsync() =>
        await NextOrEndAsync() ?? throw new InvalidOperationException("the stream ended");

    /// <summary>The next event, or null when the server ended the stream.</summary>
    public async Task<(long Id, string Type, string Data)?> NextOrEndAsync()
    {
        using var limit = new CancellationTokenSource(Wait);
        var (id, type, data) = (0L, "message", "");
        var any = false;
        while (await _reader.ReadLineAsync(limit.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (any && data.Length > 0)
                {
                    return (id, type, data);
                }

                continue;
            }

            any = true;
            if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = long.Parse(line[4..], CultureInfo.InvariantCulture);
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data += line[6..];
            }
        }

        return null;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
