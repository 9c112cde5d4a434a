using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Redline.Cli.Suites;
using Redline.Protocols.Http;
using Redline.Protocols.Templates;

namespace Redline.Cli.Kinds.Http;

/// <summary>The semantic checks of a component's <c>request:</c> map, and the <see cref="HttpRequestSpec"/> they build.</summary>
internal sealed class HttpRequestReader(ValueReader values, bool inFlow = false)
{
    // Bodies are sent, not embedded in HTML, so non-ASCII text is kept as written instead of \u-escaped.
    private static readonly JsonSerializerOptions JsonBody = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private SuiteIssues Issues => values.Issues;

    /// <summary>The request, or null when it has errors (reported with their positions).</summary>
    public HttpRequestSpec? Read(DocNode node)
    {
        if (!values.IsMap(node))
        {
            return null;
        }

        var method = values.String(node["method"]) ?? "GET";
        var path = values.String(node["path"]);
        if (path is not null && !path.StartsWith('/'))
        {
            Issues.AtValue(node["path"], $"{HttpKind.PathMessage}, got {SuiteMessages.Got(node["path"], values.Map)}");
            path = null;
        }

        var headers = values.ScalarMap(node["headers"]) ?? new Dictionary<string, string>();
        var both = values.BothGiven(node, "body", "json", "'body' and 'json' cannot both be given; json is sent as the body");
        var body = values.String(node["body"]) is { } text ? Encoding.UTF8.GetBytes(text) : null;
        string? contentType = null;
        if (node["json"].Exists)
        {
            body = Encoding.UTF8.GetBytes(node["json"].Value?.ToJsonString(JsonBody) ?? "null");

            // An explicit Content-Type header (application/vnd.api+json, say) wins over the default.
            contentType = headers.FirstOrDefault(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value ?? "application/json";
        }

        var placeholdersValid = CheckPlaceholders(node["path"], path, "the path")
            & headers.Aggregate(true, (valid, h) => CheckPlaceholders(node["headers"][h.Key], h.Value, $"header '{h.Key}'") & valid)
            & CheckPlaceholders(node["body"].Exists ? node["body"] : node["json"], body is null ? null : Encoding.UTF8.GetString(body), "the body");
        var expect = ReadExpectStatus(node["expect_status"]);
        var timeout = values.PositiveDuration(node["timeout"]) ?? HttpRequestSpec.DefaultTimeout;
        var complete = path is not null && !both && placeholdersValid && (expect is not null || !node["expect_status"].Exists);
        return complete ? new HttpRequestSpec(method, path!, headers, body, contentType, expect, timeout) : null;
    }

    /// <summary>
    /// Reports a placeholder of <paramref name="text"/> that is no known form, and outside a flow one
    /// that names a captured value (only a flow's earlier steps capture values); true when there is none.
    /// </summary>
    private bool CheckPlaceholders(DocNode node, string? text, string where)
    {
        var problems = new List<string>();
        TextTemplate.TryCreate(text, where, problems);
        if (!inFlow && text is not null)
        {
            problems.AddRange(TextTemplate.PlaceholdersIn(text).Where(TextTemplate.IsValueName).Distinct().Select(name =>
                $"'{{{{{name}}}}}' in {where} names a captured value, which only a flow's later steps have; expected {{{{iteration}}}}, {{{{vu}}}} or {{{{random:MIN-MAX}}}}"));
        }

        foreach (var problem in problems)
        {
            Issues.AtValue(node, problem);
        }

        return problems.Count == 0;
    }

    private HashSet<int>? ReadExpectStatus(DocNode node)
    {
        if (!node.Exists)
        {
            return null;
        }

        var items = node.IsList ? node.Items.ToList() : [node];
        var codes = items.Select(i => values.Integer(i, 100, 599)).ToList();
        if (node.IsList && codes.Count == 0)
        {
            Issues.AtValue(node, "expected at least one status code");
            return null;
        }

        return codes.All(c => c is not null) ? [.. codes.Select(c => c!.Value)] : null;
    }
}
