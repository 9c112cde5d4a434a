namespace Redline.Results.History;

/// <summary>A baseline saved under a name by <c>redline baseline set</c>.</summary>
/// <param name="Name">The baseline's name, e.g. <c>main</c> or <c>release-1.4</c>.</param>
/// <param name="RunId">The run it points at.</param>
/// <param name="SetAt">When it was set.</param>
public sealed record NamedBaseline(string Name, string RunId, DateTimeOffset SetAt);

/// <summary>A regression report kept in the history (forever: retention never deletes reports).</summary>
/// <param name="Id">The report's id.</param>
/// <param name="Suite">The suite compared.</param>
/// <param name="Scenario">The scenario compared, when the report is about one.</param>
/// <param name="BaseRunId">The baseline run, when there was one.</param>
/// <param name="HeadRunId">The run judged.</param>
/// <param name="Outcome">The report's conclusion in one word, e.g. <c>critical</c>, <c>warning</c>, <c>none</c>.</param>
/// <param name="CreatedAt">When the report was made.</param>
/// <param name="Json">The report itself (e.g. analysis.json), stored as given.</param>
public sealed record StoredReport(string Id, string Suite, string? Scenario, string? BaseRunId, string HeadRunId, string Outcome, DateTimeOffset CreatedAt, string Json);
