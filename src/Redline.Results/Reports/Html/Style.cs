namespace Redline.Results.Reports.Html;

/// <summary>The report's stylesheet, inlined: the file must look right with no network, so system fonts only.</summary>
internal static class Style
{
    public const string Css = """
        :root { color-scheme: light; --ink: #1d2330; --muted: #5c6576; --line: #d9dee7; --pass: #1e7d32; --fail: #b3261e; --warn: #9a6700; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", "DejaVu Sans", sans-serif; color: var(--ink); background: #f6f7f9; }
        main { max-width: 1200px; margin: 0 auto; padding: 20px 24px 48px; }
        section { overflow-x: auto; background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 0 0 20px; }
        h1 { font-size: 22px; margin: 0 0 12px; }
        h2 { font-size: 18px; margin: 18px 0 10px; }
        section > h2:first-child { margin-top: 0; }
        h3 { font-size: 15px; margin: 18px 0 8px; color: var(--muted); text-transform: uppercase; letter-spacing: .04em; }
        nav ul { list-style: none; padding: 0; margin: 0 0 20px; display: flex; flex-wrap: wrap; gap: 8px 16px; }
        a { color: #1f5fbf; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0 0 8px; }
        dl.facts dt { color: var(--muted); }
        dl.facts dd { margin: 0; overflow-wrap: anywhere; }
        table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; font-size: 13px; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
        thead th { background: #eef1f5; font-weight: 600; white-space: nowrap; }
        tbody tr:nth-child(even) { background: #fafbfc; }
        table.components td, table.components thead th:not(:first-child) { text-align: right; }
        table.components td:last-child { text-align: left; }
        tbody th { overflow-wrap: anywhere; min-width: 10em; }
        table.comparison td:last-child { min-width: 22em; }
        table.comparison .threshold { margin-bottom: 2px; }
        table.comparison .action, table.comparison .ratio { font-size: 12px; color: var(--muted); margin-top: 2px; }
        tr.total { font-weight: 600; }
        tr.step td:first-child { padding-left: 1.5em; color: var(--muted); }
        tr.errors td:nth-child(9), tr.errors td:nth-child(10) { color: var(--fail); }
        tr.fail th, tr.fail td:nth-child(4) { color: var(--fail); font-weight: 600; }
        tr.pass td:nth-child(4) { color: var(--pass); font-weight: 600; }
        tr.regression { font-weight: 600; }
        tr.sev-critical, tbody tr.sev-critical:nth-child(even) { background: #fde7e6; }
        tr.sev-warning, tbody tr.sev-warning:nth-child(even) { background: #fff4d6; }
        tr.sev-notice, tbody tr.sev-notice:nth-child(even) { background: #e8f1fd; }
        tr.improved td:nth-child(5) { color: var(--pass); }
        .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; vertical-align: middle; color: #fff; background: var(--muted); }
        .badge.pass { background: var(--pass); }
        .badge.fail, .badge.sev-critical { background: var(--fail); }
        .badge.warn, .badge.sev-warning { background: var(--warn); }
        .badge.sev-notice { background: #1f5fbf; }
        p.gate { font-weight: 600; padding: 8px 12px; border-radius: 6px; }
        p.gate.pass { background: #e7f4e9; color: var(--pass); }
        p.gate.fail { background: #fde7e6; color: var(--fail); }
        .description { color: var(--muted); font-style: italic; }
        .window { color: var(--muted); font-weight: 400; }
        details.rules { font-weight: 400; }
        details.rules li.fired { color: var(--fail); }
        details.samples code { white-space: pre-wrap; overflow-wrap: anywhere; }
        .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(480px, 1fr)); gap: 16px; }
        figure { margin: 0; border: 1px solid var(--line); border-radius: 6px; padding: 8px; }
        figcaption { font-weight: 600; margin: 0 0 4px; }
        svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
        svg.chart .grid { stroke: #e6e9ef; stroke-width: 1; }
        svg.chart .axis, svg.chart .tickmark { stroke: #8a93a3; stroke-width: 1; }
        svg.chart .tick { font-size: 10px; fill: var(--muted); }
        svg.chart .label { font-size: 11px; fill: var(--muted); }
        svg.chart .legend { font-size: 11px; fill: var(--ink); }
        svg.chart .swatch { stroke-width: 2.5; }
        svg.chart .series { stroke-width: 1.8; stroke-linejoin: round; stroke-linecap: round; }
        svg.chart line.event { stroke: #5b6475; stroke-width: 1; stroke-dasharray: 3 3; }
        svg.chart text.event { font-size: 9px; fill: #5b6475; }
        svg.chart rect.fault { fill: #d62728; fill-opacity: 0.12; }
        svg.chart .empty { font-size: 13px; fill: var(--muted); }
        footer { color: var(--muted); font-size: 12px; text-align: center; }
        """;
}
