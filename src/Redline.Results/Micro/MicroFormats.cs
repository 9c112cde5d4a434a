namespace Redline.Results.Micro;

/// <summary>
/// Reads micro-benchmark result files of six tools into <see cref="MicroImport"/>, every time in nanoseconds per
/// operation, each spread with what it means.
/// </summary>
public static class MicroFormats
{
    /// <summary>The formats by name, as <see cref="Read"/> takes them.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        BenchmarkDotNetFormat.Name, GoogleBenchmarkFormat.Name, CriterionFormat.Name, PytestBenchmarkFormat.Name, GoBenchFormat.Name, JmhFormat.Name,
    ];

    private static string Known => string.Join(", ", Names);

    /// <summary>
    /// Reads a result file, or for Criterion also a folder (<c>target/criterion</c> or one benchmark's). With no
    /// <paramref name="format"/>, the content tells which it is.
    /// </summary>
    /// <param name="path">The file or folder.</param>
    /// <param name="format">One of <see cref="Names"/>, or null to detect it.</param>
    /// <exception cref="MicroFormatException">
    /// The format is unknown or cannot be told, or the file is missing, malformed or not of the format; the message
    /// names the file and, where known, the line and column or the JSON path.
    /// </exception>
    public static MicroImport Read(string path, string? format = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var wanted = format?.Trim().ToLowerInvariant();
        if (wanted is not null && !Names.Contains(wanted))
        {
            throw new MicroFormatException($"unknown micro-benchmark format \"{format}\"; the formats are {Known}");
        }
        if (Directory.Exists(path))
        {
            return wanted is null or CriterionFormat.Name
                ? CriterionFormat.ReadDirectory(path)
                : throw new MicroFormatException($"{path}: a folder, and only {CriterionFormat.Name} results are read from a folder; give the {wanted} file");
        }
        if (!File.Exists(path))
        {
            throw new MicroFormatException($"{path}: no such file or folder");
        }
        if ((wanted is null or CriterionFormat.Name) && CriterionFormat.IsResultFile(path))
        {
            return CriterionFormat.ReadFile(path);
        }
        var text = ReadText(path);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        return text.TrimStart() is ['{' or '[', ..] && !CriterionLines.IsMessages(lines)
            ? ReadJson(path, text, wanted)
            : ReadText(path, lines, wanted);
    }

    private static MicroImport ReadJson(string path, string text, string? wanted)
    {
        using var doc = JsonSpot.Parse(path, text);
        var root = doc.RootElement;
        var detected =
            BenchmarkDotNetFormat.Detect(root) ? BenchmarkDotNetFormat.Name
            : GoogleBenchmarkFormat.Detect(root) ? GoogleBenchmarkFormat.Name
            : PytestBenchmarkFormat.Detect(root) ? PytestBenchmarkFormat.Name
            : JmhFormat.Detect(root) ? JmhFormat.Name
            : CriterionFormat.Detect(root) ? CriterionFormat.Name
            : null;
        var name = wanted ?? detected ?? throw new MicroFormatException(
            $"{path}: JSON of no known micro-benchmark shape (BenchmarkDotNet's Benchmarks and HostEnvironmentInfo, Google Benchmark's "
            + "context and benchmarks, pytest-benchmark's machine_info and benchmarks, JMH's array of primaryMetric entries, Criterion's "
            + $"estimates); the formats are {Known}");
        return name switch
        {
            BenchmarkDotNetFormat.Name => BenchmarkDotNetFormat.Read(path, root),
            GoogleBenchmarkFormat.Name => GoogleBenchmarkFormat.Read(path, root),
            PytestBenchmarkFormat.Name => PytestBenchmarkFormat.Read(path, root),
            JmhFormat.Name => JmhFormat.Read(path, root),
            CriterionFormat.Name when CriterionFormat.Detect(root) => CriterionFormat.ReadFile(path),
            CriterionFormat.Name => throw new MicroFormatException(
                $"{path}: JSON but no Criterion results: neither an estimates.json (mean, median, slope...) nor cargo-criterion messages, one per line"),
            _ => throw new MicroFormatException($"{path}: JSON, and {name} results are text"),
        };
    }

    private static MicroImport ReadText(string path, string[] lines, string? wanted)
    {
        if (wanted is null or CriterionFormat.Name && CriterionLines.IsMessages(lines))
        {
            return CriterionLines.ReadMessages(path, lines);
        }
        var detected = wanted
            ?? (GoBenchFormat.Detect(lines) ? GoBenchFormat.Name
            : CriterionLines.IsBencherText(lines) ? CriterionFormat.Name
            : throw new MicroFormatException(
                $"{path}: neither JSON nor benchmark text of a known format (go test -bench lines \"BenchmarkX-8  1000  12 ns/op\", "
                + $"cargo bench lines \"test x ... bench: 12 ns/iter (+/- 1)\", cargo-criterion JSON messages); the formats are {Known}"));
        return detected switch
        {
            GoBenchFormat.Name => GoBenchFormat.Read(path, lines),
            CriterionFormat.Name => CriterionLines.ReadBencher(path, lines),
            _ => throw new MicroFormatException($"{path}: not JSON, and {detected} results are JSON"),
        };
    }

    /// <summary>A file's text; a file that cannot be read fails naming it.</summary>
    internal static string ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MicroFormatException($"{path}: cannot be read: {e.Message}", e);
        }
    }
}
