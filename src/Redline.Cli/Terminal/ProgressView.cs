using System.Globalization;
using Redline.Engine;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Redline.Cli.Terminal;

/// <summary>
/// Shows a run as it goes: on a terminal a live table (refreshed twice a second), otherwise one
/// plain line every 5 seconds, which reads well in CI logs.
/// </summary>
internal static class ProgressView
{
    private static readonly TimeSpan PlainEvery = TimeSpan.FromSeconds(5);

    public static async Task ShowAsync(ProgressBoard board, Task run, bool quiet)
    {
        if (quiet)
        {
            await Task.WhenAny(run).ConfigureAwait(false);
            return;
        }

        if (AnsiConsole.Profile.Capabilities.Interactive && !Console.IsOutputRedirected)
        {
            await AnsiConsole.Live(Render(board)).AutoClear(true).StartAsync(async context =>
            {
                while (!run.IsCompleted)
                {
                    await Task.WhenAny(run, Task.Delay(500)).ConfigureAwait(false);
                    context.UpdateTarget(Render(board));
                }
            }).ConfigureAwait(false);
            return;
        }

        var printed = -1L;
        string? scenario = null;
        while (!run.IsCompleted)
        {
            await Task.WhenAny(run, Task.Delay(PlainEvery)).ConfigureAwait(false);
            var (report, plan) = board.Latest;
            if (report is not null && plan is not null && (report.Second != printed || report.Scenario != scenario))
            {
                Console.WriteLine(PlainLine(report, plan));
                printed = report.Second;
                scenario = report.Scenario;
            }
        }
    }

    /// <summary>One line of progress, e.g. <c>[steady] 00:15/00:30 users 20 | 190.0 req/s | p95 23.1 ms | errors 0.00%</c>.</summary>
    public static string PlainLine(IntervalReport report, ScenarioPlan plan)
    {
        var load = plan.Load is ClosedLoad ? $"users {report.Load:0}" : $"rate {report.Load:0.#}/s";
        var target = report.Target is { } t ? $" | target cpu {t.CpuPercent:0}% rss {Format.Bytes(t.RssBytes)}{Runtime(report)}" : "";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"[{report.Scenario}] {Format.Clock(Elapsed(report, plan))}/{Format.Clock(plan.Load.Duration)} {load} | {report.Total.Requests,6:0} req/s | p95 {report.Total.Latency.P95,8:0.0} ms | errors {report.Total.ErrorRatePercent:0.00}%{target}");
    }

    /// <summary>The target runtime's heap, GCs and thread-pool queue in this second, when it is read.</summary>
    private static string Runtime(IntervalReport report) => report.Resources?.TargetRuntime is { Connected: true } r
        ? string.Create(CultureInfo.InvariantCulture, $" gc heap {Format.Bytes(r.GcHeapBytes ?? 0)} gcs {r.Gen0Collections ?? 0} pool queue {r.ThreadPoolQueueLength ?? 0}")
        : "";

    private static TimeSpan Elapsed(IntervalReport report, ScenarioPlan plan) =>
        TimeSpan.FromSeconds(Math.Min(report.Second + 1, Math.Ceiling(plan.Load.Duration.TotalSeconds)));

    private static IRenderable Render(ProgressBoard board)
    {
        var (report, plan) = board.Latest;
        if (report is null || plan is null)
        {
            return new Markup("[grey]starting…[/]");
        }

        var table = new Table().Border(TableBorder.Rounded).Expand();
        table.Title = new TableTitle(Markup.Escape(
            $"{report.Scenario}  {Format.Clock(Elapsed(report, plan))} / {Format.Clock(plan.Load.Duration)}  " +
            (plan.Load is ClosedLoad ? $"users {report.Load:0}" : $"rate {report.Load:0.#}/s") +
            $"  in flight {report.InFlight}  generator cpu {report.Generator.CpuPercent:0}%" +
            (report.Target is { } t ? $"  target cpu {t.CpuPercent:0}% rss {Format.Bytes(t.RssBytes)}{Runtime(report)}" : "")));
        table.AddColumn("component");
        table.AddColumn(new TableColumn("req/s").RightAligned());
        table.AddColumn(new TableColumn("p50 ms").RightAligned());
        table.AddColumn(new TableColumn("p95 ms").RightAligned());
        table.AddColumn(new TableColumn("errors").RightAligned());
        foreach (var snapshot in report.Components.Append(report.Total))
        {
            table.AddRow(
                Markup.Escape(snapshot.Component ?? "all"),
                snapshot.Requests.ToString(CultureInfo.InvariantCulture),
                snapshot.Latency.P50.ToString("0.0", CultureInfo.InvariantCulture),
                snapshot.Latency.P95.ToString("0.0", CultureInfo.InvariantCulture),
                snapshot.Errors == 0 ? "0" : $"[red]{snapshot.ErrorRatePercent.ToString("0.00", CultureInfo.InvariantCulture)}%[/]");
        }

        return table;
    }
}
