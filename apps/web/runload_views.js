/* runload views: renders the JSON views (athlete, session, team) with Chart.js. Shared by the offline
 * HTML report and the coach dashboard. DOM is built with createElement/textContent only (names and notes
 * are user text). No network access. */
(function (global) {
  'use strict';

  const C = {
    high: '#b3261e', caution: '#c96a00', info: '#2f6db5', ok: '#2e7d32', bar: '#6b93d6', barLight: '#c9d6ee',
    line: '#1d1f23', baseline: '#2e7d32', band: 'rgba(46,125,50,0.14)', muted: '#8a919b', threshold: '#b3261e',
  };
  const SHOE_COLORS = ['#2f6db5', '#c96a00', '#6a3d9a', '#2e7d32', '#b3261e', '#008b8b'];

  if (global.Chart) {
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    Chart.defaults.font.family = 'system-ui, "DejaVu Sans", sans-serif';
  }
  const charts = [];

  // ---- small DOM helpers -------------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      node.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    }
    return node;
  }
  function num(v, digits, unit) {
    if (v === null || v === undefined || Number.isNaN(v)) return '—';
    const s = Number(v).toFixed(digits === undefined ? 1 : digits);
    return unit ? s + ' ' + unit : s;
  }
  // Pace as a runner reads it: m:ss per km (never decimal minutes).
  function paceText(sPerKm, unit) {
    if (sPerKm === null || sPerKm === undefined || !Number.isFinite(sPerKm) || sPerKm <= 0) return '—';
    const total = Math.round(sPerKm);
    const text = Math.floor(total / 60) + ':' + String(total % 60).padStart(2, '0');
    return unit === false ? text : text + ' /km';
  }
  // Distances arrive in m and durations in s (docs/units.md); the pages show km and h:mm.
  function km(m) { return m === null || m === undefined ? null : m / 1000; }
  function clockText(s) {
    if (s === null || s === undefined || !Number.isFinite(s) || s < 0) return '—';
    const minutes = Math.round(s / 60);
    return Math.floor(minutes / 60) + ':' + String(minutes % 60).padStart(2, '0');
  }
  function signedPct(v) { return v === null || v === undefined ? '—' : (v > 0 ? '+' : '') + v.toFixed(1) + ' %'; }
  function card(parent, title, note, id) {
    const body = el('section', { class: 'card', id: id || null });
    body.appendChild(el('h2', { text: title }));
    if (note) body.appendChild(el('p', { class: 'note', text: note }));
    parent.appendChild(body);
    return body;
  }
  function kpi(parent, label, value) {
    parent.appendChild(el('div', { class: 'kpi' }, el('div', { class: 'v', text: value }), el('div', { class: 'k', text: label })));
  }
  function empty(parent, text) { parent.appendChild(el('p', { class: 'empty', text })); }
  function chart(parent, name, config, small) {
    const canvas = el('canvas', { 'data-chart': name, role: 'img', 'aria-label': name });
    parent.appendChild(el('div', { class: small ? 'chart small' : 'chart' }, canvas));
    const c = new Chart(canvas, config);
    charts.push({ name, chart: c });
    return c;
  }
  // Metrics whose method has no reference on real data yet (issue 10): shown for research, labelled.
  const UNVALIDATED_METRICS = new Set(['tibial_angle_deg']);
  function metricLabel(metric) { return UNVALIDATED_METRICS.has(metric) ? metric + ' (unvalidated)' : metric; }
  function axis(title, extra) { return Object.assign({ title: { display: true, text: title } }, extra || {}); }
  function shortDate(iso) { return iso ? iso.slice(5) : ''; }
  function severityBadge(sev) { return el('span', { class: 'badge ' + sev, text: sev }); }

  // ---- flags and disclaimer ----------------------------------------------------------------------------
  function renderFlags(parent, risk, title) {
    const box = card(parent, title || 'Overuse-risk flags (inner knee)',
      'Each flag shows the measured value against its threshold with the evidence grade (A strongest … C, V ' +
      'convention, clinical = seek-help criteria) and the prevention advice. Not a diagnosis.', 'flags');
    if (!risk) { empty(box, 'No risk report for this view.'); return; }
    if (risk.stop_and_seek_help) {
      box.appendChild(el('div', { class: 'banner stop', text: 'Stop running and see a health professional: ' + risk.headline }));
    } else if (risk.headline) {
      box.appendChild(el('p', { text: risk.headline }));
    }
    if (!risk.flags.length) {
      empty(box, 'No flags as of ' + risk.as_of + '.');
    } else {
      const t = el('table', { class: 'flags' });
      t.appendChild(el('tr', {}, ...['Severity', 'Factor', 'Grade', 'Value', 'Threshold', 'Window', 'What was measured',
        'Advice', 'Evidence'].map((h) => el('th', { text: h }))));
      for (const f of risk.flags) {
        t.appendChild(el('tr', { 'data-flag': f.id, 'data-severity': f.severity },
          el('td', {}, severityBadge(f.severity)), el('td', { text: f.factor }), el('td', { text: f.grade }),
          el('td', { class: 'num', text: f.value === null ? '—' : num(f.value, 2) + ' ' + f.unit }),
          el('td', { class: 'num', text: f.threshold === null ? '—' : num(f.threshold, 2) + ' ' + f.unit }),
          el('td', { text: f.window }), el('td', { text: f.message }), el('td', { text: f.advice }),
          el('td', { text: f.evidence })));
      }
      box.appendChild(t);
    }
    if (risk.context && risk.context.length) {
      const ul = el('ul', {});
      for (const c of risk.context) ul.appendChild(el('li', { text: c }));
      box.appendChild(el('p', { class: 'note', text: 'Context (not alarms):' }));
      box.appendChild(ul);
    }
    if (risk.return_to_run && risk.return_to_run.stage !== 'not_needed') {
      box.appendChild(el('p', { text: 'Return to run: ' + risk.return_to_run.stage + ' — ' + risk.return_to_run.next_step }));
    }
  }
  function renderDisclaimer(parent, risk) {
    parent.appendChild(el('p', { class: 'disclaimer', id: 'disclaimer', text: (risk && risk.disclaimer) ||
      'runload is not a diagnosis and not medical advice.' }));
  }

  // ---- athlete: weekly mileage, runs with spikes ---------------------------------------------------------
  function renderWeekly(parent, view) {
    const load = view.load, th = view.thresholds;
    const box = card(parent, 'Weekly running distance and progression',
      'Rolling 7-day weeks ending on the report date: real sums; days inside an imported or recorded span ' +
      'without a run are rest days. Light bars: weeks with too few known days (an underestimate). Line: ' +
      'the last 7 days vs the biggest 7-day total of the week before (' + th.progression_weekly_pct + ' % and ' +
      th.progression_two_week_pct + ' % over two weeks are the progression thresholds). Triangles: a week ' +
      'holding a single-run spike (> ' + Math.round((th.spike_caution_ratio - 1) * 100) + ' % over the longest run of the previous 30 days).', 'weekly');
    const p = load.current.progression;
    const k = el('div', { class: 'kpis' });
    kpi(k, 'this week', num(km(p.current_week_m), 1, 'km'));
    kpi(k, 'week before (peak 7 d)', num(km(p.previous_week_m), 1, 'km'));
    kpi(k, 'week over week', signedPct(p.week_over_week_pct));
    kpi(k, 'over two weeks', signedPct(p.two_week_pct));
    box.appendChild(k);
    const weeks = load.weekly;
    const labels = weeks.map((w) => shortDate(w.first) + '–' + shortDate(w.last));
    const full = weeks.map((w) => km(w.distance_m));
    const partial = weeks.map((w) => (w.distance_m === null ? km(w.recorded_distance_m) : null));
    const wow = weeks.map((w, i) => (i > 0 && w.distance_m !== null && weeks[i - 1].distance_m ?
      (100 * (w.distance_m - weeks[i - 1].distance_m)) / weeks[i - 1].distance_m : null));
    const spikeWeeks = weeks.map((w) => {
      const spikes = (view.runs || []).filter((r) => r.date >= w.first && r.date <= w.last && r.ratio !== null &&
        r.ratio > th.spike_caution_ratio);
      return spikes.length ? km(Math.max(w.distance_m || 0, w.recorded_distance_m)) : null;
    });
    chart(box, 'weekly-distance', {
      data: {
        labels,
        datasets: [
          { type: 'bar', label: 'distance (km)', data: full, backgroundColor: C.bar, stack: 'km' },
          { type: 'bar', label: 'distance, incomplete week (km)', data: partial, backgroundColor: C.barLight, stack: 'km' },
          { type: 'line', label: 'single-run spike in the week', data: spikeWeeks, showLine: false, pointStyle: 'triangle',
            pointRadius: 9, backgroundColor: C.high, borderColor: C.high },
          { type: 'line', label: 'week over week (%)', data: wow, yAxisID: 'pct', borderColor: C.line, pointRadius: 3,
            spanGaps: false },
        ],
      },
      options: { scales: { y: axis('km', { beginAtZero: true, stacked: true }), x: { stacked: true },
        // At least ±50 %: a few per cent of noise never fills the axis and reads as a ramp.
        pct: axis('% change', { position: 'right', suggestedMin: -50, suggestedMax: 50, grid: { drawOnChartArea: false } }) } },
    });
  }

  // ---- athlete: pain over time ---------------------------------------------------------------------------
  function renderPain(parent, view) {
    const box = card(parent, 'Knee pain over time', 'Every logged rating (0-10) in the window: during, after and the ' +
      'next morning. Above 2/10 the return-to-run gate is not met. Return to run: ' +
      (view.risk.return_to_run.stage_label || view.risk.return_to_run.stage) + '.', 'pain');
    const pain = view.pain || [];
    if (!pain.length) { empty(box, 'No pain rating logged in this window (runload log … --pain-after X).'); return; }
    const labels = pain.map((p) => shortDate(p.date));
    const series = (key, label, color) => ({ type: 'line', label, data: pain.map((p) => p[key]), borderColor: color,
      backgroundColor: color, pointRadius: 4, spanGaps: true });
    chart(box, 'pain', {
      data: { labels, datasets: [series('pain_during_0_10', 'during', C.high), series('pain_after_0_10', 'after', C.line),
        series('pain_morning_0_10', 'next morning', C.bar),
        { type: 'line', label: 'gate (2/10)', data: pain.map(() => 2), borderColor: C.barLight, borderDash: [6, 4],
          pointRadius: 0 }] },
      options: { scales: { y: axis('pain (0-10)', { min: 0, max: 10 }) } },
    }, true);
  }

  function spikeColor(r, th) {
    if (r.ratio === null) return C.muted;
    if (r.ratio > th.spike_high_ratio) return C.high;
    if (r.ratio > th.spike_elevated_ratio) return C.caution;
    if (r.ratio > th.spike_caution_ratio) return '#e0a100';
    return C.bar;
  }
  function renderRuns(parent, runs, th, title, highlightId) {
    const box = card(parent, title || 'Runs and single-run spikes',
      'Each run against the longest run of the previous 30 days (Frandsen 2025, grade A). Dashed: the +' +
      Math.round((th.spike_elevated_ratio - 1) * 100) + ' % line. Coloured bars exceed a spike threshold.', 'runs');
    if (!runs || !runs.length) { empty(box, 'No runs in this window.'); return; }
    chart(box, 'runs-spikes', {
      data: {
        labels: runs.map((r) => shortDate(r.date) + ' #' + r.session_id),
        datasets: [
          { type: 'bar', label: 'run (km)', data: runs.map((r) => km(r.distance_m)),
            backgroundColor: runs.map((r) => spikeColor(r, th)),
            borderColor: runs.map((r) => (r.session_id === highlightId ? C.line : 'transparent')),
            borderWidth: runs.map((r) => (r.session_id === highlightId ? 3 : 0)) },
          { type: 'line', label: 'longest previous 30 days (km)', data: runs.map((r) => km(r.longest_previous_m)),
            borderColor: C.muted, pointRadius: 0, stepped: true },
          { type: 'line', label: '+' + Math.round((th.spike_elevated_ratio - 1) * 100) + ' % spike line (km)',
            data: runs.map((r) => (r.longest_previous_m === null ? null : km(r.longest_previous_m) * th.spike_elevated_ratio)),
            borderColor: C.threshold, borderDash: [6, 4], pointRadius: 0, stepped: true },
        ],
      },
      options: { scales: { y: axis('km', { beginAtZero: true }), x: { ticks: { maxRotation: 60, autoSkip: true } } } },
    });
  }

  // ---- athlete: acute/chronic context, mechanical exposure ------------------------------------------------
  function rollingMean(values, end, length) {
    let sum = 0, n = 0;
    for (let i = Math.max(0, end - length + 1); i <= end; ++i) if (values[i] !== null) { sum += values[i]; ++n; }
    return n ? sum / n : null;
  }
  function renderAcuteChronic(parent, load) {
    const cur = load.current, ac = cur.acute_chronic, ff = cur.fitness_fatigue;
    const box = card(parent, 'Acute and chronic load — context only',
      'Context, never an alarm on its own (Lolli et al. 2019, Impellizzeri et al. 2020: coupling artefacts; Frandsen et al. 2025: no consistent ' +
      'link with running injury). Daily distance with the 7-day mean (acute) and the mean of the 21 days before it (chronic), over ' +
      'recorded days only; missing days are gaps, rest days are 0.', 'acute-chronic');
    const k = el('div', { class: 'kpis' });
    kpi(k, 'acute km/day', num(km(ac.acute_per_day), 2));  // the distance measure is in m per day
    kpi(k, 'chronic km/day', num(km(ac.chronic_per_day), 2));
    kpi(k, 'uncoupled ratio (context)', num(ac.uncoupled_ratio, 2));
    kpi(k, 'EWMA ratio (context)', num(ac.ewma_ratio, 2));
    kpi(k, 'monotony (sRPE)', num(cur.monotony, 2));
    kpi(k, 'fitness / fatigue (AU)', num(ff.ctl_au, 0) + ' / ' + num(ff.atl_au, 0));
    box.appendChild(k);
    const days = load.daily;
    const dayKm = days.map((d) => km(d.distance_m));
    const acute = dayKm.map((_, i) => rollingMean(dayKm, i, 7));
    const chronic = dayKm.map((_, i) => (i >= 7 ? rollingMean(dayKm, i - 7, 21) : null));
    chart(box, 'acute-chronic', {
      data: {
        labels: days.map((d) => shortDate(d.date)),
        datasets: [
          { type: 'bar', label: 'daily distance (km)', data: dayKm, backgroundColor: C.barLight },
          { type: 'line', label: 'acute: 7-day mean (km/day)', data: acute, borderColor: C.info, pointRadius: 0 },
          { type: 'line', label: 'chronic: 21 days before (km/day)', data: chronic, borderColor: C.muted,
            borderDash: [5, 3], pointRadius: 0 },
        ],
      },
      options: { scales: { y: axis('km', { beginAtZero: true }), x: { ticks: { maxTicksLimit: 14 } } } },
    });
  }
  function renderExposure(parent, load) {
    const m = load.current.mechanical_load;
    const box = card(parent, 'Mechanical exposure index — a proxy',
      'Σ over steps of the per-step peak tibial acceleration (g·steps): a proxy for mechanical exposure, not ' +
      'knee or bone load (Matijevich et al. 2019: impact correlates weakly or negatively with tibial load). Only sessions recorded with a sensor carry it.', 'exposure');
    const k = el('div', { class: 'kpis' });
    kpi(k, 'acute g·steps/day', num(m.acute_chronic.acute_per_day, 0));
    kpi(k, 'chronic g·steps/day', num(m.acute_chronic.chronic_per_day, 0));
    kpi(k, 'ratio (context)', num(m.acute_chronic.uncoupled_ratio, 2));
    box.appendChild(k);
    const values = load.daily.map((d) => d.mechanical_exposure_g_steps);
    if (!values.some((v) => v !== null)) { empty(box, 'No sensor sessions in this window, so no exposure data yet.'); return; }
    chart(box, 'mechanical-exposure', {
      type: 'bar',
      data: { labels: load.daily.map((d) => shortDate(d.date)),
        datasets: [{ label: 'mechanical exposure index (g·steps)', data: values, backgroundColor: '#8e6cc0' }] },
      options: { scales: { y: axis('g·steps', { beginAtZero: true }), x: { ticks: { maxTicksLimit: 14 } } } },
    }, true);
  }

  // ---- athlete: gait trends against the personal baseline ---------------------------------------------------
  const GAIT = [
    { key: 'cadence_steps_per_min', title: 'Cadence', unit: 'steps/min', threshold: (b, th) => b * (1 - th.cadence_drop_pct / 100),
      thresholdLabel: (th) => '−' + th.cadence_drop_pct + ' % of baseline' },
    { key: 'pta_g', title: 'Peak tibial acceleration (PTA)', unit: 'g', threshold: (b, th) => b * (1 + th.pta_rise_pct / 100),
      thresholdLabel: (th) => '+' + th.pta_rise_pct + ' % of baseline' },
    { key: 'gct_ms', title: 'Ground contact time', unit: 'ms', threshold: (b, th) => b * (1 + th.gct_rise_pct / 100),
      thresholdLabel: (th) => '+' + th.gct_rise_pct + ' % of baseline' },
  ];
  function renderGait(parent, gait, th) {
    const box = card(parent, 'Cadence and impact against the personal baseline',
      'Each sensor session against the runner\'s own rolling baseline (median of the previous 6 weeks, speed-matched ' +
      'when speed is known; band = ±1.4826·MAD). Change from one\'s own baseline, never a population cut-off.', 'gait');
    if (!gait || !gait.length) { empty(box, 'No sensor sessions in this window: record a run with a shoe or shank sensor to see cadence, PTA and contact-time trends.'); return; }
    const grid = el('div', { class: 'grid' });
    box.appendChild(grid);
    for (const g of GAIT) {
      const pts = gait.filter((s) => s.metrics[g.key]);
      if (!pts.length) continue;
      const cell = el('div', {});
      cell.appendChild(el('p', { class: 'note', text: g.title + ' (' + g.unit + ')' }));
      grid.appendChild(cell);
      const med = pts.map((s) => s.metrics[g.key].baseline_median);
      const spread = pts.map((s) => (s.metrics[g.key].baseline_mad === null ? null : 1.4826 * s.metrics[g.key].baseline_mad));
      chart(cell, 'gait-' + g.key, {
        type: 'line',
        data: {
          labels: pts.map((s) => shortDate(s.date)),
          datasets: [
            { label: g.title, data: pts.map((s) => s.metrics[g.key].value), borderColor: C.info, pointRadius: 3 },
            { label: 'baseline median', data: med, borderColor: C.baseline, pointRadius: 0 },
            { label: 'baseline + spread', data: med.map((m, i) => (m === null || spread[i] === null ? null : m + spread[i])),
              borderColor: 'transparent', backgroundColor: C.band, pointRadius: 0, fill: '-1' },
            { label: 'baseline − spread', data: med.map((m, i) => (m === null || spread[i] === null ? null : m - spread[i])),
              borderColor: 'transparent', backgroundColor: C.band, pointRadius: 0, fill: 1 },
            { label: g.thresholdLabel(th), data: med.map((m) => (m === null ? null : g.threshold(m, th))),
              borderColor: C.threshold, borderDash: [6, 4], pointRadius: 0 },
          ],
        },
        options: { scales: { y: axis(g.unit) } },
      }, true);
    }
  }

  // ---- athlete: shoes ----------------------------------------------------------------------------------------
  function renderShoes(parent, view) {
    const shoes = view.load.current.shoes;
    const box = card(parent, 'Shoes: distance against budget and impact trend',
      'Budget = a replacement convention (480–800 km, grade V), not injury evidence. Impact trend: PTA on the shoe ' +
      'at matched speed; a rise suggests fading cushioning (threshold +' + view.thresholds.shoe_impact_rise_pct + ' %).', 'shoes');
    if (!shoes.length) { empty(box, 'No shoes recorded.'); return; }
    chart(box, 'shoe-km', {
      type: 'bar',
      data: {
        labels: shoes.map((s) => s.name + (s.retired ? ' (retired)' : '')),
        datasets: [
          { label: 'km', data: shoes.map((s) => km(s.distance_m)),
            backgroundColor: shoes.map((s) => (s.budget_used_pct >= 100 ? C.high : s.budget_used_pct >= 80 ? C.caution : C.bar)) },
          { label: 'budget (km)', data: shoes.map((s) => km(s.budget_m)), backgroundColor: 'rgba(0,0,0,0.08)',
            borderColor: C.muted, borderWidth: 1 },
        ],
      },
      options: { indexAxis: 'y', scales: { x: axis('km', { beginAtZero: true }) } },
    }, true);
    const t = el('table', {});
    t.appendChild(el('tr', {}, ...['Shoe', 'km', 'budget', 'used', 'sessions', 'rotation share', 'PTA change',
      'loading-rate change'].map((h) => el('th', { text: h }))));
    for (const s of shoes) {
      t.appendChild(el('tr', {}, el('td', { text: s.name + (s.retired ? ' (retired)' : '') }),
        el('td', { class: 'num', text: num(km(s.distance_m), 0) }), el('td', { class: 'num', text: num(km(s.budget_m), 0) }),
        el('td', { class: 'num', text: num(s.budget_used_pct, 0, '%') }), el('td', { class: 'num', text: String(s.sessions) }),
        el('td', { class: 'num', text: num(100 * s.rotation_share, 0, '%') }),
        el('td', { class: 'num', text: signedPct(s.pta_change_pct) }),
        el('td', { class: 'num', text: signedPct(s.loading_rate_change_pct) })));
    }
    box.appendChild(t);
    const impact = view.shoe_impact || [];
    if (!impact.length) { empty(box, 'No sensor sessions on these shoes yet, so no impact trend.'); return; }
    const dates = [...new Set(impact.flatMap((s) => s.points.map((p) => p.date)))].sort();
    chart(box, 'shoe-impact', {
      type: 'line',
      data: {
        labels: dates.map(shortDate),
        datasets: impact.map((s, i) => {
          const byDate = new Map(s.points.map((p) => [p.date, p.pta_g]));
          return { label: s.name + ' PTA (g)', data: dates.map((d) => (byDate.has(d) ? byDate.get(d) : null)),
            borderColor: SHOE_COLORS[i % SHOE_COLORS.length], spanGaps: true, pointRadius: 3 };
        }),
      },
      options: { scales: { y: axis('g') } },
    }, true);
  }

  function renderSessionTable(parent, sessions, sessionHref) {
    const box = card(parent, 'Sessions', sessionHref ? 'Open a session for its charts.' : null, 'sessions');
    if (!sessions.length) { empty(box, 'No sessions in this window.'); return; }
    const t = el('table', { class: 'sessions' });
    t.appendChild(el('tr', {}, ...['#', 'Date', 'Activity', 'km', 'time', 'RPE', 'Surface', 'Shoe', 'Sensor']
      .map((h) => el('th', { text: h }))));
    for (const s of sessions) {
      const idCell = sessionHref ? el('td', {}, el('a', { class: 'row-link', href: sessionHref(s.id), 'data-session-id': String(s.id),
        text: String(s.id) })) : el('td', { text: String(s.id) });
      t.appendChild(el('tr', { 'data-session-id': String(s.id) }, idCell, el('td', { text: s.date }),
        el('td', { text: s.activity }), el('td', { class: 'num', text: num(km(s.distance_m), 2) }),
        el('td', { class: 'num', text: clockText(s.duration_s) }), el('td', { class: 'num', text: num(s.rpe, 0) }),
        el('td', { text: s.surface }), el('td', { text: s.shoe || '—' }),
        el('td', { text: s.has_sensor_metrics ? 'yes' : '—' })));
    }
    box.appendChild(t);
  }

  function renderAthlete(root, view, opts) {
    opts = opts || {};
    const a = view.athlete;
    root.appendChild(el('header', { class: 'page' }, el('h1', { text: a.name }),
      el('span', { class: 'sub', text: 'as of ' + view.as_of + ' · ' + a.experience +
        (a.body_mass_kg ? ' · ' + a.body_mass_kg + ' kg' : '') + (a.previous_injury ? ' · previous running injury' : '') })));
    renderFlags(root, view.risk);
    renderWeekly(root, view);
    renderPain(root, view);
    renderRuns(root, view.runs, view.thresholds);
    renderAcuteChronic(root, view.load);
    renderExposure(root, view.load);
    renderGait(root, view.gait, view.thresholds);
    renderShoes(root, view);
    renderSessionTable(root, view.sessions, opts.sessionHref);
    renderDisclaimer(root, view.risk);
  }

  // ---- session drill-down --------------------------------------------------------------------------------------
  function stepSeries(steps, key) { return steps.map((s) => ({ x: s.time_s / 60, y: s[key] === undefined ? null : s[key] })); }
  function kmSplits(steps) {
    const splits = [];
    let next = 1000, lastT = steps.length ? steps[0].time_s : 0;
    for (const s of steps) {
      if (s.distance_m >= next) { splits.push({ km: next / 1000, s: s.time_s - lastT }); lastT = s.time_s; next += 1000; }
    }
    return splits;
  }
  function thirds(steps, key) {
    const vals = steps.map((s) => s[key]).filter((v) => v !== null && v !== undefined);
    if (vals.length < 3) return null;
    const n = Math.floor(vals.length / 3), mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
    return [mean(vals.slice(0, n)), mean(vals.slice(n, 2 * n)), mean(vals.slice(2 * n))];
  }
  function renderSteps(parent, view) {
    const box = card(parent, 'Per-step charts', null, 'steps');
    const steps = view.steps;
    if (!steps || !steps.length) { empty(box, view.steps_note); return; }
    const grid = el('div', { class: 'grid' });
    box.appendChild(grid);
    const series = [['cadence_steps_per_min', 'Cadence (steps/min)'], ['gct_ms', 'Ground contact time (ms)'],
      ['pta_g', 'Peak tibial acceleration (g)']];
    for (const [key, label] of series) {
      const cell = el('div', {});
      grid.appendChild(cell);
      chart(cell, 'step-' + key, {
        type: 'line', data: { datasets: [{ label, data: stepSeries(steps, key), borderColor: C.info, pointRadius: 0, borderWidth: 1 }] },
        options: { parsing: false, scales: { x: axis('minutes', { type: 'linear' }), y: axis(label) } },
      }, true);
    }
    const splits = kmSplits(steps);
    const cell = el('div', {});
    grid.appendChild(cell);
    if (splits.length) {
      chart(cell, 'km-splits', {
        type: 'bar', data: { labels: splits.map((s) => 'km ' + s.km),
          datasets: [{ label: 'split pace (m:ss /km)', data: splits.map((s) => s.s), backgroundColor: C.bar }] },
        options: { scales: { y: axis('pace (m:ss /km)', { beginAtZero: false, ticks: { callback: (v) => paceText(v, false) } }) },
          plugins: { tooltip: { callbacks: { label: (c) => paceText(c.parsed.y) } } } },
      }, true);
    } else {
      empty(cell, 'No distance estimate in this recording, so no km splits.');
    }
    const drift = series.map(([key, label]) => ({ label, t: thirds(steps, key) })).filter((d) => d.t);
    if (drift.length) {
      const dcell = el('div', {});
      grid.appendChild(dcell);
      chart(dcell, 'within-run-drift', {
        type: 'bar',
        data: { labels: drift.map((d) => d.label),
          datasets: ['first third', 'middle third', 'last third'].map((name, i) => ({ label: name,
            data: drift.map((d) => (100 * (d.t[i] - d.t[0])) / d.t[0]), backgroundColor: [C.barLight, C.bar, C.info][i] })) },
        options: { scales: { y: axis('% vs first third') } },
      }, true);
    }
  }
  // A watch's, pod's or Stryd's running dynamics (FIT or Garmin CSV import), each with its source.
  const DYNAMICS = [
    ['vertical_oscillation_mm', 'vertical_oscillation', 'vertical oscillation', (v) => num(v, 0, 'mm')],
    ['vertical_ratio_pct', 'vertical_ratio', 'vertical ratio', (v) => num(v, 1, '%')],
    ['step_length_mm', 'step_length', 'step length', (v) => num(v / 1000, 2, 'm')],
    ['gct_balance_left_pct', 'gct_balance', 'contact-time balance', (v) => num(v, 1, '% left')],
    ['asymmetry_pct', 'gct_balance', 'contact-time asymmetry', (v) => num(v, 1, '%')],
    ['power_w', 'power', 'power', (v) => num(v, 0, 'W')],
    ['leg_spring_stiffness_kn_per_m', 'leg_spring_stiffness', 'leg-spring stiffness', (v) => num(v, 1, 'kN/m')],
  ];
  function renderDynamics(parent, m) {
    const sources = Object.fromEntries((m.sources || '').split(',').filter((x) => x).map((x) => x.split(':')));
    const shown = DYNAMICS.filter(([key]) => m[key] !== null && m[key] !== undefined);
    if (!shown.length) return;
    const k = el('div', { class: 'kpis', id: 'dynamics' });
    for (const [key, source, label, text] of shown) kpi(k, label + (sources[source] ? ' (' + sources[source] + ')' : ''), text(m[key]));
    parent.appendChild(el('h3', { text: 'Running dynamics' }));
    parent.appendChild(k);
  }
  function renderSession(root, view, opts) {
    opts = opts || {};
    const s = view.session, m = s.metrics;
    root.appendChild(el('header', { class: 'page' }, el('h1', { text: 'Session ' + s.id + ' · ' + s.date }),
      el('span', { class: 'sub', text: view.athlete.name + ' · ' + s.activity + ' · ' + s.surface + (s.shoe ? ' · ' + s.shoe : '') })));
    const sum = card(root, 'Summary', s.recording ? 'Recording: ' + s.recording : 'Source: ' + s.source, 'summary');
    const k = el('div', { class: 'kpis' });
    kpi(k, 'distance', num(km(s.distance_m), 2, 'km'));
    kpi(k, 'duration', clockText(s.duration_s));
    kpi(k, 'pace', paceText(s.pace_s_per_km));
    kpi(k, 'RPE', num(s.rpe, 0));
    kpi(k, 'sRPE load', num(s.srpe_load_au, 0, 'AU'));
    kpi(k, 'cadence', num(m.cadence_steps_per_min, 0, 'steps/min'));
    kpi(k, 'contact time', num(m.gct_ms, 0, 'ms'));
    kpi(k, 'PTA', num(m.pta_g, 1, 'g'));
    kpi(k, 'exposure index (proxy)', num(m.mechanical_exposure_g_steps, 0, 'g·steps'));
    sum.appendChild(k);
    renderDynamics(sum, m);
    if (s.notes) sum.appendChild(el('p', { text: 'Notes: ' + s.notes }));
    if (opts.extraSummary) opts.extraSummary(sum, view);
    if (view.spike && view.spike.ratio !== null) {
      sum.appendChild(el('p', { text: 'Spike: ' + num(km(view.spike.distance_m), 2) + ' km vs the longest run of the previous 30 days ' +
        num(km(view.spike.longest_previous_m), 2) + ' km (' + signedPct(view.spike.spike_pct) + ').' }));
    }
    renderFlags(root, view.risk, 'Flags on this day');
    renderRuns(root, view.context_runs, view.thresholds, 'This run among the surrounding runs', s.id);
    const d = card(root, 'Metrics against the personal baseline', 'Change of this session\'s summary metrics from the ' +
      'runner\'s own baseline (previous 6 weeks).', 'drifts');
    if (!view.drifts.length) {
      empty(d, 'This session carries no sensor metrics.');
    } else {
      chart(d, 'session-drift', {
        type: 'bar', data: { labels: view.drifts.map((x) => metricLabel(x.metric)),
          datasets: [{ label: 'change from baseline (%)', data: view.drifts.map((x) => x.change_pct), backgroundColor: C.info }] },
        options: { indexAxis: 'y', scales: { x: axis('% vs baseline') } },
      }, true);
    }
    renderSteps(root, view);
    renderDisclaimer(root, view.risk);
  }

  // ---- roster and team -----------------------------------------------------------------------------------------
  function renderRoster(root, roster, athleteHref, onSelect) {
    const box = card(root, 'Roster — sorted by flag severity', 'Seek-help first, then the most high, caution and info ' +
      'flags (evidence-weighted rules), then name. As of ' + roster.as_of + '.', 'roster');
    if (!roster.athletes.length) { empty(box, 'No athletes yet (runload athlete add).'); return; }
    const t = el('table', { class: 'roster' });
    t.appendChild(el('tr', {}, ...['Athlete', 'High', 'Caution', 'Info', 'Last 7 days', 'Pain', 'Return to run',
      'Last session', 'Top flags'].map((h) => el('th', { text: h }))));
    for (const a of roster.athletes) {
      const badge = (n, sev) => el('span', { class: 'badge ' + (n ? sev : 'zero'), text: String(n) });
      const name = athleteHref ? el('a', { class: 'row-link', href: athleteHref(a.id), text: a.name }) : el('span', { text: a.name });
      const row = el('tr', { class: onSelect ? 'clickable' : null, 'data-athlete-id': String(a.id), 'data-athlete': a.name,
        onclick: onSelect ? () => onSelect(a.id) : null },
      el('td', {}, name, a.stop_and_seek_help ? el('div', { class: 'error', text: 'seek help' }) : null),
      el('td', {}, badge(a.flags.high, 'high')), el('td', {}, badge(a.flags.caution, 'caution')),
      el('td', {}, badge(a.flags.info, 'info')),
      el('td', { class: 'num week-km' }, el('div', { text: num(km(a.weekly_distance_m), 1, 'km') }),
        el('div', { class: 'sub', text: a.weekly_known_days + ' of 7 days known' +
          (a.weekly_unknown_distance_days ? ' · ' + a.weekly_unknown_distance_days + ' run(s) without distance' : '') })),
      el('td', { class: 'pain', text: a.latest_pain ? a.latest_pain.max_0_10 + '/10 on ' + shortDate(a.latest_pain.date) : '—' }),
      el('td', { class: 'stage', text: a.return_to_run_label }),
      el('td', { text: a.last_session || '—' }),
      el('td', { text: a.top_flags.map((f) => f.severity + ': ' + f.message).join(' · ') || 'no flags' }));
      t.appendChild(row);
    }
    box.appendChild(t);
  }
  function renderTeam(root, view) {
    root.appendChild(el('header', { class: 'page' }, el('h1', { text: 'Team report' }),
      el('span', { class: 'sub', text: 'as of ' + view.as_of + ' · ' + view.roster.athletes.length + ' athletes' })));
    // Every athlete's page below the roster (a printed team report holds them all); a roster row jumps to one.
    const detail = el('div', { id: 'athlete-detail' });
    const show = (id) => {
      const section = detail.querySelector('[data-athlete-page="' + id + '"]');
      if (section) section.scrollIntoView();
    };
    renderRoster(root, view.roster, null, show);
    const w = card(root, 'Weekly distance, last 4 weeks', 'Per athlete, km per rolling week (null = too few recorded days).', 'team-weekly');
    chart(w, 'team-weekly', {
      type: 'bar',
      data: { labels: view.roster.athletes.map((a) => a.name),
        datasets: [0, 1, 2, 3].map((i) => ({ label: i === 3 ? 'this week' : (3 - i) + ' week(s) ago',
          data: view.roster.athletes.map((a) => km(a.weekly_distance_m_last_4[i])),
          backgroundColor: [C.barLight, '#a9bfe6', '#89a8de', C.bar][i] })) },
      options: { scales: { y: axis('km', { beginAtZero: true }) } },
    }, true);
    root.appendChild(detail);
    for (const a of view.roster.athletes) {
      const page = el('section', { class: 'athlete-page', 'data-athlete-page': String(a.id) });
      detail.appendChild(page);
      renderAthlete(page, view.athletes[String(a.id)]);
    }
    root.appendChild(el('p', { class: 'disclaimer', text: 'runload is not a diagnosis and not medical advice. Flags show measured ' +
      'values against thresholds with their evidence grade.' }));
  }

  function clearCharts(container) {
    for (let i = charts.length - 1; i >= 0; --i) {
      if (!container || container.contains(charts[i].chart.canvas)) { charts[i].chart.destroy(); charts.splice(i, 1); }
    }
  }

  global.RunloadViews = { renderAthlete, renderSession, renderRoster, renderTeam, clearCharts, charts, el };
})(window);
