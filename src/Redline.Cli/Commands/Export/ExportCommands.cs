using System.ComponentModel;
using Redline.Dashboard.Exports;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Export;

/// <summary>The options of <c>redline export ...</c>: a suite, and where the file goes.</summary>
internal sealed class ExportSettings : CommandSettings
{
    [CommandArgument(0, "<SUITE>")]
    [Description("The suite file (YAML).")]
    public string Suite { get; init; } = "";

    [CommandOption("-o|--out <FILE>")]
    [Description("Write here; default: standard output.")]
    public string? Out { get; init; }

    /// <summary>Writes <paramref name="text"/> to --out or standard output; a file that cannot be written is exit 2.</summary>
    public int Emit(string text, string what)
    {
        if (Out is null)
        {
            Console.Out.Write(text);
            return ExitCodes.Ok;
        }

        try
        {
            var full = Path.GetFullPath(Out);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
            Console.Error.WriteLine($"redline: wrote {what} to {full}");
            return ExitCodes.Ok;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new UserFacingException(ExitCodes.BadInput, $"cannot write {Out}: {exception.Message}");
        }
    }
}

/// <summary><c>redline export grafana SUITE</c>: a Grafana dashboard over the names <c>/metrics</c> serves, with the suite's criteria as threshold lines.</summary>
internal sealed class ExportGrafanaCommand : Command<ExportSettings>
{
    public override int Execute(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        var suite = RunCommand.LoadSuite(settings.Suite);
        var criteria = suite.Scenarios.SelectMany(s => s.Criteria).GroupBy(c => (c.Component, c.Metric)).Select(g => g.First()).ToList();
        return settings.Emit(GrafanaDashboard.Write(suite.Name, criteria), "the Grafana dashboard");
    }
}

/// <summary><c>redline export prometheus-rules SUITE</c>: the suite's alerts as Prometheus alerting rules.</summary>
internal sealed class ExportPrometheusRulesCommand : Command<ExportSettings>
{
    public override int Execute(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        var suite = RunCommand.LoadSuite(settings.Suite);
        var rules = PrometheusRules.Write(suite.Name, suite.Alerts, out var errors);
        if (rules is null)
        {
            foreach (var error in errors)
            {
                Console.Error.WriteLine($"{settings.Suite}: {error}");
            }

            throw new UserFacingException(ExitCodes.BadInput, $"{errors.Count} alert{(errors.Count == 1 ? "" : "s")} in {settings.Suite} cannot be written as Prometheus rules; nothing was written.");
        }

        if (suite.Alerts.Count == 0)
        {
            Console.Error.WriteLine($"redline: {settings.Suite} has no alerts: the rule group is empty");
        }

        return settings.Emit(rules, "the Prometheus rules");
    }
}
