using System.Net;
using System.Text.Json;

namespace Redline.Cli.Chaos;

/// <summary>The HTTP calls service faults are made of: the reference deployment's admin endpoints and a user's hooks, on loopback only.</summary>
internal static class ServiceCalls
{
    /// <summary>How long one call may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = Timeout };

    /// <summary>Sends <paramref name="method"/> to <paramref name="url"/>; the status and the body's text.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> SendAsync(string method, Uri url, CancellationToken cancellationToken)
    {
        if (!IsLoopback(url))
        {
            throw new InvalidOperationException($"{url} is not on loopback");
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        using var response = await Client.SendAsync(request, cancellationToken).ConfigureAwait(false);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>The JSON answer of <c>GET url</c>; throws <see cref="HttpRequestException"/> on a status that is not a success.</summary>
    public static async Task<JsonDocument> GetJsonAsync(Uri url, CancellationToken cancellationToken)
    {
        var (status, body) = await SendAsync("GET", url, cancellationToken).ConfigureAwait(false);
        return (int)status is >= 200 and < 300
            ? JsonDocument.Parse(body)
            : throw new HttpRequestException($"GET {url} answered {(int)status}", null, status);
    }

    /// <summary>Makes a revert call of a lease whose run is gone; what happened, in words.</summary>
    public static string Revert(LeaseCall call)
    {
        try
        {
            var (status, _) = SendAsync(call.Method, new Uri(call.Url), CancellationToken.None).GetAwaiter().GetResult();
            return $"called {call.Method} {call.Url}: {(int)status}";
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or InvalidOperationException or UriFormatException)
        {
            return $"could not call {call.Method} {call.Url} ({exception.Message}); the service it reverts is likely gone with its fault";
        }
    }

    /// <summary>Whether <paramref name="url"/> is plain HTTP on loopback.</summary>
    public static bool IsLoopback(Uri url) => url.IsLoopback && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps);
}
