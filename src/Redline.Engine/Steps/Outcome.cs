namespace Redline.Engine;

/// <summary>
/// What one execution of a step produced. The engine times the whole iteration itself; a step
/// adds what only it can see (status code, connect time, time to first byte).
/// </summary>
public readonly record struct Outcome
{
    /// <summary>The error class, <see cref="ErrorKind.None"/> on success.</summary>
    public ErrorKind Error { get; init; }

    /// <summary>The protocol status code (HTTP status), 0 when there was none.</summary>
    public int StatusCode { get; init; }

    /// <summary>Time spent opening a new connection, when this request opened one.</summary>
    public TimeSpan? Connect { get; init; }

    /// <summary>Time from the send to the first byte of the answer, when known.</summary>
    public TimeSpan? TimeToFirstByte { get; init; }

    /// <summary>
    /// Time this iteration spent opening what its user keeps for later iterations (a protocol session's
    /// handshake): timed apart as setup, and not part of the iteration's latency or service time.
    /// </summary>
    public TimeSpan? Setup { get; init; }

    /// <summary>A short human-readable detail of a failure (kept for the first few of each class).</summary>
    public string? Detail { get; init; }

    /// <summary>True when the request succeeded.</summary>
    public bool IsSuccess => Error == ErrorKind.None;

    /// <summary>A successful outcome.</summary>
    public static Outcome Ok(int statusCode = 0) => new() { StatusCode = statusCode };

    /// <summary>A failed outcome of class <paramref name="error"/>.</summary>
    public static Outcome Fail(ErrorKind error, string? detail = null, int statusCode = 0) =>
        new() { Error = error, Detail = detail, StatusCode = statusCode };
}
