using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Redline.ReferenceTarget.Mcp;
using Redline.ReferenceTarget.Mcp.Servers;

namespace Redline.ReferenceTarget;

/// <summary>The reference deployment: a service that behaves like the seed's system, with known faults, for Redline to measure.</summary>
public static class ReferenceDeployment
{
    /// <summary>Builds the service, bound to <see cref="ReferenceOptions.Host"/>:<see cref="ReferenceOptions.Port"/>, with its database created and seeded.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static WebApplication Build(ReferenceOptions options) => Build(options, TimeProvider.System);

    /// <summary>Builds, starts and serves until <paramref name="cancellationToken"/> is cancelled, then stops cleanly.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static Task RunAsync(ReferenceOptions options, CancellationToken cancellationToken) =>
        RunAsync(options, Console.Out, cancellationToken);

    /// <summary>The address a started deployment listens on, e.g. http://127.0.0.1:54321/, with the real port when it was 0.</summary>
    /// <exception cref="InvalidOperationException">The application has not been started.</exception>
    public static Uri ListeningAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("The reference deployment is not listening yet; call StartAsync first.");
        return new Uri(first.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>"baseline" or "optimized", as the CLI and the responses spell it.</summary>
    internal static string ProfileName(Profile profile) => profile == Profile.Optimized ? "optimized" : "baseline";

    /// <summary>Runs as <see cref="RunAsync(ReferenceOptions, CancellationToken)"/> does, announcing the address on <paramref name="output"/>.</summary>
    internal static async Task RunAsync(ReferenceOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        if (options.Profile == Profile.Optimized)
        {
            SizeWorkerPool();
        }

        await using var app = Build(options);
        var gate = app.Services.GetRequiredService<WarmupGate>();
        gate.Begin();
        try
        {
            await app.StartAsync(cancellationToken);
            await ReferenceWarmup.RunAsync(app, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped (Ctrl+C, SIGTERM) while still warming up: a stop like any other, not a failure.
            return;
        }

        gate.End();
        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"reference deployment ({ProfileName(options.Profile)}) listening on {ListeningAddress(app).ToString().TrimEnd('/')}"));
        await output.FlushAsync(CancellationToken.None);

        // Either the caller's token or the host's own shutdown (Ctrl+C, SIGTERM) ends the run.
        using var registration = cancellationToken.Register(app.Lifetime.StopApplication);
        await app.WaitForShutdownAsync(CancellationToken.None);
    }

    /// <summary>Builds the service on <paramref name="time"/>, so tests can drive fault schedules.</summary>
    internal static WebApplication Build(ReferenceOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var builder = CreateBuilder(options);
        builder.WebHost.ConfigureKestrel(kestrel => Listen(kestrel, options.Host, options.Port));

        builder.Services.AddReferenceServices(options, time);
        if (options.McpServers > 0)
        {
            // The manager's servers answer /mcp, each its own process; the deployment routes to them.
            builder.Services.AddSingleton<McpServerManager>();
            builder.Services.AddHostedService(provider => provider.GetRequiredService<McpServerManager>());
            builder.Services.AddSingleton<McpGateway>();
        }
        else
        {
            ReferenceMcp.AddReferenceMcp(builder.Services, options);
        }

        var app = builder.Build();
        app.UseReferenceMiddleware();
        app.MapReferenceEndpoints();
        if (options.McpServers > 0)
        {
            McpGateway.Map(app);
            app.MapMcpServersEndpoints();
        }
        else
        {
            ReferenceMcp.MapReferenceMcp(app);
        }

        return app;
    }

    /// <summary>
    /// The optimized profile sizes its worker pool for the blocking work it does (password hashes, SQLite
    /// queries): <see cref="OptimizedWorkerThreads"/> threads ready at once. The baseline keeps .NET's default, one
    /// per core and more only as the pool notices it is starved, so a short request waits behind a long one.
    /// Process-wide, so only a served deployment (one profile per process) does it.
    /// </summary>
    private static void SizeWorkerPool()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, OptimizedWorkerThreads), Math.Max(io, OptimizedWorkerThreads));
    }

    /// <summary>The worker threads the optimized profile keeps ready.</summary>
    internal const int OptimizedWorkerThreads = 64;

    /// <summary>A quiet web application builder for valid <paramref name="options"/>: warnings to stderr, nothing read from the working directory.</summary>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    internal static WebApplicationBuilder CreateBuilder(ReferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = ReferenceOptionsValidation.Problems(options);
        if (problems.Count > 0)
        {
            throw new ArgumentException($"Invalid reference deployment options: {string.Join("; ", problems)}.", nameof(options));
        }

        // The content root is the binaries' folder so that an appsettings.json in the caller's
        // working directory cannot change the service.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Warnings go to stderr: stdout carries only the "listening on" line that callers parse.
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        return builder;
    }

    /// <summary>Binds <paramref name="host"/>:<paramref name="port"/>, with <paramref name="configure"/> applied to each endpoint.</summary>
    internal static void Listen(KestrelServerOptions kestrel, string host, int port, Action<ListenOptions>? configure = null)
    {
        configure ??= _ => { };
        if (IPAddress.TryParse(host, out var address))
        {
            kestrel.Listen(address, port, configure);
        }
        else if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel cannot bind "localhost" to port 0 (it would need the same free port on both loopbacks).
            if (port == 0)
            {
                kestrel.Listen(IPAddress.Loopback, 0, configure);
            }
            else
            {
                kestrel.ListenLocalhost(port, configure);
            }
        }
        else
        {
            kestrel.ListenAnyIP(port, configure);
        }
    }
}
