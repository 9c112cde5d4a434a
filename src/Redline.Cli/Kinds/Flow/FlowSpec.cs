namespace Redline.Cli.Kinds.Flow;

/// <summary>A <c>flow:</c> component: the steps one iteration runs, in order.</summary>
/// <param name="Steps">The steps, at least one.</param>
internal sealed record FlowSpec(IReadOnlyList<FlowStepSpec> Steps);

/// <summary>One step of a flow.</summary>
/// <param name="Name">Its name, unique in the flow; results and criteria reach it as <c>component.name</c>.</param>
/// <param name="Kind">The kind of its body (a <c>request</c>, an <c>mcp</c> operation).</param>
/// <param name="Spec">What <paramref name="Kind"/> read from the body.</param>
/// <param name="Captures">Values taken from its answer for later steps.</param>
/// <param name="OncePerUser">True when it runs once per user, later iterations reusing what it captured (a login).</param>
internal sealed record FlowStepSpec(string Name, IComponentKind Kind, object Spec, IReadOnlyList<ValueCapture> Captures, bool OncePerUser);
