using Redline.Cli.CommandLine;
using Spectre.Console.Cli;

namespace Redline.Cli;

/// <summary>The one place an exception becomes a message and an exit code.</summary>
internal static class Errors
{
    public static int Report(Exception exception, IReadOnlyList<string> args, CommandCatalog commands)
    {
        switch (exception)
        {
            case UserFacingException user:
                Write(user.Message);
                return user.ExitCode;
            case CommandParseException or CommandRuntimeException:
                // Spectre's own words name the token but not what was meant; ours name both.
                Write(UsageErrors.Explain(args, commands) ?? exception.Message);
                return ExitCodes.BadInput;
            default:
                Write($"internal error (a bug in Redline; please report it with the lines below): {exception.GetType().Name}: {exception.Message}");
                Console.Error.WriteLine(exception.StackTrace);
                return ExitCodes.InternalError;
        }
    }

    public static void Write(string message) => Console.Error.WriteLine($"redline: {message}");
}
