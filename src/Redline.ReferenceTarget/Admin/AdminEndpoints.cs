using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Redline.ReferenceTarget.Admin;

/// <summary>Maps the admin endpoints.</summary>
internal static class AdminEndpoints
{
    public static void MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/admin/reindex", (AdminService admin) => Results.Ok(admin.Reindex()));
        app.MapGet("/api/admin/stats", (AdminService admin) => Results.Ok(admin.Stats()));
    }
}
