using System.Globalization;
using System.Text.Json;

namespace Redline.Cli.Commands.Ci;

/// <summary>One executed test set, as its files tell it: the run, its verdict, and what its comparison found.</summary>
/// <param name="Name">The set's name.</param>
/// <param name="StoredSuite">The suite its run is stored under.</param>
/// <param name="ExitCode">The exit code of its redline process.</param>
/// <param name="Seconds">How long it took.</param>
/// <param name="Directory">Its files.</param>
/// <param name="RunId">The run's id, when results.json was written.</param>
/// <param name="Verdict">The run's verdict, when results.json was written.</param>
/// <param name="Compared">True when it was compared with a baseline (analysis.json was written).</param>
/// <param name="Blocking">True when a regression blocks.</param>
/// <param name="Regressions">Each regression: scope, metric, severity and change in percent.</param>
/// <param name="Comment">Its pull request comment (pr-comment.md), when it was compared.</param>
internal sealed record SetRun(
    string Name,
    string StoredSuite,
    int ExitCode,
    double Seconds,
    string Directory,
    string? RunId,
    string? Verdict,
    bool Compared,
    bool Blocking,
    IReadOnlyList<(string Scope, string Metric, string Severity, double? Change)> Regressions,
    string? Comment)
{
    /// <summary>Reads what the set's process wrote into <paramref name="directory"/>.</summary>
    public static SetRun Read(string name, string storedSuite, int exitCode, double seconds, string directory)
    {
        string? runId = null, verdict = null;
        var results = Path.Combine(directory, "results.json");
        if (File.Exists(results))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(results));
            runId = document.RootElement.GetProperty("run_id").GetString();
            verdict = document.RootElement.GetProperty("verdict").GetString();
        }

        var regressions = new List<(string, string, string, double?)>();
        var blocking = false;
        var analysis = Path.Combine(directory, "analysis.json");
        if (File.Exists(analysis))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(analysis));
            blocking = document.RootElement.GetProperty("blocking").GetBoolean();
            foreach (var r in document.RootElement.GetProperty("regressions").EnumerateArray())
            {
                var change = r.GetProperty("change");
                regressions.Add((r.GetProperty("scope").GetString()!, r.GetProperty("metric").GetString()!, r.GetProperty("severity").GetString()!, change.ValueKind == JsonValueKind.Number ? change.GetDouble() : null));
            }
        }

        var comment = Path.Combine(directory, "pr-comment.md");
        return new SetRun(name, storedSuite, exitCode, seconds, directory, runId, verdict, File.Exists(analysis), blocking, regressions, File.Exists(comment) ? File.ReadAllText(comment) : null);
    }

    /// <summary>One line: the run, its verdict, and its regressions or why it was not judged.</summary>
    public string Describe()
    {
        if (RunId is null)
        {
            return $"{Name}: no run was written (exit {ExitCode})";
        }

        var found = !Compared ? "not compared (no baseline)"
            : Regressions.Count == 0 ? "no regression"
            : string.Join("; ", Regressions.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Severity} {r.Scope} {r.Metric}{(r.Change is { } c ? $" {c:+0.#;-0.#}%" : "")}")));
        return $"{Name}: run {RunId} of {StoredSuite}, {Verdict}, {found}{(Blocking ? " (blocking)" : "")}";
    }
}
