using Redline.Cli;
using Redline.Cli.CommandLine;
using Spectre.Console;
using Spectre.Console.Cli;

// Written to a file or a CI log there is no terminal width to respect: tables are not folded at 80 columns.
if (Console.IsOutputRedirected)
{
    AnsiConsole.Profile.Width = 180;
}

// `--dashboard ADDR` as well as `--dashboard=ADDR`.
args = OptionalValues.Join(args);
var commands = new CommandCatalog();
var app = new CommandApp();
app.Configure(config =>
{
    config.SetApplicationName("redline");

    // An option no command has is refused (exit 2), never ignored: `--basline auto` must not run without its gate.
    config.UseStrictParsing();
    RedlineCommands.Register(config, commands);
    config.SetInterceptor(new NoStrayArguments(args, commands));
    config.SetExceptionHandler((exception, _) => Errors.Report(exception, args, commands));
});

return await app.RunAsync(args).ConfigureAwait(false);

