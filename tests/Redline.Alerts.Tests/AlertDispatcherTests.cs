using System.Diagnostics;
using System.Text.Json;
using Redline.Engine;
using Redline.Testing.Servers;

namespace Redline.Alerts.Tests;

/// <summary>Delivery to real receivers: retries on 429 and 5xx, no retry on other refusals, secrets kept out, each receiver's format.</summary>
public sealed class AlertDispatcherTests
{
    private static readonly AlertRule Rule = new("high_errors", AlertCondition.TryParse("error_rate > 5% for 2m", out _)!, "critical", ["pd"]);

    [Fact]
    public async Task Deliver_TooManyRequestsWithRetryAfterThenAServerError_RetriesUntilAccepted()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.Answer("/pd", (429, "1"), (503, null));
        var (delivery, elapsed) = await DeliverOne(receiver, Trigger);

        Assert.True(delivery.Delivered, delivery.ToString());
        Assert.Equal((3, 200), (delivery.Attempts, delivery.Status));
        // One second for Retry-After, then half a second of backoff after the 503.
        Assert.InRange(elapsed.TotalSeconds, 1.4, 8);
        Assert.Equal(3, receiver.Calls.Count);
    }

    [Fact]
    public async Task Deliver_ARefusalOtherThan429_IsNotRetriedAndIsRecordedNotThrown()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.Answer("/pd", (400, null));

        var (delivery, _) = await DeliverOne(receiver, Trigger);

        Assert.False(delivery.Delivered);
        Assert.Equal((1, 400), (delivery.Attempts, delivery.Status));
        Assert.Contains("answered 400", delivery.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_ServerErrorsEveryTime_GivesUpAfterTheLastAttempt()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        receiver.Answer("/pd", (500, null), (500, null), (500, null), (500, null));

        var (delivery, _) = await DeliverOne(receiver, Trigger);

        Assert.False(delivery.Delivered);
        Assert.Equal(AlertDispatcher.MaxAttempts, delivery.Attempts);
        Assert.Equal(AlertDispatcher.MaxAttempts, receiver.Calls.Count);
    }

    [Fact]
    public async Task Deliver_PagerDuty_TriggerAndResolveShareTheDedupKeyAndTheRoutingKeyStaysOutOfTheRecord()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        await DeliverOne(receiver, Trigger);
        var (resolved, _) = await DeliverOne(receiver, Trigger with { Action = AlertNotice.Resolve, EndsAt = Trigger.StartsAt.AddMinutes(3) });

        var bodies = receiver.Calls.Select(c => JsonDocument.Parse(c.Body).RootElement).ToList();
        Assert.Equal(["trigger", "resolve"], bodies.Select(b => b.GetProperty("event_action").GetString()));
        Assert.All(bodies, b => Assert.Equal(RoutingKey, b.GetProperty("routing_key").GetString()));
        Assert.Equal(bodies[0].GetProperty("dedup_key").GetString(), bodies[1].GetProperty("dedup_key").GetString());
        Assert.Equal(64, bodies[0].GetProperty("dedup_key").GetString()!.Length);
        var payload = bodies[0].GetProperty("payload");
        Assert.Equal("critical", payload.GetProperty("severity").GetString());
        Assert.Equal("redline/suite-a", payload.GetProperty("source").GetString());
        Assert.StartsWith("[FIRING:critical] high_errors: error_rate > 5% for 2m, value 12%", payload.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.False(bodies[1].TryGetProperty("payload", out _));
        Assert.DoesNotContain(RoutingKey, resolved.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_NoReceiverListening_IsRecordedWithTheHostOnly()
    {
        var port = FreePort();
        var notifiers = new Dictionary<string, NotifierSpec>(StringComparer.Ordinal) { ["slack"] = new NotifierSpec("slack", "slack") { UrlEnv = "SLACK_URL" } };
        var secretUrl = $"http://127.0.0.1:{port}/services/T000/B000/XXXXsecretXXXX";
        await using var dispatcher = new AlertDispatcher(notifiers, name => name == "SLACK_URL" ? secretUrl : null, TimeProvider.System);
        var delivered = new TaskCompletionSource<AlertDelivery>();

        dispatcher.Post(Trigger with { Rule = Rule with { Notification = ["slack"] } }, d => delivered.TrySetResult(d));
        var delivery = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(delivery.Delivered);
        Assert.Contains("could not reach 127.0.0.1", delivery.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", delivery.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_SecretVariableUnset_IsRecordedAsSuchWithoutSending()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var notifiers = new Dictionary<string, NotifierSpec>(StringComparer.Ordinal) { ["pd"] = new NotifierSpec("pd", "pagerduty") { Url = new Uri(receiver.Url, "pd"), SecretEnv = "PD_KEY" } };
        await using var dispatcher = new AlertDispatcher(notifiers, _ => null, TimeProvider.System);
        var delivered = new TaskCompletionSource<AlertDelivery>();

        dispatcher.Post(Trigger, d => delivered.TrySetResult(d));
        var delivery = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal((false, 0, "$PD_KEY is not set"), (delivery.Delivered, delivery.Attempts, delivery.Error));
        Assert.Empty(receiver.Calls);
    }

    [Fact]
    public async Task Deliver_Email_ReachesTheSmtpServerAndATransientRefusalIsRetried()
    {
        await using var sink = new SmtpSink();
        sink.Refuse("451 4.3.0 try again later");
        var notifiers = new Dictionary<string, NotifierSpec>(StringComparer.Ordinal)
        {
            ["email"] = new NotifierSpec("email", "email") { Smtp = sink.Address, From = "redline@example.com", To = ["oncall@example.com", "perf@example.com"] },
        };
        await using var dispatcher = new AlertDispatcher(notifiers, _ => null, TimeProvider.System);
        var delivered = new TaskCompletionSource<AlertDelivery>();

        dispatcher.Post(Trigger with { Rule = Rule with { Notification = ["email"] } }, d => delivered.TrySetResult(d));
        var delivery = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(delivery.Delivered, delivery.ToString());
        Assert.Equal(2, delivery.Attempts);
        var message = Assert.Single(sink.Messages);
        Assert.Equal("redline@example.com", message.From);
        Assert.Equal(["oncall@example.com", "perf@example.com"], message.To);
        Assert.Contains("Subject: [FIRING:critical] high_errors: error_rate > 5% for 2m, value 12%", message.Data, StringComparison.Ordinal);
        Assert.Contains("condition: error_rate > 5% for 2m", message.Data, StringComparison.Ordinal);
        Assert.Contains($"X-Redline-Fingerprint: {Trigger.Fingerprint}", message.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deliver_GitHubIssue_OneOpenIssuePerAlertCommentedOnAgainAndClosedOnResolve()
    {
        await using var github = await FakeGitHub.StartAsync();
        var notifiers = new Dictionary<string, NotifierSpec>(StringComparer.Ordinal)
        {
            ["github_issue"] = new NotifierSpec("github_issue", "github_issue") { Url = github.Url, Repository = "acme/shop", SecretEnv = "GITHUB_TOKEN" },
        };
        await using var dispatcher = new AlertDispatcher(notifiers, name => name == "GITHUB_TOKEN" ? "ghp_s3cret" : null, TimeProvider.System);
        var notice = Trigger with { Rule = Rule with { Notification = ["github_issue"] } };
        var deliveries = new List<AlertDelivery>();

        dispatcher.Post(notice, deliveries.Add);
        dispatcher.Post(notice, deliveries.Add);
        dispatcher.Post(notice with { Action = AlertNotice.Resolve, EndsAt = notice.StartsAt.AddMinutes(5) }, deliveries.Add);
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(3, deliveries.Count);
        Assert.All(deliveries, d => Assert.True(d.Delivered, d.ToString()));
        var issue = Assert.Single(github.Issues.Values);
        Assert.Equal("[Redline] high_errors: error_rate > 5% for 2m (suite-a / s)", issue.Title);
        Assert.Contains("redline", issue.Labels);
        Assert.Contains($"redline:{notice.Fingerprint[..12]}", issue.Labels);
        Assert.Equal(2, issue.Comments.Count);
        Assert.StartsWith("**Resolved**", issue.Comments.Last(), StringComparison.Ordinal);
        Assert.Equal("closed", issue.State);
        Assert.All(github.Requests, r => Assert.Equal("Bearer ghp_s3cret", r.Authorization));
        Assert.DoesNotContain(deliveries, d => d.ToString().Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deliver_GitHubUnreachable_IsRecordedAndTheNextNoticesStillGoOut()
    {
        await using var receiver = await AlertReceiver.StartAsync();
        var notifiers = new Dictionary<string, NotifierSpec>(StringComparer.Ordinal)
        {
            ["github_issue"] = new NotifierSpec("github_issue", "github_issue") { Url = new Uri($"http://127.0.0.1:{FreePort()}/"), Repository = "acme/shop", SecretEnv = "GITHUB_TOKEN" },
            ["ops"] = new NotifierSpec("ops", "webhook") { Url = new Uri(receiver.Url, "hook") },
        };
        await using var dispatcher = new AlertDispatcher(notifiers, _ => "t0ken", TimeProvider.System);
        var deliveries = new List<AlertDelivery>();

        dispatcher.Post(Trigger with { Rule = Rule with { Notification = ["github_issue", "ops"] } }, deliveries.Add);
        dispatcher.Post(Trigger with { Rule = Rule with { Notification = ["ops"] }, Action = AlertNotice.Resolve }, deliveries.Add);
        await dispatcher.DrainAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(["github_issue", "ops", "ops"], deliveries.Select(d => d.Channel));
        Assert.False(deliveries[0].Delivered);
        Assert.True(deliveries[1].Delivered && deliveries[2].Delivered);
        Assert.Equal(2, receiver.Calls.Count);
    }

    private const string RoutingKey = "r0ut1ngk3yr0ut1ngk3yr0ut1ngk3y00";

    private static readonly AlertNotice Trigger = new(Rule, AlertNotice.Trigger, "suite-a", "run-7", "s", 12, new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero), null, "held from second 0 to 120");

    private static async Task<(AlertDelivery Delivery, TimeSpan Elapsed)> DeliverOne(AlertReceiver receiver, AlertNotice notice)
    {
        var notifiers = new Dictionary<string, NotifierSpec>(StringComparer.Ordinal) { ["pd"] = new NotifierSpec("pd", "pagerduty") { Url = new Uri(receiver.Url, "pd"), SecretEnv = "PD_KEY" } };
        await using var dispatcher = new AlertDispatcher(notifiers, name => name == "PD_KEY" ? RoutingKey : null, TimeProvider.System);
        var delivered = new TaskCompletionSource<AlertDelivery>();
        var clock = Stopwatch.StartNew();
        dispatcher.Post(notice, d => delivered.TrySetResult(d));
        var delivery = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return (delivery, clock.Elapsed);
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
