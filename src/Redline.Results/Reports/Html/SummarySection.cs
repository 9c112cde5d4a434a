using System.Globalization;
using System.Text;
using Redline.Engine;
using Redline.Results.Analysis;
using Redline.Results.Comparison;

namespace Redline.Results.Reports.Html;

/// <summary>The report's head: the run, its verdict, the gate's verdict against the baseline, and where it ran.</summary>
internal static class SummarySection
{
    public static void Write(StringBuilder html, RunResult current, RunResult? baseline, RunComparison? comparison, RegressionSeverity failOn)
    {
        html.AppendLine("<section id=\"summary\">");
        html.Append(CultureInfo.InvariantCulture, $"<h1>Redline report: {Escape.Html(current.Suite)} {Markup.Badge(current.Verdict)}</h1>");
        html.AppendLine();
        Markup.Facts(html,
        [
            ("suite", current.Suite),
            ("run", current.RunId),
            ("started", Numbers.Time(current.StartedAt)),
            ("duration", Numbers.Duration(current.EndedAt - current.StartedAt)),
            ("verdict", current.Verdict.ToString().ToLowerInvariant()),
            ("scenarios", string.Join(", ", current.Scenarios.Select(s => s.Name))),
        ]);
        if (comparison is not null)
        {
            Gate(html, baseline, comparison, failOn);
        }

        html.AppendLine("<h2>Environment</h2>");
        Environment(html, current.Environment, baseline?.Environment);
        html.AppendLine("</section>");
    }

    private static void Gate(StringBuilder html, RunResult? baseline, RunComparison comparison, RegressionSeverity failOn)
    {
        var blocks = comparison.Blocks(failOn);
        html.AppendLine("<h2>Regression gate</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"gate {(blocks ? "fail" : "pass")}\">{Escape.Html(Headline.Summary(comparison, failOn))}</p>");
        html.AppendLine();
        Markup.Facts(html,
        [
            ("baseline run", comparison.BaselineRunId),
            ("baseline started", baseline is null ? null : Numbers.Time(baseline.StartedAt)),
            ("baseline commit", baseline?.Environment.GitCommit),
            ("worst severity", comparison.WorstSeverity.ToSeedName()),
            ("fails on", failOn.ToSeedName() + " and above, and any block_deployment"),
            ("gate", blocks ? "blocks the deployment (exit 3)" : "passes"),
            ("not in the baseline", string.Join(", ", comparison.Unmatched)),
        ]);

        var regressions = comparison.Regressions.OrderByDescending(r => r.Verdict.Severity).ToList();
        var leaks = comparison.Leaks.Where(l => l.Value.IsLeak).ToList();
        if (regressions.Count == 0 && leaks.Count == 0)
        {
            html.AppendLine("<p>No regressions.</p>");
            return;
        }

        html.AppendLine("<table class=\"regressions\">");
        Markup.Head(html, "where", "metric", "baseline", "current", "change", "severity", "action");
        html.AppendLine("<tbody>");
        foreach (var (scope, verdict) in regressions)
        {
            Markup.Row(html, Markup.RowClass(verdict.Severity), scope.Label, verdict.Metric, Numbers.With(verdict.BaselineValue, verdict.Unit), Numbers.With(verdict.CurrentValue, verdict.Unit), Numbers.Change(verdict.ChangePercent), verdict.Severity.ToSeedName(), verdict.Action.ToSeedName());
        }

        foreach (var (scenario, leak) in leaks)
        {
            Markup.Row(html, Markup.RowClass(leak.Severity), scenario, "memory_leak", "", Numbers.With(leak.Slope?.MbPerHour ?? 0, "MB/hour"), "", leak.Severity.ToSeedName(), leak.Action.ToSeedName());
        }

        html.AppendLine("</tbody></table>");
    }

    private static void Environment(StringBuilder html, EnvironmentInfo env, EnvironmentInfo? baseline)
    {
        var git = env.GitCommit is null ? null
            : env.GitCommit + (env.GitBranch is null ? "" : $" on {env.GitBranch}") + (env.GitDirty == true ? " (uncommitted changes)" : "");
        var fingerprint = baseline is null ? env.Fingerprint
            : env.Fingerprint == baseline.Fingerprint ? $"{env.Fingerprint} (same as the baseline's)"
            : $"{env.Fingerprint} (the baseline ran on {baseline.Fingerprint}: numbers from different machines)";
        Markup.Facts(html,
        [
            ("machine", env.MachineName),
            ("OS", $"{env.Os} ({env.Architecture})"),
            ("CPU", $"{env.CpuModel}, {env.Cores} cores"),
            ("memory", Numbers.Plain(env.MemoryBytes / (1024.0 * 1024 * 1024)) + " GB"),
            ("runtime", env.Runtime),
            ("GC", env.GcMode),
            ("fingerprint", fingerprint),
            ("git", git),
        ]);
    }
}
