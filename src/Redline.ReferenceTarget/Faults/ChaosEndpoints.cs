using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Redline.ReferenceTarget.Cache;

namespace Redline.ReferenceTarget.Faults;

/// <summary>The answer of <c>GET /api/admin/faults</c>: the faults a chaos schedule can switch at run time, and their counts.</summary>
internal sealed record ChaosStatus(DatabaseDropStats DatabaseDrop, long CacheInvalidations);

/// <summary>The answer of <c>POST /api/admin/cache/invalidate</c>.</summary>
internal sealed record CacheInvalidated(int Dropped, long Invalidations);

/// <summary>
/// The endpoints a chaos schedule drives the deployment's service faults with: a share of database connections
/// dropped (<c>PUT</c> and <c>DELETE /api/admin/faults/database_drop</c>) and the cache emptied at once
/// (<c>POST /api/admin/cache/invalidate</c>). Killing an MCP server is the MCP manager's own endpoint.
/// </summary>
internal static class ChaosEndpoints
{
    public const string FaultsPath = "/api/admin/faults";

    public static void MapChaosEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(FaultsPath, (DatabaseDropFault drop, CacheService cache) => Results.Ok(new ChaosStatus(drop.Stats(), cache.Invalidations)));
        app.MapPut(FaultsPath + "/database_drop", (double? percent, DatabaseDropFault drop) => percent is { } share and >= 0 and <= 100
            ? Results.Ok(drop.Set(share))
            : Results.BadRequest(new ErrorBody("Give ?percent= from 0 to 100: the share of database connections to drop.")));
        app.MapDelete(FaultsPath + "/database_drop", (DatabaseDropFault drop) => Results.Ok(drop.Set(0)));
        app.MapPost("/api/admin/cache/invalidate", (CacheService cache) => Results.Ok(new CacheInvalidated(cache.Invalidate(), cache.Invalidations)));
    }
}
