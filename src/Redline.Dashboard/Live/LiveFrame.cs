namespace Redline.Dashboard;

/// <summary>One server-sent event: its id (rising from 1 without gaps), its type, and its data as one line of JSON.</summary>
/// <param name="Id">The event's id; a reconnecting page sends the last it saw as <c>Last-Event-ID</c>.</param>
/// <param name="Type">The event's type: <c>snapshot</c>, <c>scenario</c>, <c>second</c>, <c>timeline</c>, <c>scenario_end</c> or <c>run_end</c>.</param>
/// <param name="Data">The event's JSON.</param>
public sealed record LiveFrame(long Id, string Type, string Data);
