using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Redline.ReferenceTarget.Auth;

/// <summary>The body of <c>POST /api/auth/login</c>.</summary>
internal sealed record LoginRequest(string? User, string? Password);

/// <summary>The answer of a successful login.</summary>
internal sealed record LoginResponse(string Token, string TokenType, DateTimeOffset ExpiresAt, UserInfo User);

/// <summary>The answer of <c>GET /api/auth/me</c>.</summary>
internal sealed record MeResponse(long Id, string Name, string Role, DateTimeOffset ExpiresAt, bool Cached);

/// <summary>Maps the authentication component's endpoints.</summary>
internal static class AuthEndpoints
{
    private const string Bearer = "Bearer ";

    public static void MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/login", async (LoginRequest? request, AuthService auth, CancellationToken cancellationToken) =>
        {
            if (string.IsNullOrEmpty(request?.User) || request.Password is null)
            {
                return Results.BadRequest(new ErrorBody("a JSON body {user, password} is required"));
            }

            return await auth.LoginAsync(request.User, request.Password, cancellationToken) is { } login
                ? Results.Ok(new LoginResponse(login.Token, "Bearer", login.Claims.ExpiresAt, login.User))
                : Unauthorized("wrong user or password");
        });

        app.MapGet("/api/auth/me", async (HttpRequest request, AuthService auth, CancellationToken cancellationToken) =>
        {
            var header = request.Headers.Authorization.ToString();
            if (!header.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase))
            {
                return Unauthorized("an Authorization: Bearer <token> header is required");
            }

            return await auth.MeAsync(header[Bearer.Length..].Trim(), cancellationToken) is { } me
                ? Results.Ok(new MeResponse(me.User.Id, me.User.Name, me.User.Role, me.Claims.ExpiresAt, me.Cached))
                : Unauthorized("invalid or expired token");
        });
    }

    private static IResult Unauthorized(string why) =>
        Results.Json(new ErrorBody(why), statusCode: StatusCodes.Status401Unauthorized);
}
