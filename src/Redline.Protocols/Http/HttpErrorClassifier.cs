using System.Net.Sockets;
using System.Security.Authentication;
using Redline.Engine;

namespace Redline.Protocols.Http;

/// <summary>Turns an exception from an HTTP exchange into an error class and a short detail.</summary>
internal static class HttpErrorClassifier
{
    private const int MaxDetailLength = 200;

    /// <summary>
    /// Classifies <paramref name="exception"/>, raised while exchanging with <paramref name="target"/>.
    /// Timeouts enforced by the caller are decided before this is called.
    /// </summary>
    public static (ErrorKind Kind, string Detail) Classify(Exception exception, Uri target)
    {
        // HttpClient wraps the cause one or more levels deep; the most specific layer that
        // says something decides, so walk the chain from the outside in.
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var found = current switch
            {
                HttpRequestException request => FromRequestError(request.HttpRequestError, exception, target),
                HttpIOException io => FromRequestError(io.HttpRequestError, exception, target),
                AuthenticationException tls => (ErrorKind.Tls, $"TLS with {Endpoint(target)} failed: {tls.Message}"),
                TimeoutException => (ErrorKind.Timeout, Shorten(current.Message)),
                _ => ((ErrorKind, string)?)null,
            };
            if (found is { } result)
            {
                return result;
            }
        }
        return FromSocketError(exception, target) ?? (ErrorKind.Other, Shorten(Describe(exception)));
    }

    private static (ErrorKind, string)? FromRequestError(HttpRequestError error, Exception exception, Uri target) => error switch
    {
        HttpRequestError.NameResolutionError => (ErrorKind.Dns, $"cannot resolve {target.IdnHost}"),
        HttpRequestError.ConnectionError => FromSocketError(exception, target)
            ?? (ErrorKind.Other, $"connect to {Endpoint(target)} failed: {Shorten(Describe(exception))}"),
        HttpRequestError.SecureConnectionError => (ErrorKind.Tls, $"TLS with {Endpoint(target)} failed"),
        HttpRequestError.ResponseEnded => FromSocketError(exception, target)
            ?? (ErrorKind.ConnectionReset, "connection closed before the response ended"),
        HttpRequestError.InvalidResponse
            or HttpRequestError.HttpProtocolError
            or HttpRequestError.ProxyTunnelError
            or HttpRequestError.VersionNegotiationError
            or HttpRequestError.ExtendedConnectNotSupported
            or HttpRequestError.ConfigurationLimitExceeded
            or HttpRequestError.UserAuthenticationError => (ErrorKind.Protocol, Shorten(Describe(exception))),
        // Unknown: the wrapped exception (usually an IOException over a SocketException) decides.
        _ => null,
    };

    private static (ErrorKind, string)? FromSocketError(Exception exception, Uri target)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is not SocketException socket)
            {
                continue;
            }

            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => (ErrorKind.ConnectionRefused, $"connect to {Endpoint(target)} refused"),
                SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown
                    => (ErrorKind.ConnectionReset, $"connection to {Endpoint(target)} reset"),
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain or SocketError.NoRecovery
                    => (ErrorKind.Dns, $"cannot resolve {target.IdnHost}"),
                SocketError.TimedOut => (ErrorKind.Timeout, $"connect to {Endpoint(target)} timed out"),
                // The generator's own limits, not the target's failures.
                SocketError.TooManyOpenSockets => (ErrorKind.Generator, $"the generator ran out of file descriptors (the open-file limit) connecting to {Endpoint(target)}"),
                SocketError.AddressNotAvailable or SocketError.AddressAlreadyInUse
                    => (ErrorKind.Generator, $"the generator ran out of local ports (the ephemeral port range) connecting to {Endpoint(target)}"),
                SocketError.NoBufferSpaceAvailable => (ErrorKind.Generator, $"the generator's kernel ran out of socket buffers connecting to {Endpoint(target)}"),
                _ => (ErrorKind.Other, $"socket error {socket.SocketErrorCode} with {Endpoint(target)}"),
            };
        }
        return null;
    }

    private static string Endpoint(Uri target) => $"{target.IdnHost}:{target.Port}";

    /// <summary>The innermost message, which names the cause; outer ones only say "request failed".</summary>
    private static string Describe(Exception exception)
    {
        var innermost = exception;
        while (innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return ReferenceEquals(innermost, exception) ? exception.Message : $"{exception.Message} ({innermost.Message})";
    }

    private static string Shorten(string message) =>
        message.Length <= MaxDetailLength ? message : string.Concat(message.AsSpan(0, MaxDetailLength - 3), "...");
}
