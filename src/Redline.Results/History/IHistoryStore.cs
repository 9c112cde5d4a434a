using Redline.Engine;
using Redline.Results.Judgement;

namespace Redline.Results.History;

/// <summary>
/// The run history: runs with their summaries and per-second intervals, named baselines, regression
/// reports and retention. SQLite and PostgreSQL implement it with one schema; open one with
/// <see cref="HistoryStores.OpenAsync"/>.
/// </summary>
public interface IHistoryStore : IAsyncDisposable
{
    /// <summary>Where the store is, for messages: <c>sqlite:/path/history.db</c> or <c>postgresql://host:port/db</c> (never a password).</summary>
    string Location { get; }

    /// <summary>
    /// Stores <paramref name="run"/> in one transaction, replacing a stored run of the same id, with the thresholds and
    /// goals it was judged with when <paramref name="judgement"/> is given. Durable once it returns.
    /// </summary>
    Task SaveRunAsync(RunResult run, IReadOnlyDictionary<string, string>? labels = null, RunJudgement? judgement = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads a run back with its summaries, criteria, intervals, histograms, resource samples, resource reports and judgement,
    /// and each scenario's business metrics recomputed from them; null when it is not stored.
    /// </summary>
    Task<StoredRun?> LoadRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>The header and summaries of one run, without its intervals; null when it is not stored.</summary>
    Task<RunInfo?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Runs matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<RunInfo>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

    /// <summary>The newest run matching <paramref name="query"/> (same suite, scenario, branch and fingerprint), or null.</summary>
    Task<RunInfo?> FindBaselineAsync(BaselineQuery query, CancellationToken cancellationToken = default);

    /// <summary>Points the baseline <paramref name="name"/> at <paramref name="runId"/>; false when that run is not stored.</summary>
    Task<bool> SetBaselineAsync(string name, string runId, CancellationToken cancellationToken = default);

    /// <summary>The baseline named <paramref name="name"/>, or null.</summary>
    Task<NamedBaseline?> GetBaselineAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every named baseline, by name.</summary>
    Task<IReadOnlyList<NamedBaseline>> ListBaselinesAsync(CancellationToken cancellationToken = default);

    /// <summary>Stores a regression report, replacing one of the same id.</summary>
    Task SaveReportAsync(StoredReport report, CancellationToken cancellationToken = default);

    /// <summary>The report with id <paramref name="reportId"/>, or null.</summary>
    Task<StoredReport?> GetReportAsync(string reportId, CancellationToken cancellationToken = default);

    /// <summary>Reports about <paramref name="runId"/> (as head or base), or every report when null; newest first.</summary>
    Task<IReadOnlyList<StoredReport>> ListReportsAsync(string? runId = null, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>Hourly and daily rollup buckets matching <paramref name="query"/>, oldest first.</summary>
    Task<IReadOnlyList<RollupBucket>> ListRollupsAsync(RollupQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies <paramref name="policy"/> as of <paramref name="now"/>: rolls per-second intervals past their horizon
    /// into hourly buckets (dropping the run's resource samples and resource reports with them), hourly into daily,
    /// and deletes daily buckets past theirs. Run summaries and reports stay.
    /// </summary>
    Task<PruneResult> PruneAsync(RetentionPolicy policy, DateTimeOffset now, CancellationToken cancellationToken = default);
}
