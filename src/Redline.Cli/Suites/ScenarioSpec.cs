using Redline.Engine;

namespace Redline.Cli.Suites;

/// <summary>A component's share of a scenario's iterations.</summary>
/// <param name="Component">The component.</param>
/// <param name="Percent">Its share, in percent; the shares of a scenario add up to 100.</param>
internal sealed record MixEntry(ComponentSpec Component, double Percent);

/// <summary>One scenario of a suite, validated and frozen; <see cref="ToPlan"/> turns it into an engine plan.</summary>
/// <param name="Name">The scenario's name.</param>
/// <param name="Description">Free-form text shown in reports.</param>
/// <param name="Load">The load shape, as written (before <c>--duration</c> and <c>--scale</c>).</param>
/// <param name="Mix">The components it uses and their shares, in file order.</param>
/// <param name="Criteria">Its success criteria, in file order.</param>
/// <param name="AbortOnFail">Whether a failing criterion stops it early.</param>
/// <param name="AbortDelay">How long it runs before criteria may stop it.</param>
/// <param name="GracefulStop">How long in-flight iterations may finish at the end.</param>
/// <param name="Seed">Its seed (its own, or the suite's).</param>
/// <param name="Generator">When the generator counts as saturated.</param>
internal sealed record ScenarioSpec(
    string Name,
    string? Description,
    LoadProfile Load,
    IReadOnlyList<MixEntry> Mix,
    IReadOnlyList<Criterion> Criteria,
    bool AbortOnFail,
    TimeSpan AbortDelay,
    TimeSpan GracefulStop,
    int Seed,
    GeneratorLimits Generator)
{
    /// <summary>The most repeats a scenario may ask for.</summary>
    public const int MaxRepeats = 20;

    /// <summary>How many times it runs (<c>repeat:</c>); <c>--repeat</c> overrides it.</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>Its stop condition, search for the break and recovery, when it is a stress scenario.</summary>
    public StressSpec? Stress { get; init; }

    /// <summary>The faults injected while it runs.</summary>
    public IReadOnlyList<FaultSpec> Chaos { get; init; } = [];

    /// <summary>How long its load runs, squeezed into this time and not counted, before its clock starts (<c>warmup:</c>); zero for none.</summary>
    public TimeSpan WarmUp { get; init; }

    /// <summary>
    /// The engine plan: the mix's components as steps made by <paramref name="stepFactory"/>, the load
    /// stretched to <paramref name="durationOverride"/> and multiplied by <paramref name="scale"/>.
    /// </summary>
    public ScenarioPlan ToPlan(Func<ComponentSpec, Step> stepFactory, TimeSpan? durationOverride = null, double scale = 1)
    {
        ArgumentNullException.ThrowIfNull(stepFactory);
        var load = ShapeLoad(Load, durationOverride, scale);
        return new ScenarioPlan
        {
            Name = Name,
            Description = Description,
            Components = [.. Mix.Select(m => new ComponentPlan(m.Component.Name, stepFactory(m.Component), m.Percent) { StepNames = m.Component.Kind.StepNames(m.Component.Spec) })],
            Load = load,
            Stress = Stress?.ToPlan(load, scale),
            Criteria = Criteria,
            GracefulStop = GracefulStop,
            WarmUp = WarmUp,
            Seed = Seed,
            AbortOnFail = AbortOnFail,
            AbortDelay = AbortDelay,
            Generator = Generator,
        };
    }

    /// <summary><paramref name="load"/> with the <c>--duration</c> and <c>--scale</c> options applied.</summary>
    public static LoadProfile ShapeLoad(LoadProfile load, TimeSpan? durationOverride, double scale)
    {
        ArgumentNullException.ThrowIfNull(load);
        if (durationOverride is { } duration && duration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(durationOverride), duration, "The duration must be above zero.");
        }

        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be a number above zero.");
        }

        var shaped = durationOverride is { } d ? load.WithDuration(d) : load;
        if (scale == 1)
        {
            return shaped;
        }

        // A small --scale on a small scenario must still run someone: the peak never drops below one user.
        if (shaped is ClosedLoad closed && closed.Users.MaxUsers > 0)
        {
            scale = Math.Max(scale, 1.0 / closed.Users.MaxUsers);
        }

        return shaped.Scale(scale);
    }
}
