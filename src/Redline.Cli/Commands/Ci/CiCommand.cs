using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Redline.Cli.Gate;
using Redline.Cli.Running;
using Redline.Cli.Suites;
using Redline.Engine;
using Redline.Results.History;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Redline.Cli.Commands.Ci;

/// <summary>
/// <c>redline ci SUITE</c>: the seed's benchmark pipeline in one command. Preflight, baseline (with the environment-stability
/// probe), execute (the tests the suite's <c>pipeline:</c> maps to the trigger), analyze and notify (job summary and one
/// pull request comment per suite, edited in place). Exit codes as for <c>run</c>, and 5 when preflight or the probe stops it.
/// </summary>
internal sealed class CiCommand : AsyncCommand<CiCommand.Settings>
{
    private static readonly string[] StageNames = ["preflight", "baseline", "execute", "analyze", "notify"];

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var suite = RunCommand.LoadSuite(settings.Suite);
        var pipeline = suite.Pipeline ?? throw new UserFacingException(
            ExitCodes.BadInput,
            $"{settings.Suite} has no pipeline: section; redline ci runs the tests it maps to each trigger, e.g.\n  pipeline:\n    triggers:\n      - {{ on: pull_request, tests: [smoke_tests] }}\n      - {{ on: nightly, tests: [full_suite] }}");
        var environment = CiEnvironment.Detect(settings.Trigger, Environment.GetEnvironmentVariable);
        if (!PipelineSpec.TriggerNames.Contains(environment.Trigger, StringComparer.Ordinal))
        {
            throw new UserFacingException(ExitCodes.BadInput, $"unknown trigger '{environment.Trigger}' (from {environment.Source}); expected {string.Join(", ", PipelineSpec.TriggerNames)}");
        }

        var suiteDirectory = Path.GetDirectoryName(Path.GetFullPath(settings.Suite))!;
        var outDir = Path.GetFullPath(settings.Out ?? Path.Combine(".redline", "ci", TimeProvider.System.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)));
        Directory.CreateDirectory(outDir);
        var github = environment.GitHub;
        var baseBranch = settings.BaselineBranch ?? (environment.Trigger == "pull_request" ? github?.BaseBranch : null) ?? "main";
        var pipelineRun = new PipelineRun(suite.Name, environment, baseBranch, outDir);
        Say($"redline ci: suite {suite.Name}, trigger {environment.Trigger} ({environment.Source}); files in {outDir}");

        // 1. Preflight: nothing runs on a machine that cannot measure.
        var preflight = await pipelineRun.StageAsync("preflight", async () =>
        {
            var wantsComment = environment.Trigger == "pull_request" && github is { PullRequest: not null, FromFork: false, Token: not null };
            var checks = await Preflight.RunAsync(suite, pipeline.Preflight, outDir, async ct =>
            {
                await using var store = await settings.OpenStoreAsync(ct).ConfigureAwait(false);
                return store.Location;
            }, wantsComment ? new Uri(github!.ApiUrl) : null, cancellationToken).ConfigureAwait(false);
            pipelineRun.Checks.AddRange(checks);
            var failed = checks.Where(c => c.Outcome == CheckOutcome.Fail).ToList();
            var unobservable = checks.Count(c => c.Outcome == CheckOutcome.Unobservable);
            var lines = checks.Select(c => $"{Outcome(c.Outcome),-12} {c.Name,-21} {c.Detail}").ToList();
            var summary = $"{checks.Count(c => c.Outcome == CheckOutcome.Pass)} passed, {checks.Count(c => c.Outcome == CheckOutcome.Warn)} warned, {failed.Count} failed, {unobservable} unobservable";
            return new StageOutcome(failed.Count == 0, summary, lines);
        }).ConfigureAwait(false);
        if (!preflight.Passed)
        {
            return await pipelineRun.FinishAsync(ExitCodes.PreflightFailed, "preflight failed: " + string.Join("; ", pipelineRun.Checks.Where(c => c.Outcome == CheckOutcome.Fail).Select(c => $"{c.Name}: {c.Detail}")), cancellationToken).ConfigureAwait(false);
        }

        // 2. Baseline: what the runs will be compared with, and whether this machine is quiet enough to tell a change.
        var sets = Resolve(pipeline, suite, environment.Trigger);
        var margin = 0.0;
        var baseline = await pipelineRun.StageAsync("baseline", async () =>
        {
            var lines = new List<string>();
            await using (var store = await settings.OpenStoreAsync(cancellationToken).ConfigureAwait(false))
            {
                var fingerprint = EnvironmentProbe.Capture().Fingerprint;
                foreach (var name in sets.Select(s => StoredSuite(suite, s)).Distinct(StringComparer.Ordinal))
                {
                    var newest = await store.ListRunsAsync(new RunQuery { Suite = name, Branch = baseBranch, Fingerprint = fingerprint, ExcludeAborted = true, Limit = 1 }, cancellationToken).ConfigureAwait(false);
                    lines.Add(newest.FirstOrDefault() is { } run
                        ? $"{name}: the newest run on {baseBranch} from this machine, {run.Id} ({run.StartedAt:yyyy-MM-dd HH:mm} UTC{(run.Environment.GitCommit is { } commit ? $", commit {commit[..Math.Min(7, commit.Length)]}" : "")})"
                        : $"{name}: no run on {baseBranch} from this machine yet; this run is stored and nothing is judged");
                }
            }

            var reading = await StabilityProbe.MeasureAsync(pipeline.Stability, cancellationToken).ConfigureAwait(false);
            pipelineRun.Stability = reading;
            margin = reading.MarginPoints;
            var limits = Invariant($"widen above {pipeline.Stability.WidenAbovePercent:0.#}%, stop above {pipeline.Stability.FailAbovePercent:0.#}%");
            var probe = Invariant($"stability: spread {reading.SpreadPercent:0.0}% over {reading.Samples} timings of {reading.MedianMs:0.00} ms ({limits})");
            lines.Add(reading.TooNoisy ? $"{probe}: too noisy to tell a change from the machine's noise"
                : margin > 0 ? Invariant($"{probe}: regression thresholds widened by {margin:0.#} points")
                : $"{probe}: the gate as configured");
            var summary = reading.TooNoisy ? Invariant($"the machine is too noisy (spread {reading.SpreadPercent:0.0}%)") : $"baseline branch {baseBranch}";
            return new StageOutcome(!reading.TooNoisy, summary, lines);
        }).ConfigureAwait(false);
        if (!baseline.Passed)
        {
            return await pipelineRun.FinishAsync(ExitCodes.PreflightFailed, Invariant($"the environment-stability probe's timings spread {pipelineRun.Stability!.SpreadPercent:0.0}% (above {pipeline.Stability.FailAbovePercent:0.#}%): a regression could not be told from this machine's noise; rerun on a quieter runner"), cancellationToken).ConfigureAwait(false);
        }

        // 3. Execute: each set as its own redline process, its output shown as it comes.
        var byPaths = environment.Trigger == "pull_request" && sets.Any(s => s.Paths.Count > 0);
        var changed = byPaths ? ChangedFiles.Since(suiteDirectory, baseBranch) : null;
        await pipelineRun.StageAsync("execute", async () =>
        {
            var lines = new List<string>();
            if (byPaths)
            {
                lines.Add(changed is null
                    ? $"changed files: git cannot tell what changed since {baseBranch} (fetch its history: actions/checkout with fetch-depth: 0); every set runs"
                    : $"changed files: {changed.Count} since {baseBranch}");
                Say($"      {lines[^1]}");
            }

            if (sets.Count == 0)
            {
                return new StageOutcome(true, $"the pipeline maps nothing to {environment.Trigger}", lines);
            }

            foreach (var set in sets)
            {
                if (set.Paths.Count > 0 && changed is not null && !changed.Any(file => set.Paths.Any(glob => ChangedFiles.Matches(glob, file))))
                {
                    lines.Add($"{set.Name}: skipped, no changed file matches {string.Join(", ", set.Paths)}");
                    Say($"      {lines[^1]}");
                    continue;
                }

                var executed = await ExecuteAsync(settings, suite, set, baseBranch, margin, outDir, cancellationToken).ConfigureAwait(false);
                pipelineRun.Sets.Add(executed);
                lines.Add(Invariant($"{set.Name}: exit {executed.ExitCode} after {executed.Seconds:0.0} s"));
                Say($"      {lines[^1]}");
                if (executed.ExitCode == ExitCodes.Aborted)
                {
                    break;
                }
            }

            var worst = Worst(pipelineRun.Sets.Select(s => s.ExitCode));
            return new StageOutcome(worst is ExitCodes.Ok or ExitCodes.CriterionFailed or ExitCodes.BlockingRegression, $"{pipelineRun.Sets.Count} of {sets.Count} set(s) ran", [], Printed: true);
        }).ConfigureAwait(false);

        // 4. Analyze: what each run's comparison found.
        await pipelineRun.StageAsync("analyze", () =>
        {
            var lines = pipelineRun.Sets.Select(s => s.Describe()).ToList();
            var blocking = pipelineRun.Sets.Count(s => s.Blocking);
            return Task.FromResult(new StageOutcome(blocking == 0, blocking == 0 ? "no blocking regression" : $"{blocking} set(s) with a blocking regression", lines));
        }).ConfigureAwait(false);

        var exit = Worst(pipelineRun.Sets.Select(s => s.ExitCode));
        return await pipelineRun.FinishAsync(exit, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The test sets of <paramref name="trigger"/>, in the pipeline's order: named sets, single scenarios, or every scenario.</summary>
    private static List<TestSetSpec> Resolve(PipelineSpec pipeline, Suite suite, string trigger)
    {
        var names = pipeline.Triggers.TryGetValue(trigger, out var listed) ? listed : [];
        return [.. names.Distinct(StringComparer.Ordinal).Select(name =>
            pipeline.Tests.TryGetValue(name, out var set) ? set
            : name == PipelineSpec.FullSuite ? new TestSetSpec(name, [.. suite.Scenarios.Select(s => s.Name)], null, null, null, [], null, null, [])
            : new TestSetSpec(name, [name], null, null, null, [], null, null, []))];
    }

    /// <summary>The suite a set's runs are stored under: the suite's own for scenarios, <c>SUITE:SET</c> for micro-benchmarks.</summary>
    private static string StoredSuite(Suite suite, TestSetSpec set) => set.Scenarios.Count > 0 ? suite.Name : $"{suite.Name}:{set.Name}";

    private static async Task<SetRun> ExecuteAsync(Settings settings, Suite suite, TestSetSpec set, string baseBranch, double margin, string outDir, CancellationToken cancellationToken)
    {
        var setDir = Path.Combine(outDir, set.Name);
        var args = new List<string>();
        if (set.Scenarios.Count > 0)
        {
            args.AddRange(["run", Path.GetFullPath(settings.Suite), "--quiet"]);
            args.AddRange(set.Scenarios.SelectMany(s => new[] { "--scenario", s }));
            if (set.Duration is { } duration)
            {
                args.AddRange(["--duration", Invariant($"{duration.TotalSeconds:0.###}s")]);
            }

            if (set.Scale is { } scale)
            {
                args.AddRange(["--scale", scale.ToString(CultureInfo.InvariantCulture)]);
            }
        }
        else if (set.Bench is { } project)
        {
            args.AddRange(["bench", "run", project, "--suite", StoredSuite(suite, set)]);
        }
        else
        {
            args.AddRange(["bench", "import", set.Import!, "--suite", StoredSuite(suite, set)]);
            if (set.Format is { } format)
            {
                args.AddRange(["--format", format]);
            }
        }

        args.AddRange(["--out", setDir, "--baseline", "auto", "--baseline-branch", baseBranch, "--fail-on", settings.FailOn, "--report", string.Join(',', settings.Reports.Append("md").Append("json"))]);
        if (settings.StoreAddress is { } store)
        {
            args.AddRange(["--store", store]);
        }

        if (set.Scenarios.Count == 0 && suite.Thresholds != Results.Analysis.RegressionThresholds.Default)
        {
            // Micro-benchmarks are judged with the suite's thresholds, as its scenarios are.
            args.AddRange(["--thresholds", Path.GetFullPath(settings.Suite)]);
        }

        if (margin > 0)
        {
            args.AddRange(["--threshold-margin", margin.ToString(CultureInfo.InvariantCulture)]);
        }

        if (settings.AllowCrossMachine)
        {
            args.Add("--allow-cross-machine");
        }

        if (set.Bench is not null && set.Args.Count > 0)
        {
            args.Add("--");
            args.AddRange(set.Args);
        }

        var (program, prefix) = SelfCommand.Invocation();
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var argument in prefix.Concat(args))
        {
            start.ArgumentList.Add(argument);
        }

        Say($"      {set.Name}: redline {string.Join(' ', args.Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a))}");
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new UserFacingException(ExitCodes.InternalError, "redline could not start itself");
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C reached the child too: it stops its run and writes its results. One that does not is stopped.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        var code = cancellationToken.IsCancellationRequested ? ExitCodes.Aborted : process.ExitCode;
        return SetRun.Read(set.Name, StoredSuite(suite, set), code, Stopwatch.GetElapsedTime(started).TotalSeconds, setDir);
    }

    /// <summary>The exit code of the pipeline: aborted, then what stopped a set, then a blocking regression, then a failed criterion.</summary>
    private static int Worst(IEnumerable<int> codes)
    {
        var all = codes.ToList();
        int[] order = [ExitCodes.Aborted, ExitCodes.InternalError, ExitCodes.BadInput, ExitCodes.PreflightFailed, ExitCodes.BlockingRegression, ExitCodes.CriterionFailed];
        return order.FirstOrDefault(all.Contains, all.FirstOrDefault(c => c != ExitCodes.Ok));
    }

    private static string Outcome(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Pass => "pass",
        CheckOutcome.Warn => "warn",
        CheckOutcome.Fail => "FAIL",
        _ => "unobservable",
    };

    internal static void Say(string line) => AnsiConsole.MarkupLine(Markup.Escape(line));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The options of <c>redline ci</c>.</summary>
    internal sealed class Settings : StoreSettings
    {
        [CommandArgument(0, "<SUITE>")]
        [Description("The suite file; its pipeline: section maps each trigger to the tests to run.")]
        public string Suite { get; init; } = "";

        [CommandOption("--trigger <TRIGGER>")]
        [Description("pull_request, push, nightly or weekly. Default: from the CI environment (GitHub Actions' event, GitLab's pipeline source, REDLINE_TRIGGER), else push.")]
        public string? Trigger { get; init; }

        [CommandOption("-o|--out <DIR>")]
        [Description("Where each set's files, ci.json and ci-summary.md go. Default: .redline/ci/<time>/")]
        public string? Out { get; init; }

        [CommandOption("--baseline-branch <BRANCH>")]
        [Description("The branch whose newest run is the baseline. Default: a pull request's base branch, else main.")]
        public string? BaselineBranch { get; init; }

        [CommandOption("--fail-on <SEVERITY>")]
        [Description("The lowest regression severity that fails the pipeline (exit 3): critical (default), warning or notice.")]
        public string FailOn { get; init; } = "critical";

        [CommandOption("--report <FORMATS>")]
        [Description("More reports for each set besides md and json: html, junit, csv (comma-separated or repeated).")]
        public string[] Reports { get; init; } = [];

        [CommandOption("--allow-cross-machine")]
        [Description("Compare with a baseline measured on another machine (hosted runners differ from run to run).")]
        public bool AllowCrossMachine { get; init; }

        public override ValidationResult Validate()
        {
            var problems = new List<string>();
            if (Trigger is not null && !PipelineSpec.TriggerNames.Contains(Trigger, StringComparer.Ordinal))
            {
                problems.Add($"--trigger: expected {string.Join(", ", PipelineSpec.TriggerNames)}, got '{Trigger}'");
            }

            if (FailOn is not ("critical" or "warning" or "notice"))
            {
                problems.Add($"--fail-on: expected critical, warning or notice, got '{FailOn}'");
            }

            problems.AddRange(GateReports.Validate(Reports));
            if (!File.Exists(Suite))
            {
                problems.Add($"{Suite}: no such suite file");
            }

            return problems.Count == 0 ? ValidationResult.Success() : ValidationResult.Error(string.Join(Environment.NewLine, problems));
        }
    }

    /// <summary>The stages of one pipeline run as they went, and what notify writes from them.</summary>
    private sealed class PipelineRun(string suite, CiEnvironment environment, string baseBranch, string outDir)
    {
        private readonly List<(string Name, StageOutcome? Outcome, double Seconds)> _stages = [];

        public List<CheckResult> Checks { get; } = [];

        public List<SetRun> Sets { get; } = [];

        public StabilityReading? Stability { get; set; }

        /// <summary>Runs one stage, printing its number, name, outcome and time, then its lines.</summary>
        public async Task<StageOutcome> StageAsync(string name, Func<Task<StageOutcome>> body)
        {
            var number = Array.IndexOf(StageNames, name) + 1;
            Say($"[{number}/{StageNames.Length}] {name}");
            var started = Stopwatch.GetTimestamp();
            var outcome = await body().ConfigureAwait(false);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            _stages.Add((name, outcome, seconds));
            if (!outcome.Printed)
            {
                foreach (var line in outcome.Lines)
                {
                    Say($"      {line}");
                }
            }

            Say(Invariant($"[{number}/{StageNames.Length}] {name}: {(outcome.Passed ? "pass" : "FAIL")} ({seconds:0.0} s) {outcome.Summary}"));
            return outcome;
        }

        /// <summary>Notify, then write ci.json and ci-summary.md; returns <paramref name="exit"/>.</summary>
        public async Task<int> FinishAsync(int exit, string? stopped, CancellationToken cancellationToken)
        {
            var markdown = Markdown(exit, stopped, notes: []);
            var notes = new List<string>();
            await StageAsync("notify", async () =>
            {
                var lines = new List<string>();
                var github = environment.GitHub;
                var comment = Markdown(exit, stopped, notes);
                if (environment.Trigger == "pull_request" && github?.PullRequest is not null)
                {
                    if (github.FromFork)
                    {
                        notes.Add($"This pull request comes from the fork {github.HeadRepository}: its token cannot write to {github.Repository}, so the results are in this job's summary instead of a comment.");
                        lines.Add("pull request comment: not posted, the pull request comes from a fork (the job summary has the results)");
                    }
                    else if (github.Token is null)
                    {
                        notes.Add("GITHUB_TOKEN was not given to redline ci, so no comment was posted; the results are in this job's summary.");
                        lines.Add("pull request comment: not posted, GITHUB_TOKEN is not set (the workflow passes it as env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }})");
                    }
                    else
                    {
                        try
                        {
                            lines.Add("pull request comment: " + await PullRequestComment.UpsertAsync(github, suite, comment, cancellationToken).ConfigureAwait(false));
                        }
                        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
                        {
                            notes.Add($"The pull request comment could not be written ({exception.Message}); the results are in this job's summary.");
                            lines.Add($"pull request comment: not written, {exception.Message}");
                        }
                    }
                }

                markdown = Markdown(exit, stopped, notes);
                var written = Path.Combine(outDir, "ci-summary.md");
                File.WriteAllText(written, markdown);
                lines.Add($"summary: {written}");
                if (github?.SummaryFile is { } summaryFile)
                {
                    File.AppendAllText(summaryFile, markdown + "\n");
                    lines.Add("job summary: appended to GITHUB_STEP_SUMMARY");
                }
                else if (github is null)
                {
                    lines.Add("not on GitHub Actions: no job summary or pull request comment; the comment it would post is the summary above");
                }

                return new StageOutcome(true, notes.Count == 0 ? "" : "with notes", lines);
            }).ConfigureAwait(false);
            WriteJson(exit, stopped, notes);
            Say($"redline ci: exit {exit}{(stopped is null ? "" : $" ({stopped})")}");
            return exit;
        }

        private string Markdown(int exit, string? stopped, IReadOnlyList<string> notes)
        {
            var text = new StringBuilder();
            var verdict = exit switch
            {
                ExitCodes.Ok => "passed",
                ExitCodes.CriterionFailed => "a success criterion failed",
                ExitCodes.BlockingRegression => "a blocking regression",
                ExitCodes.PreflightFailed => "stopped before running",
                ExitCodes.Aborted => "aborted",
                _ => $"failed (exit {exit})",
            };
            text.AppendLine(CultureInfo.InvariantCulture, $"## Redline: `{suite}` on {environment.Trigger}: {verdict}");
            text.AppendLine();
            if (environment.GitHub?.RunUrl is { } runUrl)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"[The workflow run, with every run's files as an artifact]({runUrl})").AppendLine();
            }

            if (stopped is not null)
            {
                text.AppendLine(stopped).AppendLine();
            }

            foreach (var note in notes)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"> {note}").AppendLine();
            }

            text.AppendLine("| stage | outcome | time |").AppendLine("|---|---|---|");
            foreach (var (name, outcome, seconds) in _stages)
            {
                text.AppendLine(Invariant($"| {name} | {(outcome!.Passed ? "pass" : "**fail**")} {Cell(outcome.Summary)} | {seconds:0.0} s |"));
            }

            if (Checks.Count > 0)
            {
                text.AppendLine().AppendLine("<details><summary>Preflight checks</summary>").AppendLine();
                text.AppendLine("| check | outcome | seen |").AppendLine("|---|---|---|");
                foreach (var check in Checks)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {check.Name} | {Outcome(check.Outcome)} | {Cell(check.Detail)} |");
                }

                if (Stability is { } s)
                {
                    text.AppendLine().AppendLine(Invariant($"Environment stability: spread {s.SpreadPercent:0.0}% over {s.Samples} timings{(s.MarginPoints > 0 ? $"; regression thresholds widened by {s.MarginPoints:0.#} points" : "")}."));
                }

                text.AppendLine().AppendLine("</details>");
            }

            foreach (var set in Sets)
            {
                text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"### {set.Name}").AppendLine();
                text.AppendLine(set.Comment is { } comment ? DemoteHeadings(comment) : $"{set.Describe()} (baseline: none yet on {baseBranch}).");
            }

            return text.ToString();
        }

        private void WriteJson(int exit, string? stopped, IReadOnlyList<string> notes)
        {
            using var stream = File.Create(Path.Combine(outDir, "ci.json"));
            using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            json.WriteStartObject();
            json.WriteString("suite", suite);
            json.WriteString("trigger", environment.Trigger);
            json.WriteString("trigger_source", environment.Source);
            json.WriteString("baseline_branch", baseBranch);
            json.WriteNumber("exit_code", exit);
            if (stopped is not null)
            {
                json.WriteString("stopped", stopped);
            }

            json.WriteStartArray("stages");
            foreach (var (name, outcome, seconds) in _stages)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteString("outcome", outcome!.Passed ? "pass" : "fail");
                json.WriteString("summary", outcome.Summary);
                json.WriteNumber("seconds", Math.Round(seconds, 3));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("preflight");
            foreach (var check in Checks)
            {
                json.WriteStartObject();
                json.WriteString("name", check.Name);
                json.WriteString("outcome", Outcome(check.Outcome));
                json.WriteString("detail", check.Detail);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (Stability is { } s)
            {
                json.WriteStartObject("stability");
                json.WriteNumber("spread_percent", Math.Round(s.SpreadPercent, 2));
                json.WriteNumber("median_ms", Math.Round(s.MedianMs, 3));
                json.WriteNumber("samples", s.Samples);
                json.WriteNumber("threshold_margin_points", s.MarginPoints);
                json.WriteBoolean("too_noisy", s.TooNoisy);
                json.WriteEndObject();
            }

            json.WriteStartArray("sets");
            foreach (var set in Sets)
            {
                json.WriteStartObject();
                json.WriteString("name", set.Name);
                json.WriteString("suite", set.StoredSuite);
                json.WriteNumber("exit_code", set.ExitCode);
                json.WriteString("run_id", set.RunId);
                json.WriteString("verdict", set.Verdict);
                json.WriteBoolean("compared", set.Compared);
                json.WriteBoolean("blocking", set.Blocking);
                json.WriteNumber("regressions", set.Regressions.Count);
                json.WriteString("directory", set.Directory);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("notes");
            foreach (var note in notes)
            {
                json.WriteStringValue(note);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

        /// <summary>A run's comment under this summary's heading: its headings one level down.</summary>
        private static string DemoteHeadings(string markdown) => string.Join('\n', markdown.Split('\n').Select(l => l.StartsWith('#') ? "#" + l : l));
    }

    /// <summary>How a stage went: passed or not, in a few words, and its detail lines.</summary>
    private sealed record StageOutcome(bool Passed, string Summary, IReadOnlyList<string> Lines, bool Printed = false);
}
