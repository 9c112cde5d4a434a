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

        var request = Build(notifier, notice, out var problem);
        if (request is null)
        {
            return Failed(channel, notifier.Type, notice, 0, null, problem!);
        }

        int? status = null;
        string? error = null;
        var backoff = FirstBackoff;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            TimeSpan? retryAfter = null;
            using (var message = request())
            using (var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                limit.CancelAfter(AttemptTimeout);
                try
                {
                    using var response = await _http.SendAsync(message, limit.Token).ConfigureAwait(false);
                    status = (int)response.StatusCode;
                    if (response.IsSuccessStatusCode)
                    {
                        return new AlertDelivery(channel, notifier.Type, notice.Action, true, attempt, status, null, _time.GetUtcNow());
                    }

                    error = $"{notifier.Type} answered {status} {response.ReasonPhrase}";
                    if (response.StatusCode != HttpStatusCode.TooManyRequests && status < 500)
                    {
                        return Failed(channel, notifier.Type, notice, attempt, status, error);
                    }

                    retryAfter = response.Headers.RetryAfter?.Delta ?? (response.Headers.RetryAfter?.Date is { } date ? date - _time.GetUtcNow() : null);
                }
                catch (HttpRequestException exception)
                {
                    // The message names the host at most; the address and its secrets stay out.
                    error = $"could not reach {message.RequestUri?.Host}: {exception.HttpRequestError}";
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    error = $"no answer from {message.RequestUri?.Host} within {AttemptTimeout.TotalSeconds:0} s";
                }
            }

            if (attempt < MaxAttempts)
            {
                var wait = retryAfter is { } after && after > TimeSpan.Zero ? (after < MaxRetryAfter ? after : MaxRetryAfter) : backoff;
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
                backoff *= 2;
            }
        }

        return Failed(channel, notifier.Type, notice, MaxAttempts, status, error ?? "not delivered");
    }

    private AlertDelivery Failed(string channel, string type, AlertNotice notice, int attempts, int? status, string error) =>
        new(channel, type, notice.Action, false, attempts, status, error, _time.GetUtcNow());

    /// <summary>A factory of the request for <paramref name="notice"/> (a new message per attempt), or null with the reason.</summary>
    private Func<HttpRequestMessage>? Build(NotifierSpec notifier, AlertNotice notice, out string? problem)
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

        if (url is null)
        {
            problem = "no address: give url or url_env";
            return null;
        }

        string body;
        switch (notifier.Type)
        {
            case "webhook":
                body = AlertPayloads.Webhook(notice, notifier.Name);
                break;
            case "slack":
                body = AlertPayloads.Slack(notice);
                break;
            case "pagerduty":
                if (secret is null)
                {
                    problem = "pagerduty needs routing_key_env";
                    return null;
                }

                body = AlertPayloads.PagerDuty(notice, secret);
                secret = null;
                break;
            default:
                problem = $"{notifier.Type} notifiers are not delivered by this version of Redline";
                return null;
        }

        var target = url;
        var bearer = secret;
        return () =>
        {
            var message = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            if (bearer is not null)
            {
                message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
            }

            return message;
        };
    }
}
