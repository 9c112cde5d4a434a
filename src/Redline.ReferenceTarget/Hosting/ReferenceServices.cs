using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Redline.ReferenceTarget.Admin;
using Redline.ReferenceTarget.Auth;
using Redline.ReferenceTarget.Cache;
using Redline.ReferenceTarget.Data;
using Redline.ReferenceTarget.Experts;
using Redline.ReferenceTarget.Faults;

namespace Redline.ReferenceTarget;

/// <summary>The answer of <c>GET /health</c>.</summary>
internal sealed record HealthStatus(string Status, string Profile);

/// <summary>Wires the components, the faults and the endpoints together.</summary>
internal static class ReferenceServices
{
    public static void AddReferenceServices(this IServiceCollection services, ReferenceOptions options, TimeProvider time)
    {
        services.AddSingleton(options);
        services.AddSingleton(time);
        services.AddSingleton<ReferenceClock>();
        services.AddSingleton<WarmupGate>();
        // A factory registration, so that the container disposes (and, when temporary, deletes) the file.
        services.AddSingleton(_ => ReferenceDatabase.Open(options));
        services.AddSingleton<SqlSessions>();
        services.AddSingleton<DeploymentStore>();
        services.AddSingleton(_ => new JwtTokens(time));
        services.AddSingleton<AuthService>();
        services.AddSingleton<CacheService>();
        services.AddSingleton<ExpertPanel>();
        services.AddSingleton<RequestCounter>();
        services.AddSingleton<AdminService>();
        services.AddSingleton<StallFault>();
        services.AddSingleton<ErrorFault>();
        services.AddSingleton<DatabaseDropFault>();
        services.AddSingleton<LeakFault>();
        services.AddHostedService(provider => provider.GetRequiredService<LeakFault>());
    }

    public static void UseReferenceMiddleware(this WebApplication app)
    {
        // Create and seed the database now, while building, rather than on the first request.
        _ = app.Services.GetRequiredService<ReferenceDatabase>();

        var clock = app.Services.GetRequiredService<ReferenceClock>();
        app.Lifetime.ApplicationStarted.Register(clock.MarkStarted);

        app.Services.GetRequiredService<RequestCounter>().Use(app);
        app.UseFaults(app.Services.GetRequiredService<StallFault>(), app.Services.GetRequiredService<ErrorFault>());
    }

    public static void MapReferenceEndpoints(this WebApplication app)
    {
        var profile = ReferenceDeployment.ProfileName(app.Services.GetRequiredService<ReferenceOptions>().Profile);
        app.MapGet("/health", (WarmupGate gate) => gate.Warming
            ? Results.Json(new HealthStatus("warming", profile), statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Ok(new HealthStatus("ok", profile)));
        app.MapExpertsEndpoints();
        app.MapAuthEndpoints();
        app.MapDeploymentEndpoints();
        app.MapCacheEndpoints();
        app.MapAdminEndpoints();
        app.MapChaosEndpoints();
    }
}
