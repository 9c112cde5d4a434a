using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Redline.ReferenceTarget.Cache;

/// <summary>Maps the cache component's endpoints.</summary>
internal static class CacheEndpoints
{
    public static void MapCacheEndpoints(this IEndpointRouteBuilder app)
    {
        // A literal segment outranks a parameter in routing, so "stats" never reaches {key}.
        app.MapGet("/api/cache/stats", (CacheService cache) => Results.Ok(cache.Stats()));
        app.MapGet("/api/cache/{key}", (string key, CacheService cache) =>
            cache.Get(key) is { } read ? Results.Ok(read) : Results.NotFound(new ErrorBody($"no cache item {key}")));
    }
}
