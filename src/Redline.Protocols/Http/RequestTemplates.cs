using System.Text;
using Redline.Engine;
using Redline.Protocols.Templates;

namespace Redline.Protocols.Http;

/// <summary>
/// The placeholders of one request's path, header values and body (see <see cref="TextTemplate"/>),
/// filled per iteration. A request without any has none of these and is sent as prepared.
/// </summary>
internal sealed class RequestTemplates
{
    private readonly Uri _baseAddress;
    private readonly TextTemplate? _path;
    private readonly TextTemplate?[] _requestHeaders;
    private readonly TextTemplate?[] _contentHeaders;
    private readonly TextTemplate? _body;

    private RequestTemplates(Uri baseAddress, TextTemplate? path, TextTemplate?[] requestHeaders, TextTemplate?[] contentHeaders, TextTemplate? body)
    {
        _baseAddress = baseAddress;
        _path = path;
        _requestHeaders = requestHeaders;
        _contentHeaders = contentHeaders;
        _body = body;
    }

    /// <summary>The templates of a request, or null when nothing in it has a placeholder; problems are added to <paramref name="problems"/>.</summary>
    public static RequestTemplates? TryCreate(
        Uri baseAddress,
        string path,
        IReadOnlyList<KeyValuePair<string, string>> requestHeaders,
        IReadOnlyList<KeyValuePair<string, string>> contentHeaders,
        byte[]? body,
        List<string> problems)
    {
        var pathTemplate = TextTemplate.TryCreate(path, "the path", problems);
        var request = requestHeaders.Select(h => TextTemplate.TryCreate(h.Value, $"header '{h.Key}'", problems)).ToArray();
        var content = contentHeaders.Select(h => TextTemplate.TryCreate(h.Value, $"header '{h.Key}'", problems)).ToArray();
        var bodyTemplate = body is null ? null : TextTemplate.TryCreate(Encoding.UTF8.GetString(body), "the body", problems);
        return pathTemplate is null && bodyTemplate is null && request.All(t => t is null) && content.All(t => t is null)
            ? null
            : new RequestTemplates(baseAddress, pathTemplate, request, content, bodyTemplate);
    }

    /// <summary>
    /// <paramref name="request"/> as this iteration sends it; false, with the step's failure in
    /// <paramref name="failure"/>, when a placeholder had no value or the filled path is not an address.
    /// </summary>
    public bool TryRender(PreparedHttpRequest request, StepContext context, out PreparedHttpRequest rendered, out Outcome failure)
    {
        rendered = request;
        failure = default;
        var uri = request.RequestUri;
        if (_path is not null)
        {
            if (!_path.TryRender(context, out var path, out var missing))
            {
                failure = TextTemplate.Missing(missing!);
                return false;
            }

            var problems = new List<string>();
            if (PreparedHttpRequest.Resolve(_baseAddress, path, problems) is not { } resolved)
            {
                failure = Outcome.Fail(ErrorKind.Other, problems[0]);
                return false;
            }

            uri = resolved;
        }

        if (!TryRender(_requestHeaders, request.RequestHeaders, context, out var requestHeaders, out failure)
            || !TryRender(_contentHeaders, request.ContentHeaders, context, out var contentHeaders, out failure))
        {
            return false;
        }

        var body = request.Body;
        if (_body is not null)
        {
            if (!_body.TryRender(context, out var text, out var missing))
            {
                failure = TextTemplate.Missing(missing!);
                return false;
            }

            body = Encoding.UTF8.GetBytes(text);
        }

        rendered = request.With(uri, requestHeaders, contentHeaders, body);
        return true;
    }

    private static bool TryRender(
        TextTemplate?[] templates,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        StepContext context,
        out KeyValuePair<string, string>[] rendered,
        out Outcome failure)
    {
        rendered = [.. headers];
        failure = default;
        for (var i = 0; i < templates.Length; i++)
        {
            if (templates[i] is not { } template)
            {
                continue;
            }

            if (!template.TryRender(context, out var value, out var missing))
            {
                failure = TextTemplate.Missing(missing!);
                return false;
            }

            // A captured value with a line break would split the header; it fails the step instead.
            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                failure = Outcome.Fail(ErrorKind.Other, $"header '{headers[i].Key}' would have a line break in its value");
                return false;
            }

            rendered[i] = new(headers[i].Key, value);
        }

        return true;
    }
}
