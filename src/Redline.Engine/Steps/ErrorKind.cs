namespace Redline.Engine;

/// <summary>How a failed request failed. A failure is data: every class is counted, none is thrown.</summary>
public enum ErrorKind
{
    /// <summary>The request succeeded.</summary>
    None = 0,
    /// <summary>No complete answer within the step's timeout.</summary>
    Timeout,
    /// <summary>The target refused the connection (nothing listens on the port).</summary>
    ConnectionRefused,
    /// <summary>The connection was reset or closed before the answer was complete.</summary>
    ConnectionReset,
    /// <summary>The host name could not be resolved.</summary>
    Dns,
    /// <summary>The TLS handshake failed.</summary>
    Tls,
    /// <summary>The target answered with a 4xx status the step did not expect.</summary>
    Http4xx,
    /// <summary>The target answered with a 5xx status the step did not expect.</summary>
    Http5xx,
    /// <summary>The answer broke the protocol (malformed response, unexpected status class).</summary>
    Protocol,
    /// <summary>Anything else, including an exception thrown by a user's step.</summary>
    Other,
}

/// <summary>Names of error classes as they appear in results files.</summary>
public static class ErrorKindNames
{
    /// <summary>The snake_case name of <paramref name="kind"/> used in results.json.</summary>
    public static string ToName(this ErrorKind kind) => kind switch
    {
        ErrorKind.None => "none",
        ErrorKind.Timeout => "timeout",
        ErrorKind.ConnectionRefused => "connection_refused",
        ErrorKind.ConnectionReset => "connection_reset",
        ErrorKind.Dns => "dns",
        ErrorKind.Tls => "tls",
        ErrorKind.Http4xx => "http_4xx",
        ErrorKind.Http5xx => "http_5xx",
        ErrorKind.Protocol => "protocol",
        _ => "other",
    };
}
