using System.Net.Sockets;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Redline.Alerts;

/// <summary>
/// An alert as an email over SMTP (MailKit): STARTTLS when the server offers it, a login when the notifier names a
/// user. A 4xx reply or a failed connection may pass later and is retried; a 5xx reply is final.
/// </summary>
internal static class EmailSender
{
    public static async Task<Attempt> SendAsync(NotifierSpec notifier, AlertNotice notice, string? password, CancellationToken cancellationToken)
    {
        if (notifier.Smtp is not { } smtp || notifier.From is not { } from || notifier.To.Count == 0)
        {
            return new Attempt(false, null, false, null, "an email notifier needs smtp, from and to");
        }

        var colon = smtp.LastIndexOf(':');
        var host = colon > 0 ? smtp[..colon] : smtp;
        var port = colon > 0 && int.TryParse(smtp[(colon + 1)..], out var p) ? p : 25;
        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(from));
        foreach (var to in notifier.To)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = notice.Summary.Length > 200 ? notice.Summary[..200] : notice.Summary;
        message.Headers.Add("X-Redline-Fingerprint", notice.Fingerprint);
        message.Body = new TextPart("plain")
        {
            Text = $"""
                {notice.Summary}

                alert:     {notice.Rule.Name} ({notice.Rule.Severity})
                condition: {notice.Rule.Condition.Text}
                state:     {(notice.Action == AlertNotice.Trigger ? "firing" : "resolved")}
                suite:     {notice.Suite}
                scenario:  {notice.Scenario ?? "(the whole run)"}
                run:       {notice.RunId}
                since:     {notice.StartsAt:u}
                {notice.Text}
                """,
        };

        using var client = new SmtpClient();
        try
        {
            // TLS from the first byte on 465; with a login, never without TLS (a password is not sent in clear).
            var security = port == 465 ? SecureSocketOptions.SslOnConnect : notifier.Username is not null ? SecureSocketOptions.StartTls : SecureSocketOptions.StartTlsWhenAvailable;
            await client.ConnectAsync(host, port, security, cancellationToken).ConfigureAwait(false);
            if (notifier.Username is { } user)
            {
                await client.AuthenticateAsync(user, password ?? "", cancellationToken).ConfigureAwait(false);
            }

            var reply = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
            return new Attempt(true, 250, false, null, null);
        }
        catch (SmtpCommandException exception)
        {
            var code = (int)exception.StatusCode;
            return new Attempt(false, code, code is >= 400 and < 500, null, $"{host} refused the mail: {code} {exception.Message}");
        }
        catch (Exception exception) when (exception is SocketException or SmtpProtocolException or IOException or SslHandshakeException)
        {
            return new Attempt(false, null, true, null, $"could not reach {host}:{port}: {exception.GetType().Name}");
        }
        catch (NotSupportedException exception)
        {
            return new Attempt(false, null, false, null, $"{host}: {exception.Message}");
        }
        catch (AuthenticationException exception)
        {
            return new Attempt(false, null, false, null, $"{host} did not accept the login: {exception.Message}");
        }
    }
}
