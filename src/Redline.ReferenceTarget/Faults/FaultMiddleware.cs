using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Redline.ReferenceTarget.Faults;

/// <summary>Applies the configured faults to every endpoint but <c>/health</c>, which stays honest.</summary>
internal static class FaultMiddleware
{
    private static readonly ErrorBody InjectedError = new("injected fault: error rate");
    private static readonly ErrorBody DroppedConnection = new("injected fault: database connection dropped");

    public static void UseFaults(this IApplicationBuilder app, StallFault stall, ErrorFault errors)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            if (stall.Enabled)
            {
                // Held just before the headers go out, so a response finished during a window waits
                // for its end, whether the request arrived in the window or earlier.
                var aborted = context.RequestAborted;
                context.Response.OnStarting(() => stall.HoldAsync(aborted));
            }

            if (errors.ShouldFail())
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsJsonAsync(InjectedError, context.RequestAborted);
                return;
            }

            try
            {
                await next(context);
            }
            catch (DatabaseConnectionDroppedException) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsJsonAsync(DroppedConnection, context.RequestAborted);
            }
        });
    }
}
