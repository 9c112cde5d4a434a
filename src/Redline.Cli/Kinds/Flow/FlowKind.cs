using System.Text.Json.Nodes;
using Redline.Cli.Suites;
using Redline.Engine;

namespace Redline.Cli.Kinds.Flow;

/// <summary>
/// The <c>flow:</c> component: named steps run in order as one iteration, each step's body of another
/// kind (an HTTP <c>request</c>, an <c>mcp</c> operation), values captured from one answer filled into
/// later steps, and each step measured under its own name besides the flow as a whole.
/// </summary>
/// <param name="stepKinds">The kinds a step may be, which read and run the steps' bodies.</param>
internal sealed class FlowKind(IReadOnlyList<IComponentKind> stepKinds) : ComponentKind<FlowSpec>
{
    /// <summary>How a wrong step name is described.</summary>
    public const string StepNameMessage = "expected a step name: a lower-case letter, then lower-case letters, digits and '_'";

    /// <inheritdoc/>
    public override string Key => "flow";

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, string> ValueMessages { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["flow"] = "expected a list of steps, each a map with a name and the step's kind",
        ["flowStep"] = "expected a step: a map with a name and the step's kind",
        ["flowStepName"] = StepNameMessage,
        ["flowOnce"] = "expected per_user",
    };

    /// <inheritdoc/>
    public override JsonObject SchemaDefinitions()
    {
        var step = new JsonObject
        {
            ["name"] = new JsonObject { ["$ref"] = "#/$defs/flowStepName", ["description"] = "The step's name, unique in the flow; results and criteria reach it as component.name." },
        };
        foreach (var kind in stepKinds)
        {
            step[kind.Key] = new JsonObject { ["$ref"] = "#/$defs/" + kind.Key };
        }

        step["capture"] = new JsonObject
        {
            ["description"] = "Values taken from the step's answer for later steps' {{name}} placeholders: a JSONPath ($.a.b[0]), header:NAME or regex:PATTERN.",
            ["type"] = "object",
            ["additionalProperties"] = new JsonObject { ["type"] = "string" },
        };
        step["once"] = new JsonObject { ["$ref"] = "#/$defs/flowOnce" };
        return new JsonObject
        {
            ["flow"] = new JsonObject
            {
                ["description"] = $"Steps run in order as one iteration, each with exactly one of {SuiteMessages.Either(stepKinds.Select(k => k.Key).ToList())}.",
                ["type"] = "array",
                ["minItems"] = 1,
                ["items"] = new JsonObject { ["$ref"] = "#/$defs/flowStep" },
            },
            ["flowStep"] = new JsonObject
            {
                ["description"] = "One step of a flow.",
                ["type"] = "object",
                ["additionalProperties"] = false,
                ["required"] = new JsonArray("name"),
                ["properties"] = step,
            },
            ["flowStepName"] = new JsonObject { ["description"] = "A step's name.", ["type"] = "string", ["pattern"] = "^[a-z][a-z0-9_]*$" },
            ["flowOnce"] = new JsonObject { ["description"] = "per_user: the step runs once for each user, later iterations reusing what it captured (a login).", ["enum"] = new JsonArray("per_user") },
        };
    }

    /// <inheritdoc/>
    public override async Task<PreflightResult> PreflightAsync(KindRunContext context, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The steps' kinds check their own targets, each with the steps of its kind; the flow adds nothing to check.
        ArgumentNullException.ThrowIfNull(context);
        var steps = context.Components.Where(c => c.Spec is FlowSpec).SelectMany(c => ((FlowSpec)c.Spec).Steps.Select(s => new ComponentSpec($"{c.Name}.{s.Name}", null, s.Kind, s.Spec, null, null))).ToList();
        var checks = new List<string>();
        var notes = new List<string>();
        foreach (var kind in stepKinds.Where(k => steps.Count == 0 || steps.Any(s => s.Kind == k)))
        {
            var result = await kind.PreflightAsync(context with { Components = [.. steps.Where(s => s.Kind == kind)] }, timeout, cancellationToken).ConfigureAwait(false);
            if (!result.Ok)
            {
                return result;
            }

            checks.Add(result.Message);
            if (result.Note is { } note)
            {
                notes.Add(note);
            }
        }

        return new PreflightResult(true, string.Join("; ", checks)) { Note = notes.Count == 0 ? null : string.Join("; ", notes) };
    }

    /// <inheritdoc/>
    protected override bool RequiresBaseUrl(FlowSpec spec) => spec.Steps.Any(s => s.Kind.RequiresBaseUrl(s.Spec));

    /// <inheritdoc/>
    protected override IReadOnlyList<string> StepNames(FlowSpec spec) => [.. spec.Steps.Select(s => s.Name)];

    /// <inheritdoc/>
    protected override FlowSpec? ReadSpec(DocNode node, KindReading reading) => new FlowReader(reading, stepKinds).Read(node);

    /// <inheritdoc/>
    protected override IKindSteps<FlowSpec> Open(KindRunContext context) => new Steps(context);

    /// <summary>The steps' kinds' steps, each kind opened on first use and shared by every flow of the run.</summary>
    private sealed class Steps(KindRunContext context) : IKindSteps<FlowSpec>
    {
        private readonly Dictionary<IComponentKind, IKindSteps> _opened = [];

        public Step Create(string component, FlowSpec spec, StepBuild build)
        {
            var steps = spec.Steps.Select(s => Open(s.Kind).Create(new ComponentSpec($"{component}.{s.Name}", null, s.Kind, s.Spec, null, null), build)).ToList();
            return new FlowRunner(component, spec.Steps, steps).AsStep();
        }

        public void Dispose()
        {
            foreach (var steps in _opened.Values)
            {
                steps.Dispose();
            }

            _opened.Clear();
        }

        private IKindSteps Open(IComponentKind kind)
        {
            if (!_opened.TryGetValue(kind, out var steps))
            {
                steps = kind.OpenSteps(context);
                _opened.Add(kind, steps);
            }

            return steps;
        }
    }
}
