using Redline.Cli.Suites;
using Redline.Engine;

namespace Redline.Cli.Kinds;

/// <summary>The kinds one run uses: their preflight checks, then their steps, sharing what each kind shares until the run ends.</summary>
internal sealed class RunKinds : IDisposable
{
    private readonly Dictionary<IComponentKind, IKindSteps> _steps = [];
    private readonly IReadOnlyList<IComponentKind> _kinds;
    private readonly KindRunContext _context;

    /// <summary>The kinds of <paramref name="components"/>, each once, in order of first use.</summary>
    public RunKinds(IEnumerable<ComponentSpec> components, KindRunContext context)
    {
        ArgumentNullException.ThrowIfNull(components);
        _kinds = [.. components.Select(c => c.Kind).Distinct()];
        _context = context;
    }

    /// <summary>Each kind's check, in order; the first failure, or null when every kind's target answered.</summary>
    public async Task<PreflightResult?> PreflightAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        foreach (var kind in _kinds)
        {
            var result = await kind.PreflightAsync(_context, timeout, cancellationToken).ConfigureAwait(false);
            if (!result.Ok)
            {
                return result;
            }
        }

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
