using System.Reflection;
using Microsoft.AspNetCore.Builder;
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
        // a session, and the per-call setup cost of the baseline profile is paid on every call it makes.
        AddServer(services, options).WithHttpTransport(http => http.Stateless = true);
    }

    /// <summary>Maps the Streamable HTTP endpoint at /mcp.</summary>
    public static void MapReferenceMcp(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapMcp(EndpointPath);
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
        AddServer(builder.Services, options).WithStreamServerTransport(input, output);

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

    private static IMcpServerBuilder AddServer(IServiceCollection services, ReferenceOptions options)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RolloutState>();
        services.TryAddSingleton(provider => CreateSource(options, provider.GetRequiredService<TimeProvider>()));
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

    private static IInventorySource CreateSource(ReferenceOptions options, TimeProvider time)
    {
        var json = InventoryGenerator.GenerateJson(options.Seed);
        var setup = options.LatencyScale > 0 ? ColdInventorySource.SetupCost * options.LatencyScale : TimeSpan.Zero;
        return options.Profile == Profile.Optimized
            ? new WarmInventorySource(json, setup, time)
            : new ColdInventorySource(json, setup, time);
    }
}
