using System.Data.Common;
using Redline.Engine;

namespace Redline.Results.History;

/// <summary>Writes and reads the events of a run's scenarios (schema v4).</summary>
internal static class EventRows
{
    public const string Table = "run_events";

    private static readonly string[] Columns = ["run_id", "scenario", "ordinal", "at_ms", "kind", "text", "component", "data"];

    public static async Task WriteAsync(Insert insert, string runId, ScenarioResult scenario, CancellationToken cancellationToken)
    {
        for (var i = 0; i < scenario.Events.Count; i++)
        {
            var e = scenario.Events[i];
            await insert.Set("run_id", runId).Set("scenario", scenario.Name).Set("ordinal", (long)i).Set("at_ms", e.At.TotalMilliseconds)
                .Set("kind", e.Kind.Name).Set("text", e.Text).Set("component", e.Component).Set("data", JsonColumns.Texts(e.Data))
                .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static Insert Open(DbConnection connection, DbTransaction transaction) => new(connection, transaction, Table, Columns);

    /// <summary>Each scenario's events, in time order.</summary>
    public static async Task<Dictionary<string, List<RunEvent>>> ReadAsync(DbConnection connection, DbTransaction transaction, string runId, CancellationToken cancellationToken)
    {
        var byScenario = new Dictionary<string, List<RunEvent>>(StringComparer.Ordinal);
        await using var command = Db.Command(connection, transaction, "SELECT scenario, at_ms, kind, text, component, data FROM run_events WHERE run_id = @id ORDER BY scenario, ordinal").With("@id", runId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var scenario = reader.Text(0);
            if (!byScenario.TryGetValue(scenario, out var events))
            {
                events = [];
                byScenario[scenario] = events;
            }

            events.Add(new RunEvent(scenario, RunReader.Millis(reader.Double(1)), new RunEventKind(reader.Text(2)), reader.Text(3))
            {
                Component = reader.TextOrNull(4),
                Data = JsonColumns.ReadTexts(reader.Text(5)),
            });
        }

        return byScenario;
    }
}
