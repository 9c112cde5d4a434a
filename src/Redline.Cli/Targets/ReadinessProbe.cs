using System.Globalization;
using System.Net.Sockets;

namespace Redline.Cli.Targets;

/// <summary>One way of asking whether a started service is ready: an HTTP path or a TCP port.</summary>
internal sealed class ReadinessProbe : IDisposable
{
    /// <summary>How long one attempt may take; a service that is starting often accepts and then stalls.</summary>
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(1);

    private readonly Uri? _url;
    private readonly string _host;
    private readonly int _port;
    private readonly HttpClient? _client;

    private ReadinessProbe(Uri? url, string host, int port)
    {
        _url = url;
        _host = host;
        _port = port;
        if (url is not null)
        {
            // No proxy: the service was just started here. No redirects: a 3xx already means ready.
            _client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
        }
    }

    /// <summary>What is probed, e.g. "GET http://127.0.0.1:8080/health" or "TCP 127.0.0.1:5432".</summary>
    public string Description => _url is not null ? $"GET {_url}" : $"TCP {_host}:{_port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Why the last attempt failed, or null before the first.</summary>
    public string? LastProblem { get; private set; }

    /// <summary>A probe for <paramref name="ready"/>: a path starting with '/' (appended to the base URL's path) or "tcp:PORT" on the base URL's host.</summary>
    public static ReadinessProbe Create(string ready, Uri baseUrl)
    {
        if (ready.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase))
        {
            if (!int.TryParse(ready.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                throw new ArgumentException($"ready '{ready}' must be 'tcp:' followed by a port from 1 to 65535.", nameof(ready));
            }

            return new ReadinessProbe(null, baseUrl.DnsSafeHost, port);
        }

        if (!ready.StartsWith('/'))
        {
            throw new ArgumentException($"ready '{ready}' must be a path starting with '/' or 'tcp:PORT'.", nameof(ready));
        }

        // Appended, not resolved: "http://h/api" + "/health" is "http://h/api/health", as request paths are.
        var url = new Uri(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/') + ready);
        return new ReadinessProbe(url, url.DnsSafeHost, url.Port);
    }

    /// <summary>One attempt; true when the service answered as ready, otherwise <see cref="LastProblem"/> says why.</summary>
    public async Task<bool> TryAsync(CancellationToken ct)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        attempt.CancelAfter(AttemptTimeout);
        try
        {
            return _client is not null ? await TryHttpAsync(_client, _url!, attempt.Token) : await TryTcpAsync(attempt.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            LastProblem = $"no answer within {NetworkProblem.Format(AttemptTimeout)}";
        }
        catch (Exception e) when (e is HttpRequestException or SocketException)
        {
            LastProblem = NetworkProblem.Describe(e, _host);
        }

        return false;
    }

    public void Dispose() => _client?.Dispose();

    private async Task<bool> TryHttpAsync(HttpClient client, Uri url, CancellationToken ct)
    {
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct);
        var status = (int)response.StatusCode;
        if (status is >= 200 and < 400)
        {
            return true;
        }

        LastProblem = $"status {status.ToString(CultureInfo.InvariantCulture)}";
        return false;
    }

    private async Task<bool> TryTcpAsync(CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_host, _port, ct);
        return true;
    }
}
