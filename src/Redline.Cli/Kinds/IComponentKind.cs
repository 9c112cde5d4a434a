using System.Text.Json.Nodes;
using Redline.Cli.Suites;
using Redline.Engine;

namespace Redline.Cli.Kinds;

/// <summary>
/// One kind of component (an HTTP request today; a flow, an MCP call, a SQL query later): how a suite
/// writes it, how it is checked, what the target must give it, and the step it becomes. A kind is one
/// folder under Kinds/ and one entry in <see cref="ComponentKinds.Default"/>; nothing else names it.
/// </summary>
internal interface IComponentKind
{
    /// <summary>The key that marks a component of this kind in a suite, such as <c>request</c>.</summary>
    string Key { get; }

    /// <summary>Whether the component whose read value is <paramref name="spec"/> needs <c>target.base_url</c>.</summary>
    bool RequiresBaseUrl(object spec);

    /// <summary>
    /// The names of the steps one iteration of the component runs, for a kind whose components have
    /// several (a flow); empty when the component is one step.
    /// </summary>
    IReadOnlyList<string> StepNames(object spec);

    /// <summary>
    /// The JSON Schema definitions the kind adds to the suite schema, as a fresh object; the one named
    /// <see cref="Key"/> is the schema of the component's <see cref="Key"/> value.
    /// </summary>
    JsonObject SchemaDefinitions();

    /// <summary>How a wrong value of each of the kind's value definitions is described ("expected a path starting with '/'").</summary>
    IReadOnlyDictionary<string, string> ValueMessages { get; }

    /// <summary>
    /// Reads and checks the component's <see cref="Key"/> value, reporting every problem at its position
    /// through <paramref name="reading"/>; null when it has errors.
    /// </summary>
    object? Read(DocNode node, KindReading reading);

    /// <summary>Checks, before any load is sent, that the target can serve this kind's components.</summary>
    Task<PreflightResult> PreflightAsync(KindRunContext context, TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Opens what this kind's steps share during one run (for HTTP, one connection pool).</summary>
    IKindSteps OpenSteps(KindRunContext context);
}

/// <summary>A kind's steps for one run; disposing it releases what they share, after the run.</summary>
internal interface IKindSteps : IDisposable
{
    /// <summary>The step one iteration of <paramref name="component"/> runs.</summary>
    /// <exception cref="ArgumentException">The component cannot become a step; the message says why.</exception>
    Step Create(ComponentSpec component, StepBuild build);
}

/// <summary>What a kind's reader may use besides the node: typed reads that report problems, and the suite file's folder.</summary>
/// <param name="Values">Reads typed values and reports problems with their positions.</param>
/// <param name="BaseDirectory">The suite file's folder, which relative paths resolve against.</param>
internal sealed record KindReading(ValueReader Values, string BaseDirectory)
{
    /// <summary>
    /// True when the value is a step of a flow, whose placeholders may name values that earlier steps
    /// capture (the flow checks those names); false for a component of its own, where only the
    /// built-in placeholders exist.
    /// </summary>
    public bool InFlow { get; init; }
}

/// <summary>What a run gives the kinds: where the target is, and the user's stop.</summary>
/// <param name="BaseUrl">The target's base URL, when the suite gives one (always, when a kind requires it).</param>
/// <param name="Stop">Cancelled when the user stops the run.</param>
internal sealed record KindRunContext(Uri? BaseUrl, CancellationToken Stop)
{
    /// <summary>For a preflight check: the run's components of the kind checked.</summary>
    public IReadOnlyList<ComponentSpec> Components { get; init; } = [];

    /// <summary>Which HTTP client sends HTTP components' requests (<c>target.transport</c>).</summary>
    public Redline.Protocols.Http.HttpTransportKind HttpTransport { get; init; }

    /// <summary>Local addresses new connections are spread over, when one address's ephemeral ports are too few; empty otherwise.</summary>
    public IReadOnlyList<System.Net.IPAddress> LocalAddresses { get; init; } = [];

    /// <summary>What a kind found out once for the whole run (the protocol revision a server speaks), by the kind's own keys.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, string> Discovered { get; init; } = new(StringComparer.Ordinal);
}

/// <summary>Where a step is built: the scenario and its seed, for kinds that prepare seeded data up front.</summary>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Seed">The scenario's seed.</param>
internal sealed record StepBuild(string Scenario, int Seed);

/// <summary>Whether the target answered before a run, and if not, why.</summary>
/// <param name="Ok">True when the target answered.</param>
/// <param name="Message">What was checked and, on failure, the reason, as a sentence fragment without a final period.</param>
internal sealed record PreflightResult(bool Ok, string Message)
{
    /// <summary>What the check found that belongs in the run's events (which protocol revision a server speaks), if anything.</summary>
    public string? Note { get; init; }
}
