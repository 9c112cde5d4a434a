using System.Text.Json.Nodes;
using Redline.Cli.Kinds;
using Redline.Cli.Suites;
using Redline.Engine;

namespace Redline.Cli.Tests.Kinds;

/// <summary>What a <c>tick:</c> component reads into.</summary>
/// <param name="Status">The status each successful iteration reports.</param>
/// <param name="FailEvery">Every how many iterations one fails.</param>
internal sealed record TickSpec(int Status, int FailEvery);

/// <summary>
/// A kind that exists only in tests, registered next to HTTP: <c>tick: { status: 201, fail_every: 2, pace: 3x }</c>.
/// It needs no base URL and talks to nothing, so it shows what a new kind needs and nothing more.
/// </summary>
internal sealed class TickKind : ComponentKind<TickSpec>
{
    /// <summary>How many times a run opened this kind's steps.</summary>
    public int Opened { get; private set; }

    /// <summary>How many times a run checked this kind's target.</summary>
    public int Preflighted { get; private set; }

    /// <summary>How many times a run released this kind's steps.</summary>
    public int Released { get; private set; }

    public override string Key => "tick";


    public override IReadOnlyDictionary<string, string> ValueMessages { get; } = new Dictionary<string, string>
    {
        ["tickPace"] = "expected a pace such as 3x",
    };

    public override JsonObject SchemaDefinitions() => new()
    {
        ["tick"] = new JsonObject
        {
            ["description"] = "A step that answers at once.",
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["properties"] = new JsonObject
            {
                ["status"] = new JsonObject { ["type"] = "integer" },
                ["fail_every"] = new JsonObject { ["type"] = "integer", ["minimum"] = 1 },
                ["pace"] = new JsonObject { ["$ref"] = "#/$defs/tickPace" },
            },
        },
        ["tickPace"] = new JsonObject { ["description"] = "A pace such as 3x.", ["type"] = "string", ["pattern"] = "^[0-9]+x$" },
    };

    public override Task<PreflightResult> PreflightAsync(KindRunContext context, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Preflighted++;
        return Task.FromResult(new PreflightResult(true, "ticks need no target"));
    }

    protected override bool RequiresBaseUrl(TickSpec spec) => false;

    protected override TickSpec? ReadSpec(DocNode node, KindReading reading)
    {
        if (!reading.Values.IsMap(node))
        {
            return null;
        }

        // The range is a semantic check, so its error comes from the kind's reader, placed by the suite's machinery.
        var status = node["status"].Exists ? reading.Values.Integer(node["status"], 100, 599) : 200;
        var failEvery = node["fail_every"].Exists ? reading.Values.Integer(node["fail_every"], min: 1) : int.MaxValue;
        return status is not null && failEvery is not null ? new TickSpec(status.Value, failEvery.Value) : null;
    }

    protected override IKindSteps<TickSpec> Open(KindRunContext context)
    {
        Opened++;
        return new Steps(this);
    }

    private sealed class Steps(TickKind kind) : IKindSteps<TickSpec>
    {
        public Step Create(string component, TickSpec spec, StepBuild build) => (context, _) =>
            ValueTask.FromResult((context.Iteration + 1) % spec.FailEvery == 0 ? Outcome.Fail(ErrorKind.Other, "tick") : Outcome.Ok(spec.Status));

        public void Dispose() => kind.Released++;
    }
}
