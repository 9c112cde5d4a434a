using Redline.Cli.Kinds;

namespace Redline.Cli.Suites;

/// <summary>
/// Loads a suite file: YAML syntax, then the JSON Schema (structure), then the semantic checks (references,
/// sums, exclusive keys, ranges, criteria). Every error of every stage is reported at once, sorted by position;
/// a file without errors becomes a frozen <see cref="Suite"/>.
/// </summary>
internal static class SuiteLoader
{
    /// <summary>Loads the suite file at <paramref name="path"/>; errors name the path as given. Components may be of <paramref name="kinds"/> (the default kinds when null).</summary>
    public static SuiteLoadResult Load(string path, ComponentKinds? kinds = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            return new SuiteLoadResult(null, [new SuiteError(path, 0, 0, "", $"cannot read the suite file: {reason}")]);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return LoadFromText(text, path, directory, kinds);
    }

    /// <summary>
    /// Loads a suite from <paramref name="text"/>; errors name <paramref name="fileName"/>, and relative paths in
    /// the suite (target.start.working_dir) resolve against <paramref name="baseDirectory"/>. Components may be
    /// of <paramref name="kinds"/> (the default kinds when null).
    /// </summary>
    public static SuiteLoadResult LoadFromText(string text, string fileName, string baseDirectory, ComponentKinds? kinds = null)
    {
        kinds ??= ComponentKinds.Default;
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var tree = SuiteYaml.Read(text, fileName);
        if (tree.Errors.Count > 0)
        {
            return new SuiteLoadResult(null, tree.Errors);
        }

        if (tree.Root is null)
        {
            return new SuiteLoadResult(null, [new SuiteError(fileName, 1, 1, "", "the file is empty; a suite needs the keys suite, target, components and scenarios")]);
        }

        var schemaIssues = kinds.Schema.Validate(tree.Root, tree.Map);
        var semanticIssues = new SuiteIssues();
        var suite = new SuiteReader(new ValueReader(tree.Map, semanticIssues), baseDirectory, kinds).Read(DocNode.Root(tree.Root));

        // Both stages read the same values; where the schema already spoke, its message stands alone.
        var flagged = schemaIssues.Select(i => i.Pointer).ToHashSet(StringComparer.Ordinal);
        var issues = schemaIssues
            .Concat(semanticIssues.Items.Where(i => !flagged.Contains(i.Pointer)))
            .ToList();

        // "unknown key 'duraton'; did you mean 'duration'?" already explains the missing 'duration'.
        var suggested = issues
            .Where(i => i.Suggested is not null)
            .Select(i => Pointers.Append(Pointers.Parent(i.Pointer), i.Suggested!))
            .ToHashSet(StringComparer.Ordinal);
        var errors = issues
            .Where(i => !(suggested.Contains(i.Pointer) && tree.Map.Find(i.Pointer) is null))
            .Select(i => tree.Map.ToError(fileName, i.Pointer, i.AtKey, i.Message))
            .Distinct()
            .OrderBy(e => e.Line)
            .ThenBy(e => e.Column)
            .ToList();
        if (errors.Count > 0)
        {
            return new SuiteLoadResult(null, errors);
        }

        return suite is null
            ? throw new InvalidOperationException($"{fileName}: the suite has no errors but could not be built; this is a bug in Redline.")
            : new SuiteLoadResult(suite, []);
    }
}
