using System.Collections.Frozen;
using Redline.Engine;

namespace Redline.Protocols.Http;

/// <summary>Decides whether a response status counts as success, and how a miss is classed.</summary>
internal sealed class HttpStatusExpectation
{
    private readonly FrozenSet<int>? _expected;
    private readonly string _suffix;

    // Failure details are cached per status so a target answering 500 at full rate does not
    // allocate a new string per request. Races only ever store equal strings.
    private string?[]? _details;

    /// <summary>Expects one of <paramref name="expected"/>, or any 2xx or 3xx when it is null.</summary>
    public HttpStatusExpectation(IReadOnlySet<int>? expected)
    {
        if (expected is null)
        {
            _suffix = string.Empty;
            return;
        }
        _expected = expected.ToFrozenSet();
        _suffix = ", expected " + string.Join(" or ", expected.Order());
    }

    /// <summary>Every problem with <paramref name="expected"/>, empty when it is valid.</summary>
    public static IEnumerable<string> Validate(IReadOnlySet<int>? expected)
    {
        if (expected is null)
        {
            yield break;
        }

        if (expected.Count == 0)
        {
            yield return "expected statuses must not be empty (leave them out to accept any 2xx or 3xx)";
        }

        foreach (var status in expected.Where(s => s is < 100 or > 999).Order())
        {
            yield return $"expected status {status} is not an HTTP status (100 to 999)";
        }
    }

    /// <summary>The outcome of a complete exchange that answered <paramref name="status"/>.</summary>
    public Outcome Judge(int status)
    {
        bool ok = _expected is null ? status is >= 200 and < 400 : _expected.Contains(status);
        if (ok)
        {
            return Outcome.Ok(status);
        }

        var kind = status switch
        {
            >= 400 and < 500 => ErrorKind.Http4xx,
            >= 500 and < 600 => ErrorKind.Http5xx,
            _ => ErrorKind.Protocol,
        };
        return Outcome.Fail(kind, DetailFor(status), status);
    }

    private string DetailFor(int status)
    {
        if ((uint)status > 999)
        {
            return $"HTTP {status}{_suffix}";
        }

        var details = _details ??= new string?[1000];
        return details[status] ??= $"HTTP {status}{_suffix}";
    }
}
