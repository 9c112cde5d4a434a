namespace Redline.Protocols.Http;

/// <summary>One HTTP request as a suite file or a C# program describes it.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Path">The path and query, relative to the target's base URL.</param>
/// <param name="Headers">Request headers (content headers included).</param>
/// <param name="Body">The body bytes, if any.</param>
/// <param name="ContentType">The body's media type, e.g. application/json.</param>
/// <param name="ExpectStatus">Status codes that count as success; null means any 2xx or 3xx.</param>
/// <param name="Timeout">How long the whole exchange may take before it counts as a timeout.</param>
public sealed record HttpRequestSpec(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    byte[]? Body,
    string? ContentType,
    IReadOnlySet<int>? ExpectStatus,
    TimeSpan Timeout)
{
    /// <summary>The timeout when none is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>A GET of <paramref name="path"/> with the defaults.</summary>
    public static HttpRequestSpec Get(string path) =>
        new("GET", path, new Dictionary<string, string>(), null, null, null, DefaultTimeout);
}
