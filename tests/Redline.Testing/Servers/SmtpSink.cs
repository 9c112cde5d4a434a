using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Redline.Testing.Servers;

/// <summary>
/// A real SMTP server on loopback that keeps every message it is given (envelope and data) and can refuse the next
/// ones with a reply of its choice: enough of RFC 5321 for a mail client (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT).
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _refusals = new();
    private readonly Task _accepting;

    public SmtpSink()
    {
        _listener.Start();
        _accepting = Task.Run(AcceptAsync);
    }

    /// <summary>host:port, as a notifier's smtp takes it.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Every accepted message.</summary>
    public ConcurrentQueue<SmtpMessage> Messages { get; } = new();

    /// <summary>Answers the next messages' MAIL FROM with <paramref name="replies"/> (e.g. "451 4.3.0 try later"), in turn.</summary>
    public void Refuse(params string[] replies)
    {
        foreach (var reply in replies)
        {
            _refusals.Enqueue(reply);
        }
    }

    private async Task AcceptAsync()
    {
        var sessions = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                sessions.Add(Task.Run(() => ServeAsync(client)));
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }

        await Task.WhenAll(sessions);
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 sink ESMTP");
            string? from = null;
            var to = new List<string>();
            try
            {
                while (await reader.ReadLineAsync(_stop.Token) is { } line)
                {
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                            await writer.WriteLineAsync("250-sink\r\n250 8BITMIME");
                            break;
                        case "HELO" or "NOOP":
                            await writer.WriteLineAsync("250 ok");
                            break;
                        case "MAIL" when _refusals.TryDequeue(out var refusal):
                            await writer.WriteLineAsync(refusal);
                            break;
                        case "MAIL":
                            from = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Trim('<', '>');
                            to.Clear();
                            await writer.WriteLineAsync("250 ok");
                            break;
                        case "RCPT":
                            to.Add(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim().Trim('<', '>'));
                            await writer.WriteLineAsync("250 ok");
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 go on");
                            var data = new StringBuilder();
                            while (await reader.ReadLineAsync(_stop.Token) is { } dataLine && dataLine != ".")
                            {
                                data.Append(dataLine.StartsWith("..", StringComparison.Ordinal) ? dataLine[1..] : dataLine).Append('\n');
                            }

                            Messages.Enqueue(new SmtpMessage(from ?? "", [.. to], data.ToString()));
                            await writer.WriteLineAsync("250 queued");
                            break;
                        case "RSET":
                            (from, to) = (null, []);
                            await writer.WriteLineAsync("250 ok");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 bye");
                            return;
                        default:
                            await writer.WriteLineAsync("502 not implemented");
                            break;
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or OperationCanceledException or ObjectDisposedException)
            {
                // The client went away, or the sink is closing.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}

/// <summary>One message a sink accepted.</summary>
public sealed record SmtpMessage(string From, IReadOnlyList<string> To, string Data);
