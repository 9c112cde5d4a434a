using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using Redline.Cli.Running;
using Redline.Cli.Suites;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Demo;

/// <summary>
/// <c>redline demo</c>: starts the reference deployment, runs the seed's normal-operations load at
/// laptop size over the seed's five components (the peak-load scenario's mix, the one that names all
/// five) against the baseline profile and then the optimized one, and shows each component against
/// the seed's baseline and target tables.
/// </summary>
internal sealed class DemoCommand : AsyncCommand<DemoSettings>
{
    public const string ScenarioName = "normal_operations";

    /// <summary>How many MCP server processes the deployment's MCP manager runs behind /mcp.</summary>
    public const string McpServers = "2";

    /// <summary>The scenario whose request mix covers the seed's five components.</summary>
    public const string MixScenarioName = "peak_load";

    public override async Task<int> ExecuteAsync(CommandContext context, DemoSettings settings, CancellationToken cancellationToken)
    {
        var suite = LoadSuite();
        var normal = suite.FindScenario(ScenarioName) ?? throw new InvalidOperationException($"The bundled suite has no {ScenarioName} scenario.");
        var fiveComponents = suite.FindScenario(MixScenarioName) ?? throw new InvalidOperationException($"The bundled suite has no {MixScenarioName} scenario.");
        var scenario = normal with { Mix = fiveComponents.Mix };
        var outRoot = Path.GetFullPath(settings.Out ?? Path.Combine(".redline", "demo", TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
        using var signals = new StopSignals();
        var outcomes = new Dictionary<string, RunOutcome>();
        foreach (var profile in new[] { "baseline", "optimized" })
        {
            AnsiConsole.MarkupLine($"[bold]{profile}[/] profile: {ScenarioName} for {SuiteUnits.Format(settings.DurationValue)} at scale {Markup.Escape(settings.Scale)} ({Markup.Escape(scenario.Description ?? "")})");
            var request = new RunRequest(Path.Combine(outRoot, profile), settings.DurationValue, settings.ScaleValue, settings.Quiet, null);
            var outcome = await new RunSession(ForProfile(suite, profile, settings.LatencyScale), [scenario], request).ExecuteAsync(signals).ConfigureAwait(false);
            if (outcome.Result.Verdict == Engine.Verdict.Aborted)
            {
                AnsiConsole.MarkupLine($"[yellow]stopped by the user; results so far: {Markup.Escape(outcome.OutDir)}[/]");
                return ExitCodes.Aborted;
            }

            outcomes[profile] = outcome;
        }

        var (baseline, optimized) = (outcomes["baseline"].Result.Scenarios[0], outcomes["optimized"].Result.Scenarios[0]);
        var table = DemoTable.Build(scenario, baseline, optimized);
        DemoTable.Print(table);
        var resources = DemoResources.Build(baseline, optimized);
        DemoResources.Print(resources);
        var markdown = Path.Combine(outRoot, "demo.md");
        var text = new System.Text.StringBuilder(DemoTable.ToMarkdown(table, settings));
        DemoResources.AppendMarkdown(text, resources);
        await File.WriteAllTextAsync(markdown, text.ToString(), CancellationToken.None).ConfigureAwait(false);
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine($"table: [bold]{Markup.Escape(markdown)}[/]");
        AnsiConsole.MarkupLine($"runs:  {Markup.Escape(outcomes["baseline"].OutDir)} and {Markup.Escape(outcomes["optimized"].OutDir)}");
        return ExitCodes.Ok;
    }

    /// <summary>The seed's suite, bundled with Redline so the demo runs from anywhere.</summary>
    public static Suite LoadSuite()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("code-deployment.yaml")
            ?? throw new InvalidOperationException("The bundled code-deployment.yaml is missing.");
        using var reader = new StreamReader(stream);
        var loaded = SuiteLoader.LoadFromText(reader.ReadToEnd(), "code-deployment.yaml", Environment.CurrentDirectory);
        return loaded.Suite ?? throw new InvalidOperationException("The bundled suite does not load: " + string.Join("; ", loaded.Errors));
    }

    /// <summary>The suite aimed at a reference deployment of <paramref name="profile"/> on a free port, started by this Redline.</summary>
    private static Suite ForProfile(Suite suite, string profile, string latencyScale)
    {
        var port = FreePort();
        var start = suite.Target.Start! with
        {
            Command = SelfCommand.Name,
            Args = ["target", "serve", "--profile", profile, "--port", port.ToString(CultureInfo.InvariantCulture), "--latency-scale", latencyScale, "--mcp-servers", McpServers],
        };
        return suite with { Target = new TargetSpec(new Uri($"http://127.0.0.1:{port}"), start) };
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
