using Spectre.Console;
using Redline.Cli;
using Redline.Cli.Commands;
using Redline.Cli.Commands.Target;
using Redline.Cli.Demo;
using Spectre.Console.Cli;

// Written to a file or a CI log there is no terminal width to respect: tables are not folded at 80 columns.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 180;
}

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("redline");
    config.AddCommand<DemoCommand>("demo")
        .WithDescription("See Redline work: the seed's normal operations against the reference deployment, baseline against optimized.")
        .WithExample("demo", "--duration", "20s");
    config.AddCommand<RunCommand>("run")
        .WithDescription("Run the scenarios of a suite file against its target.")
        .WithExample("run", "examples/shop.yaml", "--scenario", "steady", "--duration", "30s");
    config.AddBranch("target", target =>
    {
        target.SetDescription("The reference deployment: a service that behaves like the seed's system, with known faults.");
        target.AddCommand<TargetServeCommand>("serve")
            .WithDescription("Serve the reference deployment over HTTP until Ctrl+C.")
            .WithExample("target", "serve", "--profile", "optimized", "--port", "5090", "--latency-scale", "0.1");
        target.AddCommand<TargetMcpStdioCommand>("mcp-stdio")
            .WithDescription("Serve the reference deployment's MCP tools over standard input and output.");
    });
    config.SetExceptionHandler((exception, _) => Errors.Report(exception));
});

return await app.RunAsync(args).ConfigureAwait(false);

