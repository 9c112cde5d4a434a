using Redline.Engine;
using Spectre.Console;

namespace Redline.Cli.Terminal;

/// <summary>The table printed at the end of a run: per component figures, criteria, warnings, verdict.</summary>
internal static class Summary
{
    public static void Print(RunResult result, string outDir)
    {
        var console = AnsiConsole.Console;
        foreach (var scenario in result.Scenarios)
        {
            console.WriteLine();
            console.Write(new Rule(Markup.Escape($"{scenario.Name} ({scenario.Model} model, {scenario.Duration.TotalSeconds:0.0}s) — {ResultsJsonWriter.VerdictName(scenario.Verdict)}")).LeftJustified());
            console.Write(Figures(scenario));
            if (scenario.Repeats.Count > 1)
            {
                console.Write(Repeats(scenario));
            }

            if (scenario.Stages.Count > 0)
            {
                console.Write(Stages(scenario));
            }

            foreach (var line in Redline.Results.Reports.StressWords.Lines(scenario))
            {
                console.MarkupLine($"  {Markup.Escape(line)}");
            }

            ResourcesTable.Print(console, scenario);
            if (scenario.Criteria.Count > 0)
            {
                console.Write(Criteria(scenario));
            }

            foreach (var note in Notes(scenario))
            {
                console.MarkupLine($"[yellow]![/] {Markup.Escape(note)}");
            }
        }

        console.WriteLine();
        var colour = result.Verdict switch { Verdict.Passed => "green", Verdict.Failed => "red", _ => "yellow" };
        console.MarkupLine($"[{colour}]{ResultsJsonWriter.VerdictName(result.Verdict)}[/]  run {Markup.Escape(result.RunId)}  results: {Markup.Escape(Path.Combine(outDir, "results.json"))}");
    }

    /// <summary>Everything a reader must not miss: saturation, stop reasons, target notes, dropped or late iterations.</summary>
    public static IEnumerable<string> Notes(ScenarioResult scenario)
    {
        if (scenario.StopReason is not null)
        {
            yield return scenario.StopReason;
        }

        if (scenario.Generator.Saturated)
        {
            yield return "the load generator was saturated, so these latency figures are not trustworthy: " + string.Join("; ", scenario.Generator.Reasons);
        }

        if (scenario.Totals.LateIterations > 0)
        {
            yield return $"{scenario.Totals.LateIterations} iterations found every slot busy and started late (up to {scenario.Totals.MaxStartLagMs:0.#} ms); their latency counts from when they were due.";
        }

        if (scenario.Totals.DroppedIterations > 0)
        {
            yield return $"{scenario.Totals.DroppedIterations} iterations were dropped because every slot was busy (on_saturation: drop): the target rate was not achieved.";
        }

        if (scenario.Totals.InterruptedIterations > 0)
        {
            yield return $"{scenario.Totals.InterruptedIterations} iterations were still running when the graceful stop ran out and were cancelled.";
        }

        if (scenario.Totals.Errors > 0)
        {
            yield return "errors: " + string.Join(", ", scenario.Components.Where(c => c.Measures.Errors > 0).Select(c =>
                $"{c.Name} {string.Join(" ", c.Measures.ErrorsByType.Select(p => $"{p.Key}×{p.Value}"))} (e.g. {c.ErrorSamples.FirstOrDefault() ?? "no detail"})"));
        }

        foreach (var component in scenario.Components.Where(c => c.SessionSetup is not null))
        {
            var setup = component.SessionSetup!;
            yield return $"{component.Name}: {setup.Count} sessions opened, set-up p50 {setup.P50:0.0} ms, p99 {setup.P99:0.0} ms, max {setup.Max:0.0} ms (not in its latency)";
        }

        if (scenario.Target?.Note is { } note && note != scenario.StopReason)
        {
            yield return note;
        }

        foreach (var other in scenario.Notes)
        {
            yield return other;
        }
    }

    private static Table Figures(ScenarioResult scenario)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("component");
        foreach (var heading in new[] { "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned());
        }

        // A flow's steps follow it, indented, with how often each was skipped after an earlier step failed.
        var rows = scenario.Components
            .SelectMany(c => c.Steps.Select(s => (Name: $"  └ {s.Name}" + (s.Skipped > 0 ? $" ({s.Skipped} skipped)" : ""), s.Measures)).Prepend((c.Name, c.Measures)))
            .Append(("all", scenario.Totals));
        foreach (var (name, measures) in rows)
        {
            table.AddRow(
                Markup.Escape(name),
                measures.Requests.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Format.Number(measures.ThroughputRps, "0.0"),
                Format.Number(measures.Latency.P50, "0.0"),
                Format.Number(measures.Latency.P95, "0.0"),
                Format.Number(measures.Latency.P99, "0.0"),
                Format.Number(measures.Latency.Max, "0.0"),
                measures.Errors == 0 ? "0" : $"[red]{Format.Number(measures.ErrorRatePercent, "0.00")}%[/]");
        }

        return table;
    }

    /// <summary>Each stage's figures against its load: the degradation curve as a table.</summary>
    private static Table Stages(ScenarioResult scenario)
    {
        var culture = System.Globalization.CultureInfo.InvariantCulture;
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("stage");
        foreach (var heading in new[] { "load", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "target CPU", "target memory" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned());
        }

        foreach (var stage in scenario.Stages)
        {
            var (span, measures) = (stage.Span, stage.Measures);
            var load = span.From == span.To
                ? string.Create(culture, $"{span.To:0.##} {span.Unit}")
                : string.Create(culture, $"{span.From:0.##}→{span.To:0.##} {span.Unit}");
            table.AddRow(
                string.Create(culture, $"{span.Number} ({span.Start.TotalSeconds:0.#}-{span.End.TotalSeconds:0.#}s)") + (span.Phase == "load" ? "" : $" {span.Phase}") + (stage.GeneratorSaturated ? " [yellow]generator saturated[/]" : ""),
                Markup.Escape(load),
                Format.Number(measures.ThroughputRps, "0.0"),
                Format.Number(measures.Latency.P50, "0.0"),
                Format.Number(measures.Latency.P95, "0.0"),
                Format.Number(measures.Latency.P99, "0.0"),
                measures.Errors == 0 ? "0" : $"[red]{Format.Number(measures.ErrorRatePercent, "0.00")}%[/]",
                stage.TargetCpuPercent is { } cpu ? Format.Number(cpu, "0.0") + "%" : "",
                stage.TargetMemoryPeakBytes is { } memory ? Format.Number(memory / 1048576.0, "0.0") + " MB" : "");
        }

        return table;
    }

    /// <summary>Each repeat's totals, then the spread between them: how much this machine and target vary from run to run.</summary>
    private static Table Repeats(ScenarioResult scenario)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("repeat");
        foreach (var heading in new[] { "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors" })
        {
            table.AddColumn(new TableColumn(heading).RightAligned());
        }

        foreach (var repeat in scenario.Repeats)
        {
            var measures = repeat.Totals;
            table.AddRow(
                repeat.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                measures.Requests.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Format.Number(measures.ThroughputRps, "0.0"),
                Format.Number(measures.Latency.P50, "0.0"),
                Format.Number(measures.Latency.P95, "0.0"),
                Format.Number(measures.Latency.P99, "0.0"),
                Format.Number(measures.ErrorRatePercent, "0.00") + "%");
        }

        var cv = RepeatSpread.Of(scenario.Repeats).ToDictionary(s => s.Metric, s => Format.Number(s.CvPercent, "0.0") + "%", StringComparer.Ordinal);
        table.AddRow(
            "[dim]CV[/]",
            "",
            cv.GetValueOrDefault("throughput", ""),
            cv.GetValueOrDefault("response_time_p50", ""),
            cv.GetValueOrDefault("response_time_p95", ""),
            cv.GetValueOrDefault("response_time_p99", ""),
            cv.GetValueOrDefault("error_rate", ""));
        return table;
    }

    private static Table Criteria(ScenarioResult scenario)
    {
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn("criterion");
        table.AddColumn("threshold");
        table.AddColumn(new TableColumn("actual").RightAligned());
        table.AddColumn("");
        foreach (var criterion in scenario.Criteria)
        {
            var actual = criterion.Actual is { } value ? Results.Reports.ResourceHighlights.ShowCriterion(value, criterion.Unit) : criterion.Note ?? "not measured";
            table.AddRow(
                Markup.Escape(criterion.Name),
                Markup.Escape(criterion.Expression),
                Markup.Escape(actual),
                criterion.Passed ? "[green]pass[/]" : "[red]FAIL[/]");
        }

        return table;
    }
}
