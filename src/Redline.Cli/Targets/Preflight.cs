namespace Redline.Cli.Targets;

/// <summary>Whether the target answered before a run, and if not, why.</summary>
/// <param name="Ok">True when the target sent any HTTP response.</param>
/// <param name="Message">What was checked and, on failure, the reason, as a sentence fragment without a final period.</param>
internal sealed record PreflightResult(bool Ok, string Message);

/// <summary>Checks that a target answers at all before load is sent to it.</summary>
internal static class Preflight
{
    /// <summary>
    /// GETs <paramref name="baseUrl"/>; any HTTP status counts as an answer, since the base URL
    /// itself need not be a valid route. Fails with "connection refused", "timed out after 5s",
    /// "could not resolve host 'x'" and the like.
    /// </summary>
    public static async Task<PreflightResult> CheckAsync(Uri baseUrl, TimeSpan timeout, CancellationToken ct)
    {
        // No proxy and no redirects: the load itself goes straight to the target.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await client.GetAsync(baseUrl, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return new PreflightResult(true, $"{baseUrl} answered with status {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Failed(baseUrl, $"timed out after {NetworkProblem.Format(timeout)}");
        }
        catch (HttpRequestException e)
        {
            return Failed(baseUrl, NetworkProblem.Describe(e, baseUrl.IdnHost));
        }
    }

    private static PreflightResult Failed(Uri baseUrl, string reason) =>
        new(false, $"{baseUrl} did not answer: {reason}");
}
