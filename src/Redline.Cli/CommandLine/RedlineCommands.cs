using Redline.Cli.Commands;
using Redline.Cli.Commands.Bench;
using Redline.Cli.Commands.Chaos;
using Redline.Cli.Commands.Ci;
using Redline.Cli.Commands.Export;
using Redline.Cli.Commands.RunFiles;
using Redline.Cli.Commands.Target;
using Redline.Cli.Demo;
using Redline.Cli.Gate;
using Spectre.Console.Cli;

namespace Redline.Cli.CommandLine;

/// <summary>Every <c>redline</c> command, registered in one place.</summary>
internal static class RedlineCommands
{
    /// <summary>Adds every command to <paramref name="config"/>, recording what each accepts in <paramref name="catalog"/>.</summary>
    public static void Register(IConfigurator config, CommandCatalog catalog)
    {
        catalog.Add<DemoCommand>(config, "demo")
            .WithDescription("See Redline work: the seed's normal operations against the reference deployment, baseline against optimized.")
            .WithExample("demo", "--duration", "20s");
        catalog.Add<RunCommand>(config, "run")
            .WithDescription("Run the scenarios of a suite file against its target.")
            .WithExample("run", "examples/quickstart.yaml", "--scenario", "steady", "--duration", "30s");
        catalog.Add<CompareCommand>(config, "compare")
            .WithDescription("Compare two stored runs metric by metric; exit 3 on a blocking regression.")
            .WithExample("compare", "20261127-101500-1a2b", "20261127-113000-3c4d", "--report", "html");
        catalog.Add<DashboardCommand>(config, "dashboard")
            .WithDescription("Serve the history store as a page: trends, the regression timeline, two runs side by side, capacity projections.")
            .WithExample("dashboard", "127.0.0.1:5665", "--store", ".redline/history.db");
        catalog.Add<ReportCommand>(config, "report")
            .WithDescription("Write one report of a stored run: html, md, json, junit or csv.");
        config.AddBranch("results", results =>
        {
            results.SetDescription("The files a run wrote.");
            catalog.Add<ResultsRebuildCommand>(results, "results rebuild")
                .WithDescription("Fold a run's intervals.ndjson and events.ndjson into its results.json again (also for a run that was killed).")
                .WithExample("results", "rebuild", ".redline/runs/20261127-101500-1a2b");
        });
        config.AddBranch("baseline", baseline =>
        {
            baseline.SetDescription("Named baselines that runs compare with.");
            catalog.Add<BaselineSetCommand>(baseline, "baseline set").WithDescription("Name a stored run (or the newest on a branch) as a baseline.");
        });
        config.AddBranch("history", history =>
        {
            history.SetDescription("The history of stored runs.");
            catalog.Add<HistoryListCommand>(history, "history list").WithDescription("Stored runs, newest first.");
            catalog.Add<HistoryShowCommand>(history, "history show").WithDescription("One stored run's figures.");
            catalog.Add<HistoryChangesCommand>(history, "history changes").WithDescription("A metric over stored runs: its 7-day band, week over week, and where its level shifted.");
            catalog.Add<HistoryPruneCommand>(history, "history prune").WithDescription("Apply the retention policy: roll up old intervals, drop what is past a year.");
        });
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Micro-benchmarks from any tool, kept and judged like load runs.");
            catalog.Add<BenchImportCommand>(bench, "bench import")
                .WithDescription("Import micro-benchmark results (BenchmarkDotNet, Google Benchmark, Criterion, pytest-benchmark, go test -bench, JMH) into the history and judge them against a baseline.")
                .WithExample("bench", "import", "BenchmarkDotNet.Artifacts/results/Bench-report-full.json", "--baseline", "auto");
            catalog.Add<BenchRunCommand>(bench, "bench run")
                .WithDescription("Run a BenchmarkDotNet project (arguments after -- go to it), then import and judge its results.")
                .WithExample("bench", "run", "bench/Redline.Benchmarks", "--baseline", "auto", "--", "--filter", "*Histogram*");
            catalog.Add<BenchDbCommand>(bench, "bench db")
                .WithDescription("Run the seed's database operations (insert, select, update, delete, join × sizes × concurrency) against a SQLite file or a PostgreSQL database, in scratch tables removed after; store and judge them.")
                .WithExample("bench", "db", "--database", "bench.db", "--sizes", "1,100", "--concurrency", "1,10", "--baseline", "auto");
            catalog.Add<BenchSerializationCommand>(bench, "bench serialization")
                .WithDescription("Run the seed's serialization benchmarks (JSON, MessagePack, Protocol Buffers × small, medium, large payloads × serialize, deserialize); store and judge them.")
                .WithExample("bench", "serialization", "--formats", "json,protobuf", "--baseline", "auto");
        });
        config.AddBranch("ci", ci =>
        {
            ci.SetDescription(
                "The seed's benchmark pipeline: preflight, baseline, execute, analyze, notify.\n"
                + "redline ci SUITE [[--trigger pull_request|push|nightly|weekly]] [[--out DIR]] [[--store STORE]] [[--baseline-branch BRANCH]] [[--fail-on SEVERITY]] [[--report FORMATS]] [[--allow-cross-machine]]\n"
                + "runs what the suite's pipeline: maps to the trigger (detected from GitHub Actions, GitLab CI or REDLINE_TRIGGER when not given), "
                + "writes ci.json and ci-summary.md, and on GitHub Actions the job summary and one pull request comment edited in place.");
            ci.AddExample("ci", "examples/pipeline.yaml", "--trigger", "pull_request");
            catalog.AddDefault<CiCommand>(ci, "ci");
            catalog.Add<CiInitCommand>(ci, "ci init")
                .WithDescription("Write .github/workflows/performance-benchmarks.yml: the pipeline on push, pull request, nightly and weekly, with the history kept between runs.")
                .WithExample("ci", "init", "examples/pipeline.yaml");
        });
        config.AddBranch("chaos", chaos =>
        {
            chaos.SetDescription("The faults chaos scenarios apply.");
            catalog.Add<ChaosCleanCommand>(chaos, "chaos clean")
                .WithDescription("Revert the faults that killed or crashed runs left behind: control groups, disk ballast, services' faults.")
                .WithExample("chaos", "clean");
        });
        config.AddBranch("export", export =>
        {
            export.SetDescription("Files for Grafana and Prometheus from a suite.");
            catalog.Add<ExportGrafanaCommand>(export, "export grafana")
                .WithDescription("A Grafana dashboard over what redline run --dashboard serves on /metrics.")
                .WithExample("export", "grafana", "examples/quickstart.yaml", "-o", "redline-dashboard.json");
            catalog.Add<ExportPrometheusRulesCommand>(export, "export prometheus-rules")
                .WithDescription("The suite's alerts as Prometheus alerting rules (promtool check rules accepts them).")
                .WithExample("export", "prometheus-rules", "examples/quickstart.yaml", "-o", "redline-rules.yml");
        });
        config.AddBranch("target", target =>
        {
            target.SetDescription("The reference deployment: a service that behaves like the seed's system, with known faults.");
            catalog.Add<TargetServeCommand>(target, "target serve")
                .WithDescription("Serve the reference deployment over HTTP until Ctrl+C.")
                .WithExample("target", "serve", "--profile", "optimized", "--port", "5090", "--latency-scale", "0.1", "--mcp-servers", "3");
            catalog.Add<TargetMcpStdioCommand>(target, "target mcp-stdio")
                .WithDescription("Serve the reference deployment's MCP tools over standard input and output.");
            catalog.Add<TargetMcpServeCommand>(target, "target mcp-serve")
                .WithDescription("Serve the reference deployment's MCP tools alone over Streamable HTTP (what `target serve --mcp-servers N` starts N times).");
        });
    }
}
