// Redline's charts: lines over time with vertical marks, bars, sparklines, drawn on a canvas.
// The project's own, shared by the live and the historical dashboard; nothing is loaded from the network.
'use strict';

(function () {
  const COLORS = ['#2f6fde', '#e8871e', '#c62828', '#1a7f37', '#7b1fa2', '#00838f'];
  const fmt = (v, digits = 1) => v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });

  function setupCanvas(canvas) {
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || canvas.width, height = Math.round(width * canvas.height / canvas.width) || canvas.height;
    if (canvas.width !== Math.round(width * ratio)) { canvas.width = Math.round(width * ratio); canvas.height = Math.round(height * ratio); }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    return { ctx, width, height };
  }

  function niceMax(value) {
    if (!(value > 0)) return 1;
    const power = Math.pow(10, Math.floor(Math.log10(value)));
    for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
    return 10 * power;
  }

  function lineChart(canvas, xs, series, marks, xLabel) {
    const { ctx, width, height } = setupCanvas(canvas);
    const pad = { left: 48, right: 8, top: 16, bottom: 18 };
    const w = width - pad.left - pad.right, h = height - pad.top - pad.bottom;
    const x0 = xs.length ? xs[0] : 0, x1 = xs.length > 1 ? xs[xs.length - 1] : x0 + 1;
    let top = 0;
    for (const s of series) for (const v of s.values) if (v > top && Number.isFinite(v)) top = v;
    top = niceMax(top);
    const X = x => pad.left + (x - x0) / (x1 - x0 || 1) * w, Y = y => pad.top + h - y / top * h;
    ctx.font = '11px system-ui, sans-serif'; ctx.fillStyle = '#6b6b70'; ctx.strokeStyle = '#e2e2e6'; ctx.lineWidth = 1;
    for (let i = 0; i <= 4; i++) {
      const y = pad.top + h * i / 4;
      ctx.beginPath(); ctx.moveTo(pad.left, y); ctx.lineTo(pad.left + w, y); ctx.stroke();
      ctx.fillText(fmt(top * (4 - i) / 4, 2), 2, y + 4);
    }
    const label = xLabel || (x => x + ' s');
    ctx.fillText(label(x0), pad.left, height - 4);
    const last = label(x1);
    ctx.fillText(last, pad.left + w - ctx.measureText(last).width, height - 4);
    for (const mark of marks || []) {
      if (mark.at < x0 || mark.at > x1) continue;
      ctx.strokeStyle = mark.kind.startsWith('fault') || mark.kind === 'regression' ? 'rgba(198,40,40,.5)' : 'rgba(107,107,112,.4)';
      ctx.setLineDash([3, 3]); ctx.beginPath(); ctx.moveTo(X(mark.at), pad.top); ctx.lineTo(X(mark.at), pad.top + h); ctx.stroke(); ctx.setLineDash([]);
    }
    let legend = pad.left + 6;
    series.forEach((s, i) => {
      ctx.strokeStyle = s.color || COLORS[i % COLORS.length]; ctx.lineWidth = 1.5; ctx.beginPath();
      let started = false;
      s.values.forEach((v, j) => {
        if (!Number.isFinite(v)) { started = false; return; }
        if (!started) { ctx.moveTo(X(xs[j]), Y(v)); started = true; } else ctx.lineTo(X(xs[j]), Y(v));
      });
      ctx.stroke();
      ctx.fillStyle = ctx.strokeStyle; ctx.fillText(s.label, legend, 11);
      legend += ctx.measureText(s.label).width + 16;
    });
    return xs.length > 0;
  }

  function barChart(canvas, labels, values) {
    const { ctx, width, height } = setupCanvas(canvas);
    const pad = { left: 48, right: 8, top: 10, bottom: 18 };
    const w = width - pad.left - pad.right, h = height - pad.top - pad.bottom;
    const top = niceMax(Math.max(0, ...values));
    const bw = w / labels.length;
    ctx.font = '10px system-ui, sans-serif';
    values.forEach((v, i) => {
      const bh = v / top * h;
      ctx.fillStyle = '#2f6fde'; ctx.fillRect(pad.left + i * bw + 1, pad.top + h - bh, bw - 2, bh);
      ctx.fillStyle = '#6b6b70'; if (i % 2 === 0) ctx.fillText(labels[i], pad.left + i * bw, height - 4);
    });
    ctx.fillText(fmt(top, 0), 2, pad.top + 8);
  }

  function sparkline(canvas, values) {
    const { ctx, width, height } = setupCanvas(canvas);
    const top = niceMax(Math.max(0, ...values.filter(Number.isFinite)));
    ctx.strokeStyle = '#2f6fde'; ctx.lineWidth = 1; ctx.beginPath();
    values.forEach((v, i) => { const x = i / Math.max(1, values.length - 1) * width, y = height - 1 - v / top * (height - 2); if (i === 0) ctx.moveTo(x, y); else ctx.lineTo(x, y); });
    ctx.stroke();
  }

  window.RedlineCharts = { COLORS, fmt, niceMax, lineChart, barChart, sparkline };
})();
