using Redline.Engine;
using Redline.Results.History;

namespace Redline.Cli.Gate;

/// <summary>
/// Finds the run to compare with: <c>auto</c> (the newest stored run of the same suite and scenario
/// on the baseline branch, from the same machine, at or before the merge base when git knows it),
/// a named baseline, or a run id.
/// </summary>
internal static class BaselineResolver
{
    public const string Auto = "auto";

    /// <summary>The baseline run; null only for <c>auto</c> when there is none yet (a first run is nobody's regression).</summary>
    public static async Task<StoredRun?> ResolveAsync(IHistoryStore store, string baseline, RunResult current, string branch, string? gitDirectory, CancellationToken cancellationToken)
    {
        if (baseline == Auto)
        {
            var scenario = current.Scenarios.FirstOrDefault()?.Name ?? "";

            // Outside a git repository there are no branches to tell apart: any earlier run will do.
            var inGit = current.Environment.GitBranch is not null;
            var query = new BaselineQuery(current.Suite, scenario, inGit ? branch : null, current.Environment.Fingerprint)
            {
                ExcludeRunId = current.RunId,
                Commits = inGit && gitDirectory is not null ? Ancestors(gitDirectory, branch) : null,
            };
            var found = await store.FindBaselineAsync(query, cancellationToken).ConfigureAwait(false);
            if (found is null)
            {
                Spectre.Console.AnsiConsole.MarkupLine(Spectre.Console.Markup.Escape(
                    $"no baseline yet: the store {store.Location} has no earlier run of suite '{current.Suite}'{(scenario.Length == 0 ? "" : $", scenario '{scenario}'")}{(inGit ? $" on branch '{branch}'" : "")} from this machine (fingerprint {current.Environment.Fingerprint}); nothing to compare with, so no regression can be judged."));
                return null;
            }

            return await LoadAsync(store, found.Id, cancellationToken).ConfigureAwait(false);
        }

        var named = await store.GetBaselineAsync(baseline, cancellationToken).ConfigureAwait(false);
        return await LoadAsync(store, named?.RunId ?? baseline, cancellationToken).ConfigureAwait(false);
    }

    public static async Task<StoredRun> LoadAsync(IHistoryStore store, string runId, CancellationToken cancellationToken) =>
        await store.LoadRunAsync(runId, cancellationToken).ConfigureAwait(false)
        ?? throw new UserFacingException(ExitCodes.BadInput, $"no run or named baseline '{runId}' in the store {store.Location}; `redline history list` shows what is there.");

    /// <summary>Refuses to compare runs of different machines unless told to: their numbers differ for reasons of hardware.</summary>
    public static void CheckSameMachine(RunResult baseline, RunResult current, bool allowCrossMachine)
    {
        if (!allowCrossMachine && baseline.Environment.Fingerprint != current.Environment.Fingerprint)
        {
            throw new UserFacingException(
                ExitCodes.BadInput,
                $"run {baseline.RunId} was measured on another machine (fingerprint {baseline.Environment.Fingerprint}: {baseline.Environment.CpuModel}, {baseline.Environment.Cores} cores) than run {current.RunId} ({current.Environment.Fingerprint}: {current.Environment.CpuModel}, {current.Environment.Cores} cores); comparing them would measure the machines. Pass --allow-cross-machine to compare anyway.");
        }
    }

    /// <summary>Commits at or before the merge base of HEAD and <paramref name="branch"/>, newest first; null without git.</summary>
    private static List<string>? Ancestors(string directory, string branch)
    {
        var mergeBase = Git.Run(directory, $"merge-base HEAD {branch}");
        var list = mergeBase is null ? null : Git.Run(directory, $"rev-list --max-count=500 {mergeBase}");
        return list?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }
}
