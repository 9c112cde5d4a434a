using System.Globalization;
using Redline.Cli.Suites;

namespace Redline.Cli.CommandLine;

/// <summary>
/// Says what was wrong with a command line in the user's words: the option that no command has and
/// the one it most likely meant, the argument too many, the command that does not exist.
/// </summary>
internal static class UsageErrors
{
    /// <summary>The message for a command line that did not parse, or null when nothing in it is unknown.</summary>
    public static string? Explain(IReadOnlyList<string> args, CommandCatalog catalog)
    {
        var shape = catalog.Resolve(args);
        var positionals = new List<string>();
        for (var i = shape.ArgumentsStart; i < args.Count; i++)
        {
            var token = args[i];
            if (token == "--")
            {
                // What follows "--" would be handed to no one, unless the command passes it on.
                positionals.AddRange(shape.PassesOn ? [] : args.Skip(i + 1));
                break;
            }

            if (!IsOption(token))
            {
                positionals.Add(token);
                continue;
            }

            var name = token.Split('=', ':')[0];
            var option = Find(shape, name);
            if (option is null)
            {
                return UnknownOption(name, shape);
            }

            if (option.TakesValue && name.Length == token.Length)
            {
                if (i + 1 == args.Count || IsOption(args[i + 1]))
                {
                    return $"option '{name}' needs a value: {name} <{option.ValueName}>.";
                }

                i++;
            }
            else if (!option.TakesValue && i + 1 < args.Count && bool.TryParse(args[i + 1], out _))
            {
                // Spectre reads `--quiet false` as the flag's value.
                i++;
            }
        }

        if (shape.Commands.Count > 0 && positionals.Count > 0)
        {
            var close = Closest(positionals[0], shape.Commands);
            return $"unknown command '{positionals[0]}' for {shape.Invocation}; "
                + (close is null ? $"its commands are {SuiteMessages.List(shape.Commands)}." : $"did you mean '{close}'?");
        }

        if (!shape.TakesAnyNumber && positionals.Count > shape.Arguments.Count)
        {
            var takes = shape.Arguments.Count == 0 ? "takes no arguments" : $"takes only {string.Join(" ", shape.Arguments)}";
            return $"unexpected argument '{positionals[shape.Arguments.Count]}': {shape.Invocation} {takes}.";
        }

        return null;
    }

    private static bool IsOption(string token) =>
        token.Length > 1 && token[0] == '-' && !double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    /// <summary>The option <paramref name="name"/> names; "-qs" is two short flags.</summary>
    private static OptionShape? Find(CommandShape shape, string name)
    {
        var option = shape.Options.FirstOrDefault(o => o.Names.Contains(name, StringComparer.Ordinal));
        if (option is not null || name.StartsWith("--", StringComparison.Ordinal) || name.Length <= 2)
        {
            return option;
        }

        var flags = name[1..].Select(c => Find(shape, "-" + c)).ToList();
        return flags.All(f => f is not null) ? flags[^1] : null;
    }

    private static string UnknownOption(string name, CommandShape shape)
    {
        var longNames = shape.Options.SelectMany(o => o.Names).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Select(n => n[2..]).ToList();
        var close = Closest(name.TrimStart('-'), longNames);
        return close is null
            ? $"unknown option '{name}' for {shape.Invocation}; `{shape.Invocation} --help` lists its options."
            : $"unknown option '{name}' for {shape.Invocation}; did you mean '--{close}'?";
    }

    /// <summary>A likely typo's intended name: the one name it is the start of, else one within two edits.</summary>
    private static string? Closest(string typed, IReadOnlyList<string> names)
    {
        if (typed.Length < 3)
        {
            return null;
        }

        var extending = names.Where(n => n.StartsWith(typed, StringComparison.Ordinal)).ToList();
        return extending.Count == 1 ? extending[0] : SuiteMessages.Suggest(typed, names);
    }
}
