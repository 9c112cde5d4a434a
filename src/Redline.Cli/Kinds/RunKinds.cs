using Redline.Cli.Suites;
using Redline.Engine;

namespace Redline.Cli.Kinds;

/// <summary>The kinds one run uses: their preflight checks, then their steps, sharing what each kind shares until the run ends.</summary>
internal sealed class RunKinds : IDisposable
{
    private readonly Dictionary<IComponentKind, IKindSteps> _steps = [];
    private readonly IReadOnlyList<IComponentKind> _kinds;
    private readonly IReadOnlyList<ComponentSpec> _components;
    private readonly KindRunContext _context;

    /// <summary>The kinds of <paramref name="components"/>, each once, in order of first use.</summary>
    public RunKinds(IEnumerable<ComponentSpec> components, KindRunContext context)
    {
        ArgumentNullException.ThrowIfNull(components);
        _components = [.. components.Distinct()];
        _kinds = [.. _components.Select(c => c.Kind).Distinct()];
        _context = context;
    }

    /// <summary>What the kinds' checks found for the run's events, once <see cref="PreflightAsync"/> passed (a server's protocol revision, its tools).</summary>
    public IReadOnlyList<string> Checked { get; private set; } = [];

    /// <summary>Each kind's check, in order, with the run's components of that kind; the first failure, or null when every kind's target answered.</summary>
    public async Task<PreflightResult?> PreflightAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var passed = new List<string>();
        foreach (var kind in _kinds)
        {
            var result = await kind.PreflightAsync(_context with { Components = [.. _components.Where(c => c.Kind == kind)] }, timeout, cancellationToken).ConfigureAwait(false);
            if (!result.Ok)
            {
                return result;
            }

            if (result.Note is { } note)
            {
                passed.Add(note);
            }
        }

        Checked = passed;
        return null;
    }

    /// <summary>The step of <paramref name="component"/> in a scenario with <paramref name="build"/>; its kind's steps open on first use.</summary>
    /// <exception cref="ArgumentException">The component cannot become a step; the message says why.</exception>
    public Step CreateStep(ComponentSpec component, StepBuild build)
    {
        ArgumentNullException.ThrowIfNull(component);
        if (!_steps.TryGetValue(component.Kind, out var steps))
        {
            steps = component.Kind.OpenSteps(_context);
            _steps.Add(component.Kind, steps);
        }

        return steps.Create(component, build);
    }

    /// <summary>Releases what each kind's steps shared; the steps must not run afterwards.</summary>
    public void Dispose()
    {
        foreach (var steps in _steps.Values)
        {
            steps.Dispose();
        }

        _steps.Clear();
    }
}
