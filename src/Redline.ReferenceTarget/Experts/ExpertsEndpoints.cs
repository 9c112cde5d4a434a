using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Redline.ReferenceTarget.Experts;

/// <summary>The body of <c>POST /api/experts/query</c>: experts defaults to 5, cache to true.</summary>
internal sealed record ExpertsQuery(string? Question, int? Experts, bool? Cache);

/// <summary>Maps the Circle of Experts endpoint.</summary>
internal static class ExpertsEndpoints
{
    /// <summary>The longest question accepted, so one request cannot make the scoring arbitrarily expensive.</summary>
    public const int MaxQuestionLength = 4000;

    public static void MapExpertsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/experts/query", async (ExpertsQuery? query, ExpertPanel panel, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrWhiteSpace(query?.Question) || query.Question.Length > MaxQuestionLength)
            {
                return Results.BadRequest(new ErrorBody($"a JSON body {{question, experts?, cache?}} with a question of 1 to {MaxQuestionLength} characters is required"));
            }

            var experts = query.Experts ?? ExpertPanel.DefaultExperts;
            if (experts < 1 || experts > ExpertRoster.Count)
            {
                return Results.BadRequest(new ErrorBody($"experts must be 1 to {ExpertRoster.Count}, got {experts}"));
            }

            return Results.Ok(await panel.AskAsync(query.Question, experts, query.Cache ?? true, cancellationToken));
        });
    }
}
