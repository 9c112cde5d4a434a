using System.Text.Json.Nodes;
using Redline.Cli.Suites;
using Redline.Engine;

namespace Redline.Cli.Kinds;

/// <summary>
/// A kind whose components read into a <typeparamref name="TSpec"/>: the one place that casts the
/// untyped spec a <see cref="ComponentSpec"/> carries back to the kind's own type.
/// </summary>
/// <typeparam name="TSpec">What the kind's reader produces.</typeparam>
internal abstract class ComponentKind<TSpec> : IComponentKind
    where TSpec : class
{
    /// <inheritdoc/>
    public abstract string Key { get; }

    /// <inheritdoc/>
    public bool RequiresBaseUrl(object spec) => RequiresBaseUrl(As(spec));

    /// <inheritdoc/>
    public IReadOnlyList<string> StepNames(object spec) => StepNames(As(spec));

    /// <inheritdoc/>
    public abstract IReadOnlyDictionary<string, string> ValueMessages { get; }

    /// <inheritdoc/>
    public abstract JsonObject SchemaDefinitions();

    /// <inheritdoc/>
    public object? Read(DocNode node, KindReading reading) => ReadSpec(node, reading);

    /// <inheritdoc/>
    public abstract Task<PreflightResult> PreflightAsync(KindRunContext context, TimeSpan timeout, CancellationToken cancellationToken);

    /// <inheritdoc/>
    public IKindSteps OpenSteps(KindRunContext context) => new TypedSteps(this, Open(context));

    /// <summary>The component's value as the kind's spec, or null when it has errors (reported through <paramref name="reading"/>).</summary>
    protected abstract TSpec? ReadSpec(DocNode node, KindReading reading);

    /// <summary>Whether a component of this kind with <paramref name="spec"/> needs <c>target.base_url</c>.</summary>
    protected abstract bool RequiresBaseUrl(TSpec spec);

    /// <summary>The names of the steps one iteration of <paramref name="spec"/> runs; empty (the default) for one step.</summary>
    protected virtual IReadOnlyList<string> StepNames(TSpec spec) => [];

    /// <summary>What this kind's steps share during one run, and how one is built from a spec.</summary>
    protected abstract IKindSteps<TSpec> Open(KindRunContext context);

    private TSpec As(object spec) =>
        spec as TSpec ?? throw new ArgumentException($"A '{Key}' component's value must be a {typeof(TSpec).Name}, got {spec?.GetType().Name ?? "null"}.", nameof(spec));

    private sealed class TypedSteps(ComponentKind<TSpec> kind, IKindSteps<TSpec> steps) : IKindSteps
    {
        public Step Create(ComponentSpec component, StepBuild build) =>
            component.Kind == kind && component.Spec is TSpec spec
                ? steps.Create(component.Name, spec, build)
                : throw new ArgumentException($"The component '{component.Name}' is of kind '{component.Kind.Key}', not '{kind.Key}'.", nameof(component));

        public void Dispose() => steps.Dispose();
    }
}

/// <summary>A kind's steps for one run, built from its own spec type; disposing it releases what they share.</summary>
/// <typeparam name="TSpec">What the kind's reader produces.</typeparam>
internal interface IKindSteps<in TSpec> : IDisposable
{
    /// <summary>The step for <paramref name="spec"/>, the value of the component called <paramref name="component"/>.</summary>
    Step Create(string component, TSpec spec, StepBuild build);
}
