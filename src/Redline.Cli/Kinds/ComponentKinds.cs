using System.Text.RegularExpressions;
using Redline.Cli.Kinds.Flow;
using Redline.Cli.Kinds.Http;
using Redline.Cli.Kinds.Mcp;
using Redline.Cli.Suites;

namespace Redline.Cli.Kinds;

/// <summary>
/// The component kinds a suite may use, by key. The suite reader, the schema and a run ask this
/// registry, so a new kind is one folder plus one entry in <see cref="Default"/>.
/// </summary>
internal sealed partial class ComponentKinds
{
    // Keys a component map has whatever its kind.
    private static readonly string[] SharedKeys = ["description", "baseline", "target"];

    private readonly Lazy<SuiteSchema> _schema;

    /// <summary>A registry of <paramref name="kinds"/>, in the order suites and messages list them.</summary>
    /// <exception cref="ArgumentException">Two kinds share a key, or a key is not a valid component key.</exception>
    public ComponentKinds(IEnumerable<IComponentKind> kinds)
    {
        ArgumentNullException.ThrowIfNull(kinds);
        All = [.. kinds];
        var problems = All.GroupBy(k => k.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"two kinds have the key '{g.Key}'")
            .Concat(All.Where(k => !KeyPattern().IsMatch(k.Key) || SharedKeys.Contains(k.Key)).Select(k => $"'{k.Key}' cannot be a kind's key"))
            .ToList();
        if (All.Count == 0 || problems.Count > 0)
        {
            throw new ArgumentException($"Invalid component kinds: {(All.Count == 0 ? "none given" : string.Join("; ", problems))}.", nameof(kinds));
        }

        Keys = [.. All.Select(k => k.Key)];
        _schema = new Lazy<SuiteSchema>(() => SuiteSchema.Compose(this));
    }

    /// <summary>The kinds Redline ships; a flow's steps may be any of them but a flow.</summary>
    public static ComponentKinds Default { get; } = WithFlows([new HttpKind(), new McpKind()]);

    /// <summary>A registry of <paramref name="kinds"/> and a <c>flow:</c> kind whose steps may be any of them.</summary>
    public static ComponentKinds WithFlows(IReadOnlyList<IComponentKind> kinds) => new([.. kinds, new FlowKind(kinds)]);

    /// <summary>Every kind, in registration order.</summary>
    public IReadOnlyList<IComponentKind> All { get; }

    /// <summary>Every kind's key, in registration order.</summary>
    public IReadOnlyList<string> Keys { get; }

    /// <summary>The suite schema with every kind's definitions, composed once.</summary>
    public SuiteSchema Schema => _schema.Value;

    /// <summary>The kind whose key is <paramref name="key"/>, or null.</summary>
    public IComponentKind? Find(string key) => All.FirstOrDefault(k => k.Key == key);

    /// <summary>How a wrong value of the named schema definition is described: the suite's own, then the kinds'.</summary>
    public string? ValueMessage(string definition) =>
        SuiteMessages.ForDefinition(definition)
        ?? All.Select(k => k.ValueMessages.GetValueOrDefault(definition)).FirstOrDefault(m => m is not null);

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex KeyPattern();
}
