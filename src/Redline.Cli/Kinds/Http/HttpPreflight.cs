using Redline.Cli.Targets;
using Redline.Engine;
using Redline.Protocols.Http;

namespace Redline.Cli.Kinds.Http;

/// <summary>Checks that an HTTP target answers at all before load is sent to it.</summary>
internal static class HttpPreflight
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

    /// <summary>
    /// Sends the check's request once more through the run's own HTTP client, on a connection of
    /// its own that is closed afterwards, so that the client's code is compiled before the run's
    /// clock starts (with the engine's, that compilation made the first second's arrivals start up
    /// to 90 ms late). Its answer, whatever it is, is not part of the run.
    /// </summary>
    public static async Task WarmAsync(Uri baseUrl, HttpTargetOptions options, TimeSpan timeout, CancellationToken ct)
    {
        using var target = new HttpTarget(baseUrl, options);
        var step = target.CreateStep(HttpRequestSpec.Get("/") with { Timeout = timeout });
        _ = await step(new StepContext("preflight", 0, 0, new Random(0)), ct).ConfigureAwait(false);
    }

    private static PreflightResult Failed(Uri baseUrl, string reason) =>
        new(false, $"{baseUrl} did not answer: {reason}");
}
