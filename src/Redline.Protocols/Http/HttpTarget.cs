using Redline.Engine;

namespace Redline.Protocols.Http;

/// <summary>
/// One HTTP service under test. Owns a single connection pool that every step made from it
/// shares, as a real client fleet would share keep-alive connections.
/// </summary>
public sealed class HttpTarget : IDisposable, IAsyncDisposable
{
    private readonly IHttpTransport _transport;

    /// <summary>Creates a target for the service at <paramref name="baseAddress"/> (http or https).</summary>
    /// <exception cref="ArgumentException">The address or the options are invalid; the message lists every problem.</exception>
    public HttpTarget(Uri baseAddress, HttpTargetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        options ??= HttpTargetOptions.Default;

        var problems = options.Validate(baseAddress);
        problems.AddRange(PreparedHttpRequest.ValidateBaseAddress(baseAddress));
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid HTTP target '{baseAddress}': {string.Join("; ", problems)}.", nameof(baseAddress));
        }

        BaseAddress = baseAddress;
        if (options.UsesHttp1(baseAddress))
        {
            _transport = new Http1.Http1Transport(baseAddress, options);
            Transport = HttpTransportKind.Http1;
        }
        else
        {
            _transport = new HttpClientTransport(options);
            Transport = HttpTransportKind.HttpClient;
        }
    }

    /// <summary>The client that sends this target's requests: never <see cref="HttpTransportKind.Auto"/>.</summary>
    public HttpTransportKind Transport { get; }

    /// <summary>The transport's name as results files spell it: <c>http1</c> or <c>httpclient</c>.</summary>
    public string TransportName => Transport == HttpTransportKind.Http1 ? "http1" : "httpclient";

    /// <summary>The address that request paths are relative to.</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// Builds a step that sends <paramref name="spec"/> through this target's pool. Everything
    /// that does not change between requests is prepared here, once.
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid; the message lists every problem.</exception>
    public Step CreateStep(HttpRequestSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var prepared = PreparedHttpRequest.Create(BaseAddress, spec);
        var transport = _transport;
        if (prepared.Templates is { } templates)
        {
            return (context, cancellationToken) => templates.TryRender(prepared, context, out var rendered, out var failure)
                ? transport.SendAsync(rendered, context.Capture, cancellationToken)
                : ValueTask.FromResult(failure);
        }

        return (context, cancellationToken) => transport.SendAsync(prepared, context.Capture, cancellationToken);
    }

    /// <summary>Closes every pooled connection. Steps made from this target must not run afterwards.</summary>
    public void Dispose() => _transport.Dispose();

    /// <inheritdoc cref="Dispose"/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
