// Redline's live dashboard: reads the run's per-second stream (server-sent events) and draws it.
// Everything here is the project's own; nothing is loaded from the network.
'use strict';

(function () {
  const { fmt, lineChart: drawLines, barChart, sparkline } = window.RedlineCharts;
  const lineChart = (...args) => { if (drawLines(...args) && state.firstPaint === null) state.firstPaint = performance.now(); };
  const BUCKETS = ['≤1ms', '≤2.5', '≤5', '≤10', '≤25', '≤50', '≤100', '≤250', '≤500', '≤1s', '≤2.5s', '≤5s', '≤10s', '≤30s', '≤60s', '>60s'];
  const state = { run: null, scenarios: new Map(), order: [], timeline: [], final: null, lastId: 0, selected: null, firstPaint: null, frames: 0 };
  window.redline = state;

  const $ = id => document.getElementById(id);
  const text = (el, value) => { if (el.textContent !== value) el.textContent = value; };
  const cell = (row, value, cls) => { const td = document.createElement('td'); td.textContent = value; if (cls) td.className = cls; row.appendChild(td); return td; };

  function scenarioOf(name) {
    let s = state.scenarios.get(name);
    if (!s) {
      s = { start: null, seconds: [], end: null };
      state.scenarios.set(name, s);
      state.order.push(name);
    }
    return s;
  }

  function onScenario(start) {
    const s = scenarioOf(start.scenario);
    // A repeated scenario starts afresh.
    s.start = start; s.seconds = []; s.end = null;
    state.selected = start.scenario;
  }

  function onSecond(second) {
    const s = scenarioOf(second.scenario);
    const last = s.seconds.length ? s.seconds[s.seconds.length - 1].second : -1;
    if (second.second > last) s.seconds.push(second);
  }

  function onSnapshot(snapshot) {
    state.run = snapshot.run; state.scenarios = new Map(); state.order = []; state.timeline = snapshot.timeline || []; state.final = snapshot.final;
    for (const entry of snapshot.scenarios) {
      if (entry.start) onScenario(entry.start);
      const s = scenarioOf(entry.start ? entry.start.scenario : '');
      s.seconds = entry.seconds; s.end = entry.end; s.thinned = entry.thinned_every;
    }
  }

  const handlers = {
    snapshot: onSnapshot,
    scenario: d => { onScenario(d); },
    second: onSecond,
    timeline: d => state.timeline.push(d),
    scenario_end: d => { scenarioOf(d.scenario).end = d; },
    run_end: d => { state.final = d; },
  };

  let source = null;
  function connect() {
    const token = new URLSearchParams(location.search).get('token');
    // The browser sends Last-Event-ID itself when it reconnects; a page reopened by hand says where it was.
    const query = [];
    if (token) query.push('token=' + encodeURIComponent(token));
    if (state.lastId > 0) query.push('last_event_id=' + state.lastId);
    source = new EventSource('events' + (query.length ? '?' + query.join('&') : ''));
    source.onopen = () => status();
    source.onerror = () => {
      if (state.final) { source.close(); }
      status();
    };
    for (const type of Object.keys(handlers)) {
      source.addEventListener(type, event => {
        const id = Number(event.lastEventId);
        if (type !== 'snapshot' && id && id <= state.lastId) return;
        handlers[type](JSON.parse(event.data));
        if (id) state.lastId = id;
        state.frames++;
        schedule();
      });
    }
  }

  function status() {
    const el = $('status');
    if (state.final) { el.textContent = 'finished: ' + state.final.verdict; el.className = 'badge ' + (state.final.verdict === 'passed' ? 'ok' : 'bad'); return; }
    if (!source || source.readyState === EventSource.CONNECTING) { el.textContent = 'reconnecting'; el.className = 'badge warn'; return; }
    el.textContent = 'live'; el.className = 'badge ok';
  }

  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => { pending = false; render(); });
  }

  // ---- rendering ----
  function render() {
    status();
    if (state.run) { text($('suite'), state.run.suite); text($('run-id'), 'run ' + state.run.run_id); }
    const select = $('scenario');
    if (select.options.length !== state.order.length) {
      select.replaceChildren(...state.order.map(name => { const o = document.createElement('option'); o.value = name; o.textContent = name; return o; }));
    }
    if (state.selected && select.value !== state.selected) select.value = state.selected;
    const s = state.scenarios.get(state.selected);
    if (s) renderScenario(s);
    renderTimeline();
    renderFinal();
  }

  function renderScenario(s) {
    const seconds = s.seconds, last = seconds[seconds.length - 1];
    const xs = seconds.map(r => r.second);
    const marks = state.timeline.filter(e => e.scenario === state.selected && (e.kind === 'stage' || e.kind.startsWith('fault'))).map(e => ({ at: e.at_s, kind: e.kind }));
    if (last) {
      const t = last.total;
      text($('kpi-throughput'), fmt(t.requests, 0));
      text($('kpi-users'), fmt(last.load, 1));
      text($('kpi-users-sub'), (s.start && s.start.model === 'open' ? 'scheduled rate /s' : 'active users') + ' · ' + last.in_flight + ' in flight');
      text($('kpi-errors'), fmt(t.error_rate, 2) + '%');
      text($('kpi-errors-sub'), t.errors + ' errors this second · ' + fmt(last.cumulative.error_rate, 2) + '% since the start');
      const health = $('kpi-health');
      text(health, fmt(last.health, 1));
      health.className = 'value ' + (last.health >= 95 ? 'ok' : last.health >= 80 ? 'warn' : 'bad');
      text($('cumulative'), `since the start: ${fmt(last.cumulative.requests, 0)} requests, ${fmt(last.cumulative.throughput, 1)} req/s, p50 ${fmt(last.cumulative.p50, 2)} ms, p95 ${fmt(last.cumulative.p95, 2)} ms, p99 ${fmt(last.cumulative.p99, 2)} ms`);
      $('cumulative').dataset.p95 = last.cumulative.p95;
      $('cumulative').dataset.requests = last.cumulative.requests;
      renderSlo(last.criteria);
      barChart($('chart-distribution'), BUCKETS, last.distribution);
      renderComponents(s, last);
      renderQueues(last);
    }
    lineChart($('chart-latency'), xs, [
      { label: 'p50', values: seconds.map(r => r.total.p50) },
      { label: 'p95', values: seconds.map(r => r.total.p95) },
      { label: 'p99', values: seconds.map(r => r.total.p99) },
    ], marks);
    lineChart($('chart-throughput'), xs, [
      { label: 'req/s', values: seconds.map(r => r.total.requests) },
      { label: 'errors %', values: seconds.map(r => r.total.error_rate), color: '#c62828' },
    ], marks);
    const res = seconds.map(r => r.resources || {});
    lineChart($('chart-cpu'), xs, [
      { label: 'target', values: res.map(r => r.target_cpu) },
      { label: 'machine', values: res.map(r => r.machine_cpu) },
      { label: 'generator', values: res.map(r => r.generator_cpu) },
    ], marks);
    lineChart($('chart-memory'), xs, [
      { label: 'target MB', values: res.map(r => r.target_rss_bytes / 1048576) },
      { label: 'machine %', values: res.map(r => r.machine_memory) },
    ], marks);
    lineChart($('chart-disk'), xs, [
      { label: 'read', values: res.map(r => r.disk_read_bps / 1024) },
      { label: 'write', values: res.map(r => r.disk_write_bps / 1024) },
    ], marks);
    lineChart($('chart-network'), xs, [
      { label: 'received', values: res.map(r => r.net_rx_bps / 1024) },
      { label: 'sent', values: res.map(r => r.net_tx_bps / 1024) },
    ], marks);
    renderMap(s);
  }

  function renderSlo(criteria) {
    const body = $('slo').tBodies[0];
    body.replaceChildren(...criteria.map(c => {
      const row = document.createElement('tr');
      row.dataset.criterion = c.name;
      cell(row, c.name); cell(row, c.expression); cell(row, c.actual === null ? 'judged at the end' : fmt(c.actual, 3));
      cell(row, c.met === null ? '–' : c.met ? 'met' : 'missed', c.met === null ? '' : c.met ? 'ok' : 'bad');
      return row;
    }));
  }

  function componentStatus(c, criteria) {
    const missed = criteria.some(k => k.met === false && k.name.startsWith(c.name + '.'));
    if (c.error_rate > 5) return ['failing', 'bad'];
    if (c.error_rate >= 1 || missed) return ['degraded', 'warn'];
    return ['ok', 'ok'];
  }

  function renderComponents(s, last) {
    const body = $('component-grid').tBodies[0];
    const recent = s.seconds.slice(-60);
    body.replaceChildren(...last.components.map(c => {
      const row = document.createElement('tr');
      row.dataset.component = c.name;
      const [label, cls] = componentStatus(c, last.criteria);
      cell(row, c.name); cell(row, label, cls); cell(row, fmt(c.requests, 0)); cell(row, fmt(c.p95, 2)); cell(row, fmt(c.error_rate, 2) + '%');
      const td = document.createElement('td'); const canvas = document.createElement('canvas'); canvas.className = 'spark'; canvas.width = 120; canvas.height = 24; td.appendChild(canvas); row.appendChild(td);
      requestAnimationFrame(() => sparkline(canvas, recent.map(r => { const k = r.components.find(x => x.name === c.name); return k ? k.p95 : NaN; })));
      return row;
    }));
    const list = $('bottlenecks');
    const busy = last.components.filter(c => c.requests > 0);
    const items = [];
    if (busy.length) {
      const slowest = busy.reduce((a, b) => (b.p95 > a.p95 ? b : a));
      items.push(`slowest now: ${slowest.name} (p95 ${fmt(slowest.p95, 2)} ms)`);
      const erring = busy.reduce((a, b) => (b.error_rate > a.error_rate ? b : a));
      if (erring.error_rate > 0) items.push(`most errors now: ${erring.name} (${fmt(erring.error_rate, 2)}%)`);
    }
    const r = last.resources || {};
    if (r.target_cpu >= 90) items.push(`target CPU at ${fmt(r.target_cpu, 0)}% of a core`);
    if (r.generator_cpu >= 80) items.push(`generator busy (${fmt(r.generator_cpu, 0)}%): its latencies may be its own`);
    if (last.total.late > 0 || last.total.dropped > 0) items.push(`${last.total.late} late and ${last.total.dropped} dropped iterations this second: every slot was busy`);
    if (!items.length) items.push('none this second');
    list.replaceChildren(...items.map(t => { const li = document.createElement('li'); li.textContent = t; return li; }));
  }

  function renderQueues(last) {
    const r = last.resources || {};
    const rows = [['iterations in flight', last.in_flight], ['late this second', last.total.late], ['dropped this second', last.total.dropped]];
    if (r.thread_pool_queue !== undefined) rows.push(['target thread-pool queue', r.thread_pool_queue]);
    $('queues').tBodies[0].replaceChildren(...rows.map(([k, v]) => { const row = document.createElement('tr'); cell(row, k); cell(row, fmt(v, 0)); return row; }));
  }

  function renderMap(s) {
    const map = $('dependency-map');
    if (!s.start) return;
    const active = new Set();
    for (const e of state.timeline) {
      if (e.scenario !== s.start.scenario) continue;
      if (e.kind === 'fault_started') active.add(e.data.id || e.text);
      if (e.kind === 'fault_ended') active.delete(e.data.id || e.text);
    }
    const node = (label, cls) => { const d = document.createElement('div'); d.className = 'node ' + (cls || ''); d.textContent = label; return d; };
    const arrow = () => { const d = document.createElement('div'); d.className = 'arrow'; d.textContent = '→'; return d; };
    const components = document.createElement('div');
    components.append(...s.start.components.map(c => node(c)));
    const parts = [node('Redline (' + s.start.model + ' model)'), arrow(), components];
    if (active.size) { parts.push(arrow(), node(active.size + ' fault(s) active', 'bad')); }
    map.replaceChildren(...parts);
  }

  function renderTimeline() {
    const list = $('timeline');
    if (list.childElementCount === state.timeline.length) return;
    list.replaceChildren(...state.timeline.filter(e => e.kind !== 'note').slice(-200).map(e => {
      const li = document.createElement('li');
      li.className = e.kind.startsWith('fault') ? 'fault' : e.kind === 'stage' ? 'stage' : '';
      li.textContent = `${e.scenario} +${fmt(e.at_s, 1)} s · ${e.kind}: ${e.text}`;
      return li;
    }));
  }

  function renderFinal() {
    const f = state.final;
    if (!f) return;
    $('final').hidden = false;
    document.body.dataset.state = 'finished';
    text($('final-verdict'), `Run ${f.run_id} ${f.verdict} after ${fmt(f.duration_s, 1)} s. This page keeps the result until Redline exits.`);
    $('final-table').tBodies[0].replaceChildren(...f.scenarios.map(s => {
      const row = document.createElement('tr');
      row.dataset.scenario = s.scenario;
      cell(row, s.scenario); cell(row, s.verdict, s.verdict === 'passed' ? 'ok' : 'bad'); cell(row, String(s.requests));
      cell(row, String(s.throughput)); cell(row, String(s.p50)); cell(row, String(s.p95)); cell(row, String(s.p99)); cell(row, s.error_rate + '%');
      return row;
    }));
  }

  document.addEventListener('DOMContentLoaded', () => {
    document.body.dataset.state = 'running';
    $('scenario').addEventListener('change', e => { state.selected = e.target.value; render(); });
    window.addEventListener('resize', schedule);
    connect();
  });
})();
