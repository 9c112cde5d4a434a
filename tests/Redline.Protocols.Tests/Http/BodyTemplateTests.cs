using System.Text;
using Redline.Engine;
using Redline.Protocols.Http;

namespace Redline.Protocols.Tests.Http;

public sealed class BodyTemplateTests
{
    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void TryCreate_NoPlaceholder_ReturnsNull()
    {
        var problems = new List<string>();

        Assert.Null(BodyTemplate.TryCreate(Utf8("{\"question\":\"why\"}"), problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void Render_Placeholders_FillsIterationUserAndSeededRandom()
    {
        var problems = new List<string>();
        var template = BodyTemplate.TryCreate(Utf8("{\"q\":\"question {{random:1-3}}\",\"n\":{{iteration}},\"u\":{{ vu }}}"), problems)!;

        var first = Encoding.UTF8.GetString(template.Render(new StepContext("c", 41, 7, new Random(5))));
        var again = Encoding.UTF8.GetString(template.Render(new StepContext("c", 41, 7, new Random(5))));

        Assert.Empty(problems);
        Assert.Matches("""^\{"q":"question [123]","n":41,"u":7\}$""", first);
        Assert.Equal(first, again);
    }

    [Fact]
    public void Render_RandomRange_CoversTheRangeInclusive()
    {
        var template = BodyTemplate.TryCreate(Utf8("{{random:1-3}}"), [])!;
        var random = new Random(1);

        var seen = Enumerable.Range(0, 200).Select(i => Encoding.UTF8.GetString(template.Render(new StepContext("c", i, 0, random)))).ToHashSet();

        Assert.Equal(["1", "2", "3"], seen.Order());
    }

    [Fact]
    public void TryCreate_UnknownPlaceholder_SaysWhich()
    {
        var problems = new List<string>();

        BodyTemplate.TryCreate(Utf8("{{user_name}}"), problems);

        Assert.Equal(["unknown placeholder '{{user_name}}' in the body; expected {{iteration}}, {{vu}} or {{random:MIN-MAX}}"], problems);
    }
}
