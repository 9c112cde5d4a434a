// Redline's historical dashboard: reads the history store's API and draws trends, periods, regressions and A/B runs.
'use strict';

(function () {
  const { fmt, lineChart } = window.RedlineCharts;
  const $ = id => document.getElementById(id);
  const view = { suites: [], trend: null, a: null, b: null };
  window.redlineHistory = view;

  const cell = (row, value, cls) => { const td = document.createElement('td'); td.textContent = value; if (cls) td.className = cls; row.appendChild(td); return td; };
  const pct = v => v === null || v === undefined ? '–' : (v > 0 ? '+' : '') + fmt(v, 1) + '%';
  const day = iso => iso.slice(0, 10);
  const options = (select, values, keep) => {
    const current = keep ? select.value : null;
    select.replaceChildren(...values.map(([value, label]) => { const o = document.createElement('option'); o.value = value; o.textContent = label; return o; }));
    if (current && values.some(([v]) => v === current)) select.value = current;
  };

  async function json(path) {
    const token = new URLSearchParams(location.search).get('token');
    const response = await fetch(path + (token ? (path.includes('?') ? '&' : '?') + 'token=' + encodeURIComponent(token) : ''));
    if (!response.ok) throw new Error(path + ': ' + response.status + ' ' + await response.text());
    return response.json();
  }

  function fillScenarios() {
    const suite = view.suites.find(s => s.suite === $('suite').value);
    options($('scenario'), (suite ? suite.scenarios : []).map(s => [s.name, s.name]), true);
    const scenario = suite && suite.scenarios.find(s => s.name === $('scenario').value);
    options($('component'), [['', 'all components'], ...(scenario ? scenario.components : []).map(c => [c, c])], true);
  }

  async function load() {
    const suite = $('suite').value, scenario = $('scenario').value;
    if (!suite || !scenario) return;
    const query = new URLSearchParams({ suite, scenario, component: $('component').value, metric: $('metric').value });
    view.trend = await json('api/trend?' + query);
    render();
    document.body.dataset.state = 'loaded';
  }

  function render() {
    const t = view.trend;
    const xs = t.points.map(p => Date.parse(p.at) / 1000);
    const marks = [
      ...t.changes.map(c => ({ at: Date.parse(c.at) / 1000, kind: 'stage' })),
      ...t.regressions.filter(r => r.outcome !== 'pass').map(r => ({ at: Date.parse(r.at) / 1000, kind: 'regression' })),
    ];
    const series = [{ label: t.metric + ' (' + t.unit + ')', values: t.points.map(p => p.value) }];
    if (t.band) series.push({ label: '7-day median', values: t.points.map(() => t.band.median), color: '#9e9e9e' });
    lineChart($('chart-trend'), xs, series, marks, x => new Date(x * 1000).toISOString().slice(0, 10));
    $('band').textContent = t.band
      ? `newest ${fmt(t.band.current, 3)} ${t.unit} against the last 7 days' median ${fmt(t.band.median, 3)} (band ${fmt(t.band.lower, 3)} to ${fmt(t.band.upper, 3)}, ${t.band.runs} runs): ${t.band.outside ? 'OUTSIDE the band' : 'inside the band'}; ${t.band.week_over_week_percent === null ? 'no earlier week' : pct(t.band.week_over_week_percent) + ' week over week'}`
      : `${t.points.length} runs: a 7-day band needs 6 runs in a week`;
    $('projection').textContent = t.projection
      ? `capacity: ${t.projection.criterion}: ${t.projection.note}${t.projection.crosses_at ? ' (around ' + day(t.projection.crosses_at) + ')' : ''}; slope ${fmt(t.projection.slope_per_day, 3)} ${t.unit} a day`
      : 'capacity: no projection (the newest run has no success criterion on this metric, or fewer than 3 runs in 30 days)';
    $('projection').dataset.crossesAt = t.projection && t.projection.crosses_at ? t.projection.crosses_at : '';
    periods('daily', t.daily, true);
    periods('weekly', t.weekly, false);
    periods('monthly', t.monthly, false);
    $('regressions').replaceChildren(...(t.regressions.length ? t.regressions : [null]).map(r => {
      const li = document.createElement('li');
      li.textContent = r ? `${day(r.at)}: run ${r.head_run_id} against ${r.base_run_id || 'no baseline'}: ${r.outcome}` : 'no regression reports';
      if (r && r.outcome !== 'pass') li.className = 'bad';
      return li;
    }));
    $('changes').replaceChildren(...(t.changes.length ? t.changes : [null]).map(c => {
      const li = document.createElement('li');
      li.textContent = c ? `${day(c.at)}: run ${c.run_id}: ${fmt(c.before, 3)} → ${fmt(c.after, 3)} (${pct(c.change_percent)})` : 'no level shifts';
      return li;
    }));
    lineChart($('chart-resources'), t.resources.map(r => Date.parse(r.at) / 1000), [
      { label: 'CPU %', values: t.resources.map(r => r.cpu_usage_percent === null ? NaN : r.cpu_usage_percent) },
      { label: 'memory MB', values: t.resources.map(r => r.memory_peak_bytes === null ? NaN : r.memory_peak_bytes / 1048576) },
    ], [], x => new Date(x * 1000).toISOString().slice(0, 10));
    runs();
  }

  function periods(id, rows, full) {
    $(id).tBodies[0].replaceChildren(...rows.map(p => {
      const row = document.createElement('tr');
      row.dataset.period = p.period;
      cell(row, p.period); cell(row, String(p.runs)); cell(row, fmt(p.median, 3));
      if (full) { cell(row, fmt(p.min, 3)); cell(row, fmt(p.max, 3)); }
      cell(row, pct(p.change_percent));
      return row;
    }));
  }

  function runs() {
    const points = view.trend.points.slice().reverse();
    if (!view.a && points[1]) view.a = points[1].run_id;
    if (!view.b && points[0]) view.b = points[0].run_id;
    $('runs').tBodies[0].replaceChildren(...points.map(p => {
      const row = document.createElement('tr');
      row.dataset.run = p.run_id;
      for (const side of ['a', 'b']) {
        const td = document.createElement('td');
        const radio = document.createElement('input');
        radio.type = 'radio'; radio.name = 'pick-' + side; radio.value = p.run_id; radio.checked = view[side] === p.run_id;
        radio.addEventListener('change', () => { view[side] = p.run_id; compare(); });
        td.appendChild(radio); row.appendChild(td);
      }
      cell(row, p.run_id); cell(row, p.at.replace('T', ' ').slice(0, 16)); cell(row, p.verdict, p.verdict === 'passed' ? 'ok' : 'bad');
      cell(row, p.commit ? p.commit.slice(0, 10) : '–'); cell(row, p.branch || '–');
      cell(row, Object.entries(p.labels).map(([k, v]) => k + '=' + v).join(' ') || '–'); cell(row, fmt(p.value, 3));
      return row;
    }));
    compare();
  }

  async function compare() {
    if (!view.a || !view.b) return;
    const result = await json('api/compare?' + new URLSearchParams({ a: view.a, b: view.b }));
    $('compare-title').textContent = `Side by side: A ${result.a.run_id} (${result.a.commit ? result.a.commit.slice(0, 10) : 'no commit'}) and B ${result.b.run_id} (${result.b.commit ? result.b.commit.slice(0, 10) : 'no commit'})`;
    $('compare').tBodies[0].replaceChildren(...result.rows.map(r => {
      const row = document.createElement('tr');
      cell(row, r.scenario); cell(row, r.component || 'all'); cell(row, r.metric); cell(row, fmt(r.a, 3)); cell(row, fmt(r.b, 3));
      const worse = r.change_percent !== null && (r.metric === 'throughput' ? r.change_percent < -5 : r.change_percent > 5);
      cell(row, pct(r.change_percent), worse ? 'bad' : '');
      return row;
    }));
    document.body.dataset.compared = view.a + ' ' + view.b;
  }

  document.addEventListener('DOMContentLoaded', async () => {
    view.suites = await json('api/suites');
    options($('suite'), view.suites.map(s => [s.suite, s.suite]), false);
    fillScenarios();
    for (const id of ['suite', 'scenario', 'component']) $(id).addEventListener('change', () => { fillScenarios(); view.a = view.b = null; load(); });
    $('metric').addEventListener('change', load);
    await load();
  });
})();
