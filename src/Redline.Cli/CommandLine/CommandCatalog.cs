using System.Reflection;
using Spectre.Console.Cli;

namespace Redline.Cli.CommandLine;

/// <summary>
/// Every command's path and settings, recorded as the commands are registered, so that a usage
/// error can name the options the command does have.
/// </summary>
internal sealed class CommandCatalog
{
    private readonly Dictionary<string, Type> _settings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Type> _defaults = new(StringComparer.Ordinal);

    /// <summary>Registers a top-level command.</summary>
    public ICommandConfigurator Add<TCommand>(IConfigurator config, string name)
        where TCommand : class, ICommand
    {
        _settings[name] = SettingsOf(typeof(TCommand));
        return config.AddCommand<TCommand>(name);
    }

    /// <summary>Registers a command of a branch; <paramref name="path"/> is "branch command".</summary>
    public ICommandConfigurator Add<TCommand>(IConfigurator<CommandSettings> branch, string path)
        where TCommand : class, ICommandLimiter<CommandSettings>
    {
        _settings[path] = SettingsOf(typeof(TCommand));
        return branch.AddCommand<TCommand>(path[(path.LastIndexOf(' ') + 1)..]);
    }

    /// <summary>Registers the command a branch runs when no command of it is named (<c>redline ci SUITE</c>).</summary>
    public void AddDefault<TCommand>(IConfigurator<CommandSettings> branch, string path)
        where TCommand : class, ICommandLimiter<CommandSettings>
    {
        _defaults[path] = SettingsOf(typeof(TCommand));
        branch.SetDefaultCommand<TCommand>();
    }

    /// <summary>The command, branch or root that <paramref name="args"/> address, and where its own arguments start.</summary>
    public CommandShape Resolve(IReadOnlyList<string> args)
    {
        var path = "";
        var used = 0;
        while (used < args.Count && !args[used].StartsWith('-'))
        {
            var longer = path.Length == 0 ? args[used] : $"{path} {args[used]}";
            if (_settings.TryGetValue(longer, out var settings))
            {
                return CommandShape.Of(longer, settings, used + 1);
            }

            if (!IsBranch(longer))
            {
                break;
            }

            path = longer;
            used++;
        }

        return _defaults.TryGetValue(path, out var fallback) && used < args.Count
            ? CommandShape.Of(path, fallback, used)
            : CommandShape.Branch(path, used, Children(path));
    }

    private bool IsBranch(string path) => _settings.Keys.Any(k => k.StartsWith(path + " ", StringComparison.Ordinal));

    /// <summary>The names one level below <paramref name="path"/> ("" is the root).</summary>
    private List<string> Children(string path) =>
        _settings.Keys
            .Where(k => path.Length == 0 || k.StartsWith(path + " ", StringComparison.Ordinal))
            .Select(k => (path.Length == 0 ? k : k[(path.Length + 1)..]).Split(' ')[0])
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static Type SettingsOf(Type command)
    {
        for (var type = command; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericArguments() is [var settings] && typeof(CommandSettings).IsAssignableFrom(settings))
            {
                return settings;
            }
        }

        return typeof(EmptyCommandSettings);
    }
}

/// <summary>What one command (or branch) accepts: its options, its positional arguments and, for a branch, its commands.</summary>
internal sealed record CommandShape(string Path, int ArgumentsStart, IReadOnlyList<OptionShape> Options, IReadOnlyList<string> Arguments, IReadOnlyList<string> Commands, bool TakesAnyNumber)
{
    /// <summary>Whether the command hands what follows <c>--</c> to a program it runs (<see cref="IPassesOnArguments"/>).</summary>
    public bool PassesOn { get; init; }

    private static readonly OptionShape Help = new(["-h", "--help"], null);

    /// <summary>The words a user types for it: "redline run".</summary>
    public string Invocation => Path.Length == 0 ? "redline" : $"redline {Path}";

    public static CommandShape Of(string path, Type settings, int argumentsStart)
    {
        var properties = settings.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        var options = properties
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .OfType<CommandOptionAttribute>()
            .Where(o => !o.IsHidden)
            .Select(o => new OptionShape(
                [.. o.ShortNames.Select(n => "-" + n), .. o.LongNames.Select(n => "--" + n)],
                o.ValueIsOptional ? null : o.ValueName))
            .Append(Help)
            .ToList();
        var arguments = properties
            .Select(p => (Property: p, Attribute: p.GetCustomAttribute<CommandArgumentAttribute>()))
            .Where(a => a.Attribute is not null)
            .OrderBy(a => a.Attribute!.Position)
            .ToList();
        return new CommandShape(
            path,
            argumentsStart,
            options,
            [.. arguments.Select(a => a.Attribute!.IsRequired ? $"<{a.Attribute.ValueName}>" : $"[{a.Attribute.ValueName}]")],
            [],
            arguments.Any(a => a.Property.PropertyType.IsArray))
        {
            PassesOn = typeof(IPassesOnArguments).IsAssignableFrom(settings),
        };
    }

    public static CommandShape Branch(string path, int argumentsStart, IReadOnlyList<string> commands) =>
        new(
            path,
            argumentsStart,
            [Help],
            [],
            commands,
            TakesAnyNumber: false);
}

/// <summary>One option's names (with their dashes) and the name of the value that must follow it, if one must.</summary>
internal sealed record OptionShape(IReadOnlyList<string> Names, string? ValueName)
{
    public bool TakesValue => ValueName is not null;
}

/// <summary>Settings of a command that hands what follows <c>--</c> to a program it runs (<c>bench run</c>).</summary>
internal interface IPassesOnArguments;
