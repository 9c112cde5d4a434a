using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;

namespace Redline.ReferenceTarget.Mcp;

/// <summary>The reference deployment's MCP server: deployment tools over Streamable HTTP at /mcp and over stdio.</summary>
public static class ReferenceMcp
{
    /// <summary>The path of the Streamable HTTP endpoint.</summary>
    public const string EndpointPath = "/mcp";

    /// <summary>The name the server gives in its <c>initialize</c> answer.</summary>
    public const string ServerName = "redline-reference-target";

    /// <summary>Registers the MCP server and its tools for the HTTP transport.</summary>
    public static void AddReferenceMcp(IServiceCollection services, ReferenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        // Stateless: each POST is answered on its own, so a load generator may call tools/call without holding
        // a session. Served inside the deployment there is no connection of its own to keep, so the baseline
        // pays a new connection's set-up and a cold start on every call.
        AddServer(services, options, McpCosts.ConnectionSetup + McpCosts.ColdStart).WithHttpTransport(http => http.Stateless = true);
    }

    /// <summary>
    /// One of the MCP manager's servers (<c>redline target mcp-serve</c>): the tools alone over Streamable HTTP at
    /// /mcp, with /health, bound to <see cref="ReferenceOptions.Host"/>:<see cref="ReferenceOptions.Port"/>.
    /// Every new connection pays <see cref="McpCosts.ConnectionSetup"/> before its first request, so what a
    /// client saves by keeping its connections is measured, not assumed.
    /// </summary>
    public static WebApplication BuildHttpServer(ReferenceOptions options)
    {
        var builder = ReferenceDeployment.CreateBuilder(options);
        var connectionSetup = McpCosts.Scaled(McpCosts.ConnectionSetup, options.LatencyScale);
        builder.WebHost.ConfigureKestrel(kestrel => ReferenceDeployment.Listen(kestrel, options.Host, options.Port, listen =>
        {
            if (connectionSetup > TimeSpan.Zero)
            {
                listen.Use(next => async connection =>
                {
                    await Task.Delay(connectionSetup, connection.ConnectionClosed);
                    await next(connection);
                });
            }
        }));
        AddServer(builder.Services, options, McpCosts.ColdStart).WithHttpTransport(http => http.Stateless = true);
        var app = builder.Build();
        var profile = ReferenceDeployment.ProfileName(options.Profile);
        app.MapGet("/health", () => Results.Ok(new HealthStatus("ok", profile)));
        app.MapMcp(EndpointPath);
        return app;
    }

    /// <summary>Maps the Streamable HTTP endpoint at /mcp.</summary>
    public static void MapReferenceMcp(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMcp(EndpointPath);
    }

    /// <summary>
    /// Runs <see cref="BuildHttpServer"/> until <paramref name="cancellationToken"/> is cancelled, announcing its
    /// address on <paramref name="output"/> as the manager expects: "... listening on URL".
    /// </summary>
    public static async Task RunHttpAsync(ReferenceOptions options, TextWriter output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        await using var app = BuildHttpServer(options);
        await app.StartAsync(cancellationToken);
        await output.WriteLineAsync($"reference MCP server ({ReferenceDeployment.ProfileName(options.Profile)}) listening on {ReferenceDeployment.ListeningAddress(app).ToString().TrimEnd('/')}");
        await output.FlushAsync(CancellationToken.None);
        using var registration = cancellationToken.Register(app.Lifetime.StopApplication);
        await app.WaitForShutdownAsync(CancellationToken.None);
    }

    /// <summary>Serves the same tools over standard input and output until <paramref name="cancellationToken"/> is cancelled or input ends.</summary>
    /// <remarks>Cancellation stops the server and completes the task; it does not throw. Logs go to standard error.</remarks>
    public static Task RunStdioAsync(ReferenceOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        return RunConsoleAsync(options, cancellationToken);
    }

    /// <summary>Serves the tools over a pair of streams, one JSON-RPC message per line, until cancelled or <paramref name="input"/> ends.</summary>
    internal static async Task RunStreamsAsync(ReferenceOptions options, Stream input, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);

        // The empty builder adds no logger that could write to stdout; the one added here writes only to stderr.
        var builder = Host.CreateEmptyApplicationBuilder(settings: null);
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        AddServer(builder.Services, options, McpCosts.ColdStart).WithStreamServerTransport(input, output);

        // The SDK stops the host when the session ends, which it does at the end of input.
        await builder.Build().RunAsync(cancellationToken);
    }

    private static async Task RunConsoleAsync(ReferenceOptions options, CancellationToken cancellationToken)
    {
        await using var stdin = Console.OpenStandardInput();
        await using var stdout = Console.OpenStandardOutput();
        // Stdout carries protocol messages only: anything else in the process that writes to Console.Out goes to stderr.
        var previousOut = Console.Out;
        Console.SetOut(Console.Error);
        try
        {
            await RunStreamsAsync(options, stdin, stdout, cancellationToken);
        }
        finally
        {
            Console.SetOut(previousOut);
        }
    }

    private static IMcpServerBuilder AddServer(IServiceCollection services, ReferenceOptions options, TimeSpan coldSetup)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton<RolloutState>();
        services.TryAddSingleton<ClusterApi>();
        services.TryAddSingleton(provider => CreateSource(options, coldSetup, provider.GetRequiredService<TimeProvider>()));
        return services
            .AddMcpServer(server =>
            {
                server.ServerInfo = new Implementation
                {
                    Name = ServerName,
                    Title = "Redline reference deployment",
                    Version = typeof(ReferenceMcp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0",
                };
                server.ServerInstructions = $"Deployment tools for a simulated cluster, {options.Profile} profile.";
            })
            .WithTools<DeploymentTools>();
    }

    private static IInventorySource CreateSource(ReferenceOptions options, TimeSpan coldSetup, TimeProvider time)
    {
        var json = InventoryGenerator.GenerateJson(options.Seed);
        var setup = McpCosts.Scaled(coldSetup, options.LatencyScale);
        return options.Profile == Profile.Optimized
            ? new WarmInventorySource(json, setup, time)
            : new ColdInventorySource(json, setup, time);
    }
}
