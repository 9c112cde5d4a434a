using Spectre.Console;
using Redline.Cli;
using Redline.Cli.Commands;
using Redline.Cli.Commands.Target;
using Redline.Cli.Demo;
using Redline.Cli.Gate;
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
    config.AddCommand<CompareCommand>("compare")
        .WithDescription("Compare two stored runs metric by metric; exit 3 on a blocking regression.")
        .WithExample("compare", "20261127-101500-1a2b", "20261127-113000-3c4d", "--report", "html");
    config.AddCommand<ReportCommand>("report")
        .WithDescription("Write one report of a stored run: html, md, json, junit or csv.");
    config.AddBranch("baseline", baseline =>
    {
        baseline.SetDescription("Named baselines that runs compare with.");
        baseline.AddCommand<BaselineSetCommand>("set").WithDescription("Name a stored run (or the newest on a branch) as a baseline.");
    });
    config.AddBranch("history", history =>
    {
        history.SetDescription("The history of stored runs.");
        history.AddCommand<HistoryListCommand>("list").WithDescription("Stored runs, newest first.");
        history.AddCommand<HistoryShowCommand>("show").WithDescription("One stored run's figures.");
        history.AddCommand<HistoryChangesCommand>("changes").WithDescription("A metric over stored runs: its 7-day band, week over week, and where its level shifted.");
        history.AddCommand<HistoryPruneCommand>("prune").WithDescription("Apply the retention policy: roll up old intervals, drop what is past a year.");
    });
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

