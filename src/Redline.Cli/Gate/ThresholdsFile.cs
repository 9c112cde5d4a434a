using Redline.Results.Analysis;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Redline.Cli.Gate;

/// <summary>
/// <c>--thresholds FILE</c>: the <c>regression_thresholds:</c> section of a YAML file (a suite file has one), for runs that
/// have no suite of their own to carry it, such as imported micro-benchmarks.
/// </summary>
internal static class ThresholdsFile
{
    /// <summary>The file's thresholds, or the problems that keep it from giving them (each naming the file, and the line where known).</summary>
    public static (RegressionThresholds? Thresholds, IReadOnlyList<string> Problems) Load(string path)
    {
        YamlMappingNode section;
        try
        {
            var stream = new YamlStream();
            using (var reader = new StreamReader(path))
            {
                stream.Load(reader);
            }

            if (stream.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode root
                || !root.Children.TryGetValue(new YamlScalarNode("regression_thresholds"), out var found)
                || found is not YamlMappingNode map)
            {
                return (null, [$"--thresholds: {path} has no regression_thresholds: section (a map of critical, warning and notice levels)"]);
            }

            section = map;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return (null, [$"--thresholds: cannot read {path}: {exception.Message}"]);
        }
        catch (YamlException exception)
        {
            return (null, [$"--thresholds: {path}:{exception.Start.Line}:{exception.Start.Column}: {exception.Message}"]);
        }

        var levels = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        string? alpha = null;
        foreach (var (key, value) in section.Children)
        {
            var name = key.ToString();
            if (name == "alpha")
            {
                alpha = value.ToString();
            }
            else if (value is YamlMappingNode level)
            {
                levels[name] = level.Children.Where(c => c.Value is YamlScalarNode).ToDictionary(c => c.Key.ToString(), c => c.Value.ToString(), StringComparer.Ordinal);
            }
            else
            {
                return (null, [$"--thresholds: {path}:{key.Start.Line}:{key.Start.Column}: regression_thresholds.{name}: expected a map of rules"]);
            }
        }

        var thresholds = RegressionThresholds.TryParse(levels, alpha, out var issues);
        return (thresholds, [.. issues.Select(i => $"--thresholds: {path}: regression_thresholds.{i}")]);
    }
}
