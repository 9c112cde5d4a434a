using Spectre.Console.Cli;

namespace Redline.Cli.CommandLine;

/// <summary>
/// Refuses what strict parsing still lets through: words after "--", which no command reads, and a
/// last option without its value (`--baseline` alone would run without a gate).
/// </summary>
internal sealed class NoStrayArguments(IReadOnlyList<string> args, CommandCatalog catalog) : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        if (UsageErrors.Explain(args, catalog) is { } problem)
        {
            throw new UserFacingException(ExitCodes.BadInput, problem);
        }
    }
}
