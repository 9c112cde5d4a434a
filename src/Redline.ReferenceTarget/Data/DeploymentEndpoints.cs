using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Redline.ReferenceTarget.Data;

/// <summary>The body of <c>POST /api/deployments</c>; the owner defaults to alice and the environment to dev.</summary>
internal sealed record CreateDeploymentRequest(string? Name, string? Service, string? Version, string? Environment, string? Owner);

/// <summary>The answer of <c>GET /api/deployments/{id}/events</c>.</summary>
internal sealed record DeploymentEvents(long DeploymentId, int Count, IReadOnlyList<EventRow> Events);

/// <summary>Maps the database component's endpoints.</summary>
internal static class DeploymentEndpoints
{
    public static void MapDeploymentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/deployments");
        group.MapGet("/{id:long}", async (long id, DeploymentStore store, CancellationToken cancellationToken) =>
            await store.FindAsync(id, cancellationToken) is { } row ? Results.Ok(row) : Results.NotFound(new ErrorBody($"no deployment {id}")));
        group.MapGet("/{id:long}/events", async (long id, DeploymentStore store, CancellationToken cancellationToken) =>
        {
            var events = await store.EventsAsync(id, cancellationToken);
            return Results.Ok(new DeploymentEvents(id, events.Count, events));
        });
        group.MapPost("/", async (CreateDeploymentRequest? request, DeploymentStore store, CancellationToken cancellationToken) =>
        {
            var problems = Problems(request);
            if (problems.Count > 0)
            {
                return Results.BadRequest(new ErrorBody(string.Join("; ", problems)));
            }

            var created = await store.InsertAsync(
                new NewDeployment(request!.Name!, request.Service!, request.Version!, request.Environment ?? "dev", request.Owner ?? Auth.SeededUsers.Admin),
                cancellationToken);
            return created is null
                ? Results.BadRequest(new ErrorBody($"no user {request.Owner}"))
                : Results.Created($"/api/deployments/{created.Id}", created);
        });
    }

    private static List<string> Problems(CreateDeploymentRequest? request)
    {
        if (request is null)
        {
            return ["a JSON body {name, service, version, environment?, owner?} is required"];
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            problems.Add("name is required");
        }

        if (string.IsNullOrWhiteSpace(request.Service))
        {
            problems.Add("service is required");
        }

        if (string.IsNullOrWhiteSpace(request.Version))
        {
            problems.Add("version is required");
        }

        if (request.Environment is { } environment && !DatabaseSeeder.Environments.Contains(environment))
        {
            problems.Add($"environment must be one of {string.Join(", ", DatabaseSeeder.Environments)}");
        }

        return problems;
    }
}
