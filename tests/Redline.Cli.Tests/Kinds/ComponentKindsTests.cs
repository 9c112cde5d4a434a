using System.Text.Json.Nodes;
using Redline.Cli.Kinds;
using Redline.Cli.Kinds.Http;
using Redline.Cli.Suites;
using Redline.Protocols.Http;

namespace Redline.Cli.Tests.Kinds;

public sealed class ComponentKindsTests
{
    [Fact]
    public void Find_DefaultRequestKey_IsTheHttpKindThatNeedsABaseUrl()
    {
        var kind = ComponentKinds.Default.Find("request");

        Assert.IsType<HttpKind>(kind);
        Assert.True(kind.RequiresBaseUrl(HttpRequestSpec.Get("/")));
        Assert.Empty(kind.StepNames(HttpRequestSpec.Get("/")));
        Assert.Equal(["request", "mcp", "flow"], ComponentKinds.Default.Keys);
        Assert.IsType<Redline.Cli.Kinds.Flow.FlowKind>(ComponentKinds.Default.Find("flow"));
        Assert.Null(ComponentKinds.Default.Find("tick"));
    }

    [Fact]
    public void ValueMessage_KindDefinition_ComesFromTheKindAndSuiteDefinitionsFromTheSuite()
    {
        Assert.Equal("expected a path starting with '/'", ComponentKinds.Default.ValueMessage("path"));
        Assert.Equal("expected a duration such as 250ms, 30s, 5m or 1h", ComponentKinds.Default.ValueMessage("duration"));
        Assert.Null(ComponentKinds.Default.ValueMessage("component"));
    }

    [Fact]
    public void Constructor_TwoKindsWithOneKey_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => new ComponentKinds([new HttpKind(), new HttpKind()]));

        Assert.Contains("two kinds have the key 'request'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compose_KindReusingASuiteDefinitionName_Throws()
    {
        var kinds = new ComponentKinds([new HttpKind(), new ClashingKind()]);

        var error = Assert.Throws<InvalidOperationException>(() => kinds.Schema);

        Assert.Contains("'duration'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A tick kind that also defines 'duration', which the suite schema owns.</summary>
    private sealed class ClashingKind : IComponentKind
    {
        private readonly TickKind _tick = new();

        public string Key => _tick.Key;

        public bool RequiresBaseUrl(object spec) => false;

        public IReadOnlyList<string> StepNames(object spec) => [];

        public IReadOnlyDictionary<string, string> ValueMessages => _tick.ValueMessages;

        public JsonObject SchemaDefinitions()
        {
            var definitions = _tick.SchemaDefinitions();
            definitions["duration"] = new JsonObject { ["type"] = "string" };
            return definitions;
        }

        public object? Read(DocNode node, KindReading reading) => _tick.Read(node, reading);

        public Task<PreflightResult> PreflightAsync(KindRunContext context, TimeSpan timeout, CancellationToken cancellationToken) =>
            _tick.PreflightAsync(context, timeout, cancellationToken);

        public IKindSteps OpenSteps(KindRunContext context) => _tick.OpenSteps(context);
    }
}
