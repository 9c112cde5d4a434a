namespace Redline.Cli.Kinds;

/// <summary>The files kinds embed, such as their schema definitions (Kinds/**/*.schema.json, embedded as kinds/&lt;file name&gt;).</summary>
internal static class KindResources
{
    /// <summary>The text of the embedded kind file <paramref name="fileName"/>.</summary>
    public static string Read(string fileName)
    {
        var name = "kinds/" + fileName;
        using var stream = typeof(KindResources).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource '{name}' is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
