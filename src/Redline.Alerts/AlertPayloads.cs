using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Redline.Alerts;

/// <summary>The bodies each receiver expects, built from a notice. None carries a secret: those go in headers or the address.</summary>
public static class AlertPayloads
{
    /// <summary>Alertmanager's webhook format (version 4): one alert in a group keyed by its name.</summary>
    public static string Webhook(AlertNotice notice, string receiver)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var status = notice.Action == AlertNotice.Trigger ? "firing" : "resolved";
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("version", "4");
            w.WriteString("groupKey", $"{{}}:{{alertname=\"{notice.Rule.Name}\"}}");
            w.WriteNumber("truncatedAlerts", 0);
            w.WriteString("status", status);
            w.WriteString("receiver", receiver);
            w.WriteStartObject("groupLabels");
            w.WriteString("alertname", notice.Rule.Name);
            w.WriteEndObject();
            Map(w, "commonLabels", notice.Labels);
            Map(w, "commonAnnotations", Annotations(notice));
            w.WriteString("externalURL", "");
            w.WriteStartArray("alerts");
            w.WriteStartObject();
            w.WriteString("status", status);
            Map(w, "labels", notice.Labels);
            Map(w, "annotations", Annotations(notice));
            w.WriteString("startsAt", Rfc3339(notice.StartsAt));
            w.WriteString("endsAt", notice.EndsAt is { } ends ? Rfc3339(ends) : "0001-01-01T00:00:00Z");
            w.WriteString("generatorURL", "");
            w.WriteString("fingerprint", notice.Fingerprint[..16]);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>A Slack incoming webhook's message: a plain-text fallback and one section block.</summary>
    public static string Slack(AlertNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("text", notice.Summary);
            w.WriteStartArray("blocks");
            w.WriteStartObject();
            w.WriteString("type", "section");
            w.WriteStartObject("text");
            w.WriteString("type", "mrkdwn");
            var head = notice.Action == AlertNotice.Trigger ? $"*[FIRING:{notice.Rule.Severity}] {notice.Rule.Name}*" : $"*[RESOLVED] {notice.Rule.Name}*";
            w.WriteString("text", $"{head}\n`{notice.Rule.Condition.Text}`\n{notice.Text}");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    /// <summary>
    /// PagerDuty's Events API v2: trigger with a summary, source, severity and details, or resolve; both under the same
    /// dedup_key, so that the resolve closes the incident the trigger opened.
    /// </summary>
    public static string PagerDuty(AlertNotice notice, string routingKey)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return Json(w =>
        {
            w.WriteStartObject();
            w.WriteString("routing_key", routingKey);
            w.WriteString("event_action", notice.Action);
            w.WriteString("dedup_key", notice.Fingerprint);
            if (notice.Action == AlertNotice.Trigger)
            {
                w.WriteStartObject("payload");
                w.WriteString("summary", notice.Summary.Length > 1024 ? notice.Summary[..1024] : notice.Summary);
                w.WriteString("source", $"redline/{notice.Suite}");
                w.WriteString("severity", notice.Rule.Severity);
                w.WriteString("timestamp", Rfc3339(notice.StartsAt));
                w.WriteString("component", notice.Scenario);
                w.WriteString("group", notice.Suite);
                w.WriteString("class", notice.Rule.Name);
                w.WriteStartObject("custom_details");
                w.WriteString("condition", notice.Rule.Condition.Text);
                if (notice.Value is { } value && double.IsFinite(value))
                {
                    w.WriteNumber("value", Math.Round(value, 4));
                }

                w.WriteString("run_id", notice.RunId);
                w.WriteString("text", notice.Text);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
    }

    private static Dictionary<string, string> Annotations(AlertNotice notice)
    {
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["summary"] = notice.Summary,
            ["condition"] = notice.Rule.Condition.Text,
            ["description"] = notice.Text,
            ["run_id"] = notice.RunId,
        };
        if (notice.Value is { } value && double.IsFinite(value))
        {
            annotations["value"] = Math.Round(value, 4).ToString(CultureInfo.InvariantCulture);
        }

        return annotations;
    }

    private static void Map(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> values)
    {
        w.WriteStartObject(name);
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(key, value);
        }

        w.WriteEndObject();
    }

    private static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
