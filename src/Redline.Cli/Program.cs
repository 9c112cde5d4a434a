using Redline.Cli;
using Redline.Cli.Commands;
using Spectre.Console.Cli;

var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("redline");
    config.AddCommand<RunCommand>("run")
        .WithDescription("Run the scenarios of a suite file against its target.")
        .WithExample("run", "examples/shop.yaml", "--scenario", "steady", "--duration", "30s");
    config.SetExceptionHandler((exception, _) => Errors.Report(exception));
});

return await app.RunAsync(args).ConfigureAwait(false);

