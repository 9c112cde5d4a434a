using Redline.Engine;
using Redline.Protocols.Templates;

namespace Redline.Protocols.Tests.Templates;

public sealed class TextTemplateTests
{
    [Fact]
    public void TryCreate_NoPlaceholder_ReturnsNull()
    {
        var problems = new List<string>();

        Assert.Null(TextTemplate.TryCreate("{\"question\":\"why\"}", "the body", problems));
        Assert.Null(TextTemplate.TryCreate("{{ unclosed", "the body", problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void TryRender_BuiltIns_FillIterationUserAndSeededRandom()
    {
        var problems = new List<string>();
        var template = TextTemplate.TryCreate("{\"q\":\"question {{random:1-3}}\",\"n\":{{iteration}},\"u\":{{ vu }}}", "the body", problems)!;

        Assert.True(template.TryRender(new StepContext("c", 41, 7, new Random(5)), out var first, out _));
        Assert.True(template.TryRender(new StepContext("c", 41, 7, new Random(5)), out var again, out _));

        Assert.Empty(problems);
        Assert.Matches("""^\{"q":"question [123]","n":41,"u":7\}$""", first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void TryRender_RandomRange_CoversTheRangeInclusive()
    {
        var template = TextTemplate.TryCreate("{{random:1-3}}", "the body", [])!;
        var random = new Random(1);

        var seen = Enumerable.Range(0, 200).Select(i => template.TryRender(new StepContext("c", i, 0, random), out var text, out _) ? text : "failed").ToHashSet();

        Assert.Equal(["1", "2", "3"], seen.Order());
    }

    [Fact]
    public void TryRender_CapturedValues_FillFromTheIterationsVariablesOrNameTheMissingOne()
    {
        var template = TextTemplate.TryCreate("Bearer {{token}} for {{user_name}}", "header 'Authorization'", [])!;
        var context = new StepContext("c", 0, 0, new Random(1));
        context.Variables["token"] = "t-1";

        Assert.False(template.TryRender(context, out _, out var missing));
        Assert.Equal("user_name", missing);
        context.Variables["user_name"] = "alice";
        Assert.True(template.TryRender(context, out var text, out _));
        Assert.Equal("Bearer t-1 for alice", text);
        Assert.Equal(["token", "user_name"], template.Captured);
        Assert.Equal("missing_value", TextTemplate.Missing("x").Error.Name);
    }

    [Fact]
    public void TryCreate_UnknownPlaceholder_SaysWhichAndWhere()
    {
        var problems = new List<string>();

        TextTemplate.TryCreate("{{random:9-1}} {{a-b}}", "the body", problems);

        Assert.Equal(
            [
                "unknown placeholder '{{random:9-1}}' in the body; expected {{iteration}}, {{vu}}, {{random:MIN-MAX}} or the name of a captured value",
                "unknown placeholder '{{a-b}}' in the body; expected {{iteration}}, {{vu}}, {{random:MIN-MAX}} or the name of a captured value",
            ],
            problems);
    }
}
