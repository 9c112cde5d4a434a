using System.Text.Json.Nodes;
using Redline.Cli.Suites;
using Redline.Engine;
using Redline.Protocols.Http;

namespace Redline.Cli.Kinds.Http;

/// <summary>
/// The <c>request:</c> component: one HTTP request per iteration, relative to <c>target.base_url</c>,
/// every component's requests sharing one connection pool for the run.
/// </summary>
internal sealed class HttpKind : ComponentKind<HttpRequestSpec>
{
    /// <summary>How a path that does not start with '/' is described.</summary>
    public const string PathMessage = "expected a path starting with '/'";

    private static readonly Lazy<string> Definitions = new(() => KindResources.Read("request.schema.json"));

    /// <inheritdoc/>
    public override string Key => "request";


    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, string> ValueMessages { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["path"] = PathMessage,
        ["statusCode"] = "expected a status code from 100 to 599",
        ["expectStatus"] = "expected a status code from 100 to 599, or a list of them",
    };

    /// <inheritdoc/>
    public override JsonObject SchemaDefinitions() => JsonNode.Parse(Definitions.Value)!.AsObject();

    /// <inheritdoc/>
    public override async Task<PreflightResult> PreflightAsync(KindRunContext context, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var result = await HttpPreflight.CheckAsync(BaseUrl(context), timeout, cancellationToken).ConfigureAwait(false);
        if (result.Ok)
        {
            await HttpPreflight.WarmAsync(BaseUrl(context), Options(context), timeout, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <inheritdoc/>
    protected override bool RequiresBaseUrl(HttpRequestSpec spec) => true;

    /// <inheritdoc/>
    protected override HttpRequestSpec? ReadSpec(DocNode node, KindReading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return new HttpRequestReader(reading.Values, reading.InFlow).Read(node);
    }

    /// <inheritdoc/>
    protected override IKindSteps<HttpRequestSpec> Open(KindRunContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = new HttpTarget(BaseUrl(context), Options(context));
        context.Discovered[TransportKey] = target.TransportName;
        return new Steps(target);
    }

    /// <summary>Where <see cref="KindRunContext.Discovered"/> keeps the transport the run's HTTP requests went through.</summary>
    public const string TransportKey = "http.transport";

    private static HttpTargetOptions Options(KindRunContext context) =>
        new() { Transport = context.HttpTransport, LocalAddresses = context.LocalAddresses };

    // The suite reader requires base_url for this kind, so a run without one is a bug, not a user error.
    private static Uri BaseUrl(KindRunContext context) =>
        context.BaseUrl ?? throw new InvalidOperationException("An HTTP component reached a run without target.base_url.");

    private sealed class Steps(HttpTarget target) : IKindSteps<HttpRequestSpec>
    {
        public Step Create(string component, HttpRequestSpec spec, StepBuild build) => target.CreateStep(spec);

        public void Dispose() => target.Dispose();
    }
}
