using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Redline.Testing.Servers;

/// <summary>Real Kestrel servers for tests: on a free port of 127.0.0.1, nothing logged.</summary>
public static class LoopbackServer
{
    /// <summary>A slim ASP.NET Core application that will listen on a free port of 127.0.0.1 once started; map its endpoints, then start it.</summary>
    public static WebApplication Create()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        return builder.Build();
    }

    /// <summary>The address a started server listens on, e.g. http://127.0.0.1:54321/.</summary>
    public static Uri AddressOf(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return new Uri(app.Urls.Single());
    }
}
