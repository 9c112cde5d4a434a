using Redline.Cli.Kinds;
using Redline.Cli.Kinds.Flow;
using Redline.Cli.Suites;

namespace Redline.Cli.Tests.Kinds.Flow;

/// <summary>A flow is read with the step kinds' own readers, and every mistake is reported at its line and column.</summary>
public sealed class FlowReadingTests
{
    [Fact]
    public void Load_TheIssuesExample_ReadsNamedStepsCapturesAndOnce()
    {
        var result = Load("""
            authenticated_request:
              flow:
                - name: login
                  once: per_user
                  request: { method: POST, path: /api/auth/login, json: { user: alice, password: redline-alice } }
                  capture: { token: "$.token" }
                - name: query
                  request: { method: POST, path: /api/experts/query, headers: { Authorization: "Bearer {{token}}" }, json: { question: "q {{iteration}}" } }
            """);

        Assert.Empty(result.Errors);
        var component = Assert.Single(result.Suite!.Components);
        var flow = Assert.IsType<FlowSpec>(component.Spec);
        Assert.Equal(["login", "query"], flow.Steps.Select(s => s.Name));
        Assert.Equal([true, false], flow.Steps.Select(s => s.OncePerUser));
        Assert.Equal(["token"], flow.Steps[0].Captures.Select(c => c.Name));
        Assert.Equal(["login", "query"], component.Kind.StepNames(component.Spec));
        Assert.True(component.Kind.RequiresBaseUrl(component.Spec));
    }

    [Fact]
    public void Load_FlowMistakes_ReportsEachAtItsPosition()
    {
        var result = Load("""
            broken:
              flow:
                - name: login
                  request: { method: POST, path: /login }
                  capture: { token: "token", id: "regex:(unclosed", first: "$.items[x]" }
                  retries: 2
                - name: login
                  request: { path: "/items/{{item}}" }
                - name: Query
                  request: { path: / }
                  once: always
                - name: both
                  request: { path: / }
                  flow: []
                - name: nothing
            """);

        Assert.Equal(
            """
            suite.yaml:8:27: components.broken.flow[0].capture.token: expected a JSONPath such as $.token, header:NAME or regex:PATTERN
            suite.yaml:8:40: components.broken.flow[0].capture.id: not a valid regular expression: Invalid pattern '(unclosed' at offset 9. Not enough )'s.
            suite.yaml:8:66: components.broken.flow[0].capture.first: expected [index] or ['name'] at character 8
            suite.yaml:9:9: components.broken.flow[0].retries: unknown key 'retries'
            suite.yaml:10:15: components.broken.flow[1].name: the flow already has a step named 'login'; step names are unique within a flow
            suite.yaml:11:26: components.broken.flow[1].request.path: '{{item}}' is not captured by an earlier step of this flow (no earlier step captures anything)
            suite.yaml:12:15: components.broken.flow[2].name: expected a step name: a lower-case letter, then lower-case letters, digits and '_', got 'Query'
            suite.yaml:14:15: components.broken.flow[2].once: expected per_user, got 'always'
            suite.yaml:17:9: components.broken.flow[3].flow: unknown key 'flow'
            suite.yaml:18:9: components.broken.flow[4]: the step has no kind; a step has exactly one of request or mcp
            """,
            string.Join("\n", result.Errors.Select(e => e.ToString())).ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Load_CapturedNameOutsideAFlow_SaysOnlyAFlowsLaterStepsHaveIt()
    {
        var result = Load("""
            alone:
              request: { path: "/items/{{id}}", headers: { X-Trace: "{{random:x}}" } }
            """);

        Assert.Equal(
            """
            suite.yaml:5:22: components.alone.request.path: '{{id}}' in the path names a captured value, which only a flow's later steps have; expected {{iteration}}, {{vu}} or {{random:MIN-MAX}}
            suite.yaml:5:59: components.alone.request.headers.X-Trace: unknown placeholder '{{random:x}}' in header 'X-Trace'; expected {{iteration}}, {{vu}}, {{random:MIN-MAX}} or the name of a captured value
            """,
            string.Join("\n", result.Errors.Select(e => e.ToString())).ReplaceLineEndings("\n"));
    }

    private static SuiteLoadResult Load(string components)
    {
        var yaml = "suite: flows\ntarget: { base_url: \"http://127.0.0.1:9\" }\ncomponents:\n"
            + string.Join("\n", components.ReplaceLineEndings("\n").Split('\n').Select(line => "  " + line))
            + "\nscenarios:\n  steady:\n    load: { model: closed, users: 1, duration: 1s }\n";
        return SuiteLoader.LoadFromText(yaml, "suite.yaml", Path.GetTempPath(), ComponentKinds.Default);
    }
}
