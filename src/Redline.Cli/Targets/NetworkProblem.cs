using System.Globalization;
using System.Net.Sockets;
using System.Security.Authentication;

namespace Redline.Cli.Targets;

/// <summary>Short, user-facing reasons for failed connections and exchanges.</summary>
internal static class NetworkProblem
{
    /// <summary>Why <paramref name="exception"/> happened talking to <paramref name="host"/>: "connection refused", "could not resolve host 'x'"...</summary>
    public static string Describe(Exception exception, string host)
    {
        // HttpClient wraps the socket error one or two levels deep; the innermost specific layer decides.
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case SocketException socket:
                    return FromSocketError(socket.SocketErrorCode, host);
                case AuthenticationException tls:
                    return $"TLS handshake failed: {tls.Message}";
            }
        }

        if (exception is HttpRequestException request)
        {
            return request.HttpRequestError switch
            {
                HttpRequestError.NameResolutionError => CouldNotResolve(host),
                HttpRequestError.SecureConnectionError => "TLS handshake failed",
                HttpRequestError.ResponseEnded => "the connection closed without an answer",
                HttpRequestError.InvalidResponse or HttpRequestError.HttpProtocolError => "the answer was not valid HTTP",
                _ => Innermost(exception).Message,
            };
        }

        return Innermost(exception).Message;
    }

    /// <summary>A timespan as people write it: 500ms, 5s, 1.5s, 2m.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return $"{duration.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture)}ms";
        }

        return duration.TotalSeconds % 60 == 0
            ? $"{(duration.TotalSeconds / 60).ToString(CultureInfo.InvariantCulture)}m"
            : $"{duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)}s";
    }

    private static string FromSocketError(SocketError error, string host) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain or SocketError.NoRecovery => CouldNotResolve(host),
        SocketError.TimedOut => "connection timed out",
        SocketError.HostUnreachable => "host unreachable",
        SocketError.NetworkUnreachable => "network unreachable",
        SocketError.ConnectionReset or SocketError.ConnectionAborted => "connection reset",
        _ => $"socket error {error}",
    };

    private static string CouldNotResolve(string host) => $"could not resolve host '{host}'";

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }
}
