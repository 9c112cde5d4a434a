using Redline.Engine;

namespace Redline.Protocols.Http;

/// <summary>
/// An <see cref="HttpRequestSpec"/> resolved against a target and checked once, so sending it
/// only copies references into a new message.
/// </summary>
internal sealed class PreparedHttpRequest
{
    private readonly KeyValuePair<string, string>[] _requestHeaders;
    private readonly KeyValuePair<string, string>[] _contentHeaders;
    private readonly HttpStatusExpectation _expectation;

    private PreparedHttpRequest(
        HttpMethod method,
        Uri requestUri,
        KeyValuePair<string, string>[] requestHeaders,
        KeyValuePair<string, string>[] contentHeaders,
        byte[]? body,
        HttpStatusExpectation expectation,
        TimeSpan timeout,
        RequestTemplates? templates = null)
    {
        Templates = templates;
        Method = method;
        RequestUri = requestUri;
        _requestHeaders = requestHeaders;
        _contentHeaders = contentHeaders;
        Body = body;
        _expectation = expectation;
        Timeout = timeout;
        TimeoutDetail = $"no complete answer within {timeout.TotalMilliseconds:0} ms";
    }

    private byte[]? _http1Bytes;

    /// <summary>The placeholders of the path, header values and body, filled per iteration; null when the request is fixed.</summary>
    public RequestTemplates? Templates { get; }

    /// <summary>The same request with one iteration's path, headers and body.</summary>
    public PreparedHttpRequest With(Uri requestUri, KeyValuePair<string, string>[] requestHeaders, KeyValuePair<string, string>[] contentHeaders, byte[]? body) =>
        new(Method, requestUri, requestHeaders, contentHeaders, body, _expectation, Timeout);

    /// <summary>The method, a shared instance for the well-known ones.</summary>
    public HttpMethod Method { get; }

    /// <summary>The absolute address of the request.</summary>
    public Uri RequestUri { get; }

    /// <summary>The body, or null when the request carries no content at all.</summary>
    public byte[]? Body { get; }

    /// <summary>How long the whole exchange, download included, may take.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The failure detail of a timeout, built once.</summary>
    public string TimeoutDetail { get; }

    /// <summary>Request headers, without content headers.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> RequestHeaders => _requestHeaders;

    /// <summary>Content headers (Content-Type and friends).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ContentHeaders => _contentHeaders;

    /// <summary>Prepares <paramref name="spec"/> for the target at <paramref name="baseAddress"/>.</summary>
    /// <exception cref="ArgumentException">The spec is invalid; the message lists every problem.</exception>
    public static PreparedHttpRequest Create(Uri baseAddress, HttpRequestSpec spec)
    {
        var problems = new List<string>();

        HttpMethod? method = null;
        try
        {
            method = HttpMethod.Parse(spec.Method);
        }
        catch (FormatException)
        {
            problems.Add($"method '{spec.Method}' is not a valid HTTP method");
        }

        var requestUri = Resolve(baseAddress, spec.Path, problems);
        var (requestHeaders, contentHeaders) = SplitHeaders(spec, problems);

        if (spec.Timeout <= TimeSpan.Zero && spec.Timeout != System.Threading.Timeout.InfiniteTimeSpan)
        {
            problems.Add($"timeout must be positive, got {spec.Timeout}");
        }
        else if (spec.Timeout.TotalMilliseconds > int.MaxValue)
        {
            problems.Add($"timeout must be at most {TimeSpan.FromMilliseconds(int.MaxValue)}, got {spec.Timeout}");
        }

        problems.AddRange(HttpStatusExpectation.Validate(spec.ExpectStatus));
        var templates = RequestTemplates.TryCreate(baseAddress, spec.Path, requestHeaders, contentHeaders, spec.Body, problems);

        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid HTTP request {spec.Method} {spec.Path}: {string.Join("; ", problems)}.", nameof(spec));
        }

        // Content headers need a content object to live on, so they imply an (empty) body.
        byte[]? body = spec.Body ?? (contentHeaders.Length > 0 ? [] : null);
        return new PreparedHttpRequest(
            method!, requestUri!, requestHeaders, contentHeaders, body,
            new HttpStatusExpectation(spec.ExpectStatus), spec.Timeout, templates);
    }

    /// <summary>Every problem with <paramref name="baseAddress"/> as a target address.</summary>
    public static IEnumerable<string> ValidateBaseAddress(Uri baseAddress)
    {
        if (!baseAddress.IsAbsoluteUri)
        {
            yield return "the address must be absolute, e.g. http://localhost:8080";
            yield break;
        }
        if (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps)
        {
            yield return $"scheme '{baseAddress.Scheme}' is not http or https";
        }

        if (baseAddress.Query.Length > 0 || baseAddress.Fragment.Length > 0)
        {
            yield return "the address must not have a query or fragment; put them in the request path";
        }
    }

    /// <summary>A fresh message for one send; the body array is shared, never copied.</summary>
    public TimedRequestMessage CreateMessage()
    {
        var message = new TimedRequestMessage(Method, RequestUri);
        foreach (var header in _requestHeaders)
        {
            message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (Body is not null)
        {
            var content = new ByteArrayContent(Body);
            foreach (var header in _contentHeaders)
            {
                content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            message.Content = content;
        }
        return message;
    }

    /// <summary>True for HEAD, whose answer has no body whatever its headers say.</summary>
    public bool IsHead => Method == HttpMethod.Head;

    /// <summary>
    /// The request as HTTP/1.1 puts it on the wire, built on first use and shared: request line,
    /// Host, the headers in their order, Content-Length when there is a body (or the method
    /// usually carries one, as HttpClient sends it), then the body.
    /// </summary>
    public byte[] Http1Bytes => _http1Bytes ??= BuildHttp1Bytes();

    private byte[] BuildHttp1Bytes()
    {
        var host = RequestUri.HostNameType == UriHostNameType.IPv6 ? RequestUri.Host : RequestUri.IdnHost;
        var text = new System.Text.StringBuilder();
        text.Append(Method.Method).Append(' ').Append(RequestUri.PathAndQuery).Append(" HTTP/1.1\r\n");
        text.Append("Host: ").Append(host);
        if (!RequestUri.IsDefaultPort)
        {
            text.Append(':').Append(RequestUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        text.Append("\r\n");
        foreach (var (name, value) in _requestHeaders.Concat(Body is null ? [] : _contentHeaders))
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (Body is not null || Method == HttpMethod.Post || Method == HttpMethod.Put || Method == HttpMethod.Patch)
        {
            text.Append("Content-Length: ").Append((Body?.Length ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("\r\n");
        }

        text.Append("\r\n");
        var head = System.Text.Encoding.UTF8.GetBytes(text.ToString());
        return Body is null or { Length: 0 } ? head : [.. head, .. Body];
    }

    /// <summary>The outcome of a complete exchange that answered <paramref name="status"/>.</summary>
    public Outcome Judge(int status) => _expectation.Judge(status);

    /// <summary>
    /// Appends the path to the base address's path ("http://h/api" + "/users" is
    /// "http://h/api/users"), which is what a user means, unlike RFC 3986 resolution that
    /// would drop the last base segment.
    /// </summary>
    internal static Uri? Resolve(Uri baseAddress, string path, List<string> problems)
    {
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            problems.Add($"path '{path}' must be relative to the target address");
            return null;
        }

        string root = baseAddress.GetLeftPart(UriPartial.Path).TrimEnd('/');
        string joined = path.Length == 0 || path[0] is '/' or '?' ? root + path : root + "/" + path;
        if (!Uri.TryCreate(joined, UriKind.Absolute, out var uri))
        {
            problems.Add($"path '{path}' does not form a valid address with {baseAddress}");
            return null;
        }
        return uri;
    }

    private static (KeyValuePair<string, string>[] Request, KeyValuePair<string, string>[] Content) SplitHeaders(
        HttpRequestSpec spec, List<string> problems)
    {
        // Probes tell request headers from content headers the way HttpClient itself will.
        using var requestProbe = new HttpRequestMessage();
        using var contentProbe = new ByteArrayContent([]);
        var request = new List<KeyValuePair<string, string>>();
        var content = new List<KeyValuePair<string, string>>();

        foreach (var (name, value) in spec.Headers)
        {
            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                problems.Add($"header '{name}' has a line break in its value");
            }
            else if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"header '{name}' is set from the body and cannot be given");
            }
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && spec.ContentType is not null)
            {
                continue; // the explicit content type wins
            }
            else if (requestProbe.Headers.TryAddWithoutValidation(name, value))
            {
                request.Add(new(name, value));
            }
            else if (contentProbe.Headers.TryAddWithoutValidation(name, value))
            {
                content.Add(new(name, value));
            }
            else
            {
                problems.Add($"header name '{name}' is not valid");
            }
        }

        if (spec.ContentType is not null)
        {
            if (spec.ContentType.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                problems.Add("the content type has a line break");
            }
            else
            {
                content.Add(new("Content-Type", spec.ContentType));
            }
        }
        return (request.ToArray(), content.ToArray());
    }
}
