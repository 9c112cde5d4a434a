using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Redline.ReferenceTarget.Admin;

/// <summary>Requests per endpoint, keyed by method and route pattern, e.g. "GET /api/deployments/{id:long}".</summary>
internal sealed class RequestCounter
{
    private const string Unmatched = "(unmatched)";

    private readonly ConcurrentDictionary<string, Counter> _counts = new(StringComparer.Ordinal);

    /// <summary>Counts every request; registered after routing so the matched endpoint is known.</summary>
    public void Use(IApplicationBuilder app) => app.Use((context, next) =>
    {
        var key = context.GetEndpoint() is RouteEndpoint endpoint
            ? $"{context.Request.Method} {endpoint.RoutePattern.RawText}"
            : Unmatched;
        _counts.GetOrAdd(key, static _ => new Counter()).Increment();
        return next(context);
    });

    /// <summary>Forgets every count (after the warm-up).</summary>
    public void Reset() => _counts.Clear();

    /// <summary>The counts so far, sorted by key.</summary>
    public SortedDictionary<string, long> Snapshot() =>
        new(_counts.ToDictionary(p => p.Key, p => p.Value.Value, StringComparer.Ordinal), StringComparer.Ordinal);

    private sealed class Counter
    {
        private long _value;

        public long Value => Interlocked.Read(ref _value);

        public void Increment() => Interlocked.Increment(ref _value);
    }
}
