using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Threading.Channels;
using Redline.Engine;

namespace Redline.Alerts;

/// <summary>
/// Delivers notices to their notifiers on a task of its own, so that a slow receiver never holds up the run. Each
/// delivery is retried on 429 (after its Retry-After, at most <see cref="MaxRetryAfter"/>), on 5xx and on a failed
/// connection, with backoff, at most <see cref="MaxAttempts"/> times; a delivery that fails is recorded, never fatal.
/// Secrets come from environment variables and stay out of every record and message.
/// </summary>
public sealed class AlertDispatcher : IAsyncDisposable
{
    /// <summary>Attempts per delivery.</summary>
    public const int MaxAttempts = 4;

    /// <summary>The longest Retry-After honoured.</summary>
    public static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyDictionary<string, NotifierSpec> _notifiers;
    private readonly Func<string, string?> _environment;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly Channel<(AlertNotice Notice, Action<AlertDelivery> Record)> _queue = Channel.CreateUnbounded<(AlertNotice, Action<AlertDelivery>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private int _pending;

    /// <summary>A dispatcher over <paramref name="notifiers"/>, reading secrets through <paramref name="environment"/>.</summary>
    public AlertDispatcher(IReadOnlyDictionary<string, NotifierSpec> notifiers, Func<string, string?> environment, TimeProvider time)
    {
        _notifiers = notifiers;
        _environment = environment;
        _time = time;
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("redline", "0.1"));
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Queues <paramref name="notice"/> for each of its rule's notifiers; <paramref name="record"/> hears how each delivery ended.</summary>
    public void Post(AlertNotice notice, Action<AlertDelivery> record)
    {
        ArgumentNullException.ThrowIfNull(notice);
        Interlocked.Increment(ref _pending);
        _queue.Writer.TryWrite((notice, record));
    }

    /// <summary>Waits until every queued notice was delivered or given up, at most <paramref name="limit"/>.</summary>
    public async Task DrainAsync(TimeSpan limit)
    {
        var deadline = _time.GetUtcNow() + limit;
        while (Volatile.Read(ref _pending) > 0 && _time.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        _http.Dispose();
        _stop.Dispose();
    }

    private async Task PumpAsync()
    {
        await foreach (var (notice, record) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            foreach (var channel in notice.Rule.Notification)
            {
                AlertDelivery delivery;
                try
                {
                    delivery = await DeliverAsync(channel, notice, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    delivery = new AlertDelivery(channel, _notifiers.GetValueOrDefault(channel)?.Type ?? "unknown", notice.Action, false, 0, null, "Redline exited before it was sent", _time.GetUtcNow());
                }
#pragma warning disable CA1031 // A delivery's failure of any kind is recorded, never fatal: the next notices still go out.
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    delivery = new AlertDelivery(channel, _notifiers.GetValueOrDefault(channel)?.Type ?? "unknown", notice.Action, false, 1, null, $"{exception.GetType().Name}: {exception.Message}", _time.GetUtcNow());
                }

                record(delivery);
            }

            Interlocked.Decrement(ref _pending);
        }
    }

    private async Task<AlertDelivery> DeliverAsync(string channel, AlertNotice notice, CancellationToken cancellationToken)
    {
        if (!_notifiers.TryGetValue(channel, out var notifier))
        {
            return Failed(channel, "unknown", notice, 0, null, $"no notifier named '{channel}' under notifiers:");
        }

        var send = Sender(notifier, notice, out var problem);
        if (send is null)
        {
            return Failed(channel, notifier.Type, notice, 0, null, problem!);
        }

        int? status = null;
        string? error = null;
        var backoff = FirstBackoff;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            Attempt outcome;
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                limit.CancelAfter(AttemptTimeout);
                try
                {
                    outcome = await send(limit.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    outcome = new Attempt(false, null, true, null, $"no answer within {AttemptTimeout.TotalSeconds:0} s");
                }
            }

            status = outcome.Status ?? status;
            error = outcome.Error;
            if (outcome.Delivered)
            {
                return new AlertDelivery(channel, notifier.Type, notice.Action, true, attempt, status, null, _time.GetUtcNow());
            }

            if (!outcome.Retry)
            {
                return Failed(channel, notifier.Type, notice, attempt, status, error ?? "refused");
            }

            if (attempt < MaxAttempts)
            {
                var wait = outcome.After is { } after && after > TimeSpan.Zero ? (after < MaxRetryAfter ? after : MaxRetryAfter) : backoff;
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                backoff *= 2;
            }
        }

        return Failed(channel, notifier.Type, notice, MaxAttempts, status, error ?? "not delivered");
    }

    private AlertDelivery Failed(string channel, string type, AlertNotice notice, int attempts, int? status, string error) =>
        new(channel, type, notice.Action, false, attempts, status, error, _time.GetUtcNow());

    /// <summary>
    /// One attempt's sender for <paramref name="notice"/> to <paramref name="notifier"/>, or null with the reason (an
    /// unset secret, no address). Every attempt builds its requests afresh.
    /// </summary>
    private Func<CancellationToken, Task<Attempt>>? Sender(NotifierSpec notifier, AlertNotice notice, out string? problem)
    {
        problem = null;
        var url = notifier.Url ?? NotifierSpec.DefaultUrl(notifier.Type);
        if (notifier.UrlEnv is { } urlVariable)
        {
            var text = _environment(urlVariable);
            if (string.IsNullOrEmpty(text) || !Uri.TryCreate(text, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https"))
            {
                problem = $"${urlVariable} is {(string.IsNullOrEmpty(text) ? "not set" : "not an http(s) address")}";
                return null;
            }
        }

        string? secret = null;
        if (notifier.SecretEnv is { } secretVariable)
        {
            secret = _environment(secretVariable);
            if (string.IsNullOrEmpty(secret))
            {
                problem = $"${secretVariable} is not set";
                return null;
            }
        }

        if (notifier.Type == "email")
        {
            return token => EmailSender.SendAsync(notifier, notice, secret, token);
        }

        if (url is null)
        {
            problem = "no address: give url or url_env";
            return null;
        }

        switch (notifier.Type)
        {
            case "webhook":
                return Post(url, AlertPayloads.Webhook(notice, notifier.Name), secret);
            case "slack":
                return Post(url, AlertPayloads.Slack(notice), null);
            case "pagerduty" when secret is not null:
                return Post(url, AlertPayloads.PagerDuty(notice, secret), null);
            case "github_issue" when secret is not null && notifier.Repository is { } repository:
                var issues = new GitHubIssues(_http, url, repository, secret);
                return token => issues.SendAsync(notice, token);
            default:
                problem = $"{notifier.Type} needs {(notifier.Type == "github_issue" ? "repository and token_env" : "routing_key_env")}";
                return null;
        }
    }

    private Func<CancellationToken, Task<Attempt>> Post(Uri url, string body, string? bearer) => async token =>
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await Http.SendAsync(_http, message, _time, token).ConfigureAwait(false);
    };
}

/// <summary>One attempt's outcome: delivered, or whether another attempt may help and after how long.</summary>
/// <param name="Delivered">The receiver accepted it.</param>
/// <param name="Status">Its HTTP status or SMTP reply code, when it answered.</param>
/// <param name="Retry">True for what may pass later: 429, 5xx, a failed connection, a transient SMTP reply.</param>
/// <param name="After">How long the receiver asked to wait (Retry-After).</param>
/// <param name="Error">Why it was not delivered, naming the host at most: never an address's path or a secret.</param>
internal readonly record struct Attempt(bool Delivered, int? Status, bool Retry, TimeSpan? After, string? Error);

/// <summary>One HTTP call as an attempt.</summary>
internal static class Http
{
    public static async Task<Attempt> SendAsync(HttpClient http, HttpRequestMessage message, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return new Attempt(true, status, false, null, null);
            }

            var after = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - time.GetUtcNow() : null);
            var retry = response.StatusCode == HttpStatusCode.TooManyRequests || status >= 500;
            return new Attempt(false, status, retry, after, $"{message.RequestUri?.Host} answered {status} {response.ReasonPhrase}");
        }
        catch (HttpRequestException exception)
        {
            // The message names the host at most; the address and its secrets stay out.
            return new Attempt(false, null, true, null, $"could not reach {message.RequestUri?.Host}: {exception.HttpRequestError}");
        }
    }
}
