using System.Text.RegularExpressions;
using Redline.Engine;

namespace Redline.Cli.Kinds.Flow;

/// <summary>
/// One <c>capture:</c> entry of a flow step: the value named <see cref="Name"/> taken from the step's
/// answer by a JSONPath (<c>$.token</c>), a header (<c>header:Location</c>) or a regular expression
/// (<c>regex:id=(\d+)</c>, its first group, or the whole match when it has none).
/// </summary>
internal sealed class ValueCapture
{
    /// <summary>The error class of a step whose answer did not have a value it captures.</summary>
    public static readonly ErrorKind Failed = ErrorKind.Named("capture_failed");

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    private readonly JsonPath? _path;
    private readonly string? _header;
    private readonly Regex? _regex;

    private ValueCapture(string name, string expression, JsonPath? path, string? header, Regex? regex)
    {
        Name = name;
        Expression = expression;
        _path = path;
        _header = header;
        _regex = regex;
    }

    /// <summary>The name later steps use it by, as <c>{{name}}</c>.</summary>
    public string Name { get; }

    /// <summary>The expression as written.</summary>
    public string Expression { get; }

    /// <summary>The capture that <paramref name="expression"/> describes, or null with the reason in <paramref name="problem"/>.</summary>
    public static ValueCapture? TryCreate(string name, string expression, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(expression);
        problem = null;
        if (expression.StartsWith("header:", StringComparison.Ordinal))
        {
            var header = expression["header:".Length..].Trim();
            problem = header.Length == 0 ? "expected a header name after 'header:'" : null;
            return problem is null ? new ValueCapture(name, expression, null, header, null) : null;
        }

        if (expression.StartsWith("regex:", StringComparison.Ordinal))
        {
            try
            {
                var regex = new Regex(expression["regex:".Length..], RegexOptions.CultureInvariant, RegexTimeout);
                return new ValueCapture(name, expression, null, null, regex);
            }
            catch (ArgumentException e)
            {
                problem = $"not a valid regular expression: {e.Message}";
                return null;
            }
        }

        if (expression.StartsWith('$'))
        {
            var path = JsonPath.TryParse(expression, out problem);
            return path is null ? null : new ValueCapture(name, expression, path, null, null);
        }

        problem = "expected a JSONPath such as $.token, header:NAME or regex:PATTERN";
        return null;
    }

    /// <summary>The value in <paramref name="answer"/>, or null when it has none.</summary>
    public string? Find(ResponseCapture answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (_header is not null)
        {
            return answer.Headers.TryGetValue(_header, out var value) ? value : null;
        }

        if (answer.Body is not { } body)
        {
            return null;
        }

        if (_path is not null)
        {
            return _path.Find(body);
        }

        try
        {
            var match = _regex!.Match(body);
            return !match.Success ? null : match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
