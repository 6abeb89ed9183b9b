// The HTML report as a person opens it: a file on disk in headless Chromium, offline. Checks that every
// chart rendered (Chart.js instance, size, drawn pixels), that the page made no network request and
// logged no error, that the flags carry grade, value, threshold and advice, and takes screenshots.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, OUT_DIR, launchBrowser, renderedCharts, runload, seedStore, tempDir, watchPage } from './lib.mjs';

const dir = tempDir('runload-report-');
const seed = seedStore(dir);
let browser;
test.before(async () => { browser = await launchBrowser(); });
test.after(async () => { await browser.close(); fs.rmSync(dir, { recursive: true, force: true }); });

async function openReport(args, name) {
  const file = path.join(dir, name + '.html');
  const out = runload(['report', ...args, '--as-of', AS_OF, '--out', file], seed.store);
  assert.match(out, /wrote .*self-contained/);
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  const requests = [];
  page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
  await page.goto('file://' + file);
  await page.waitForSelector('body[data-rendered="true"]', { timeout: 15000 });
  return { page, problems, requests, html: fs.readFileSync(file, 'utf8') };
}

function assertChartsRendered(charts, names) {
  for (const name of names) {
    const c = charts.find((x) => x.name === name);
    assert.ok(c, 'chart ' + name + ' present; have ' + charts.map((x) => x.name).join(', '));
    assert.ok(c.chart && c.width > 0 && c.height > 0 && c.drawn > 0, 'chart ' + name + ' rendered: ' + JSON.stringify(c));
  }
}

test('athlete report renders its charts offline with flags, evidence and the disclaimer', async () => {
  const { page, problems, requests, html } = await openReport(['--athlete', 'Ana'], 'athlete');
  assert.ok(!/<script[^>]+src=/i.test(html) && !/<link[^>]+href="(?!data:)/i.test(html), 'nothing is loaded from outside the file');
  const charts = await renderedCharts(page);
  assertChartsRendered(charts, ['weekly-distance', 'runs-spikes', 'acute-chronic', 'shoe-km']);
  const flag = page.locator('tr[data-flag="overuse.spike_gt100"]');
  assert.equal(await flag.count(), 1);
  const cells = await flag.locator('td').allTextContents();
  assert.equal(cells[0], 'high');
  assert.equal(cells[2], 'A', 'evidence grade');
  assert.match(cells[3], /2\.50 ratio/, 'value');
  assert.match(cells[4], /2\.00 ratio/, 'threshold');
  assert.ok(cells[7].length > 20, 'advice');
  const text = await page.locator('body').innerText();
  assert.match(text, /context only/i);
  assert.match(text, /proxy/i);
  assert.doesNotMatch(text, /EVIDENCE|§/, 'real citations, never an internal section number');
  assert.match(text, /Lolli et al\. 2019/);
  assert.match(await page.locator('#disclaimer').innerText(), /not a diagnosis/);
  const shot = path.join(OUT_DIR, 'report-athlete.png');
  await page.screenshot({ path: shot, fullPage: true });
  console.log('screenshot: ' + shot);
  assert.deepEqual(problems, []);
  assert.deepEqual(requests, []);
});

test('session report renders the drill-down, and per-step charts when steps are present', async () => {
  const { page, problems, requests } = await openReport(['--session', String(seed.lastSession.Ana)], 'session');
  assertChartsRendered(await renderedCharts(page), ['runs-spikes']);
  assert.match(await page.locator('#steps').innerText(), /recording/);
  // The per-step layout, fed a synthetic 10-minute run the way a replayed recording will feed it.
  await page.evaluate(() => {
    const view = JSON.parse(document.getElementById('runload-data').textContent);
    view.steps = [];
    for (let i = 0; i < 1700; ++i) {
      const t = i * 0.353;
      view.steps.push({ time_s: t, cadence_steps_per_min: 170 - t / 120, gct_ms: 230 + t / 60,
        pta_g: 8 + Math.sin(i / 9) + t / 300, distance_m: t * 3.1 });
    }
    const host = document.createElement('div');
    host.id = 'synthetic';
    document.body.appendChild(host);
    RunloadViews.renderSession(host, view);
  });
  assertChartsRendered(await renderedCharts(page, '#synthetic'),
    ['step-cadence_steps_per_min', 'step-gct_ms', 'step-pta_g', 'km-splits', 'within-run-drift']);
  // Pace reads as m:ss per km everywhere: the session's summary and the km-split axis (3.1 m/s ≈ 5:23 /km).
  const pace = await page.locator('#summary .kpi').evaluateAll((ks) =>
    ks.filter((k) => k.querySelector('.k').textContent === 'pace').map((k) => k.querySelector('.v').textContent));
  assert.ok(pace.length >= 1, 'a pace figure');
  for (const p of pace) assert.match(p, /^\d+:[0-5]\d \/km$/, 'pace as m:ss: ' + p);
  const splitTicks = await page.evaluate(() =>
    Chart.getChart(document.querySelector('#synthetic canvas[data-chart="km-splits"]')).scales.y.ticks.map((t) => t.label));
  assert.ok(splitTicks.length > 1 && splitTicks.every((l) => /^\d+:[0-5]\d$/.test(l)), 'split axis in m:ss: ' + splitTicks);
  const synthPace = await page.locator('#synthetic').innerText();
  assert.doesNotMatch(synthPace, /min\/km/);
  const shot = path.join(OUT_DIR, 'report-session.png');
  await page.screenshot({ path: shot, fullPage: true });
  console.log('screenshot: ' + shot);
  assert.deepEqual(problems, []);
  assert.deepEqual(requests, []);
});

test('team report lists the roster in flag order and renders', async () => {
  const { page, problems, requests } = await openReport(['--team'], 'team');
  const names = await page.locator('table.roster tr[data-athlete]').evaluateAll((rows) => rows.map((r) => r.dataset.athlete));
  assert.deepEqual(names, seed.expectedOrder);
  assertChartsRendered(await renderedCharts(page), ['team-weekly', 'weekly-distance']);
  const shot = path.join(OUT_DIR, 'report-team.png');
  await page.screenshot({ path: shot, fullPage: true });
  console.log('screenshot: ' + shot);
  assert.deepEqual(problems, []);
  assert.deepEqual(requests, []);
});

// A runner who never wore runload's sensor: the watch's running dynamics (a Forerunner/fenix FIT with an
// HRM-Run pod) show on the session page, each with its source (#12 §1).
const WATCH_FIT = path.resolve('../../../shared/datasets/fit/python-fitparse/garmin-fenix-5-run.fit');
test('a watch run\'s session page shows its running dynamics with their source', { skip: !fs.existsSync(WATCH_FIT) }, async () => {
  const store = path.join(dir, 'watch.db');
  runload(['athlete', 'add', '--name', 'Wes'], store);
  runload(['import', WATCH_FIT, '--athlete', 'Wes'], store);
  const id = JSON.parse(runload(['sessions', '--json'], store)).sessions[0].id;
  const file = path.join(dir, 'watch-session.html');
  runload(['report', '--session', String(id), '--out', file], store);
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  await page.goto('file://' + file);
  await page.waitForSelector('body[data-rendered="true"]', { timeout: 15000 });
  const kpis = Object.fromEntries(await page.locator('#dynamics .kpi').evaluateAll((ks) =>
    ks.map((k) => [k.querySelector('.k').textContent, k.querySelector('.v').textContent])));
  assert.equal(kpis['vertical oscillation (pod)'], '76 mm', JSON.stringify(kpis));
  assert.equal(kpis['step length (pod)'], '0.97 m');
  assert.equal(kpis['contact-time balance (pod)'], '52.4 % left');
  assert.deepEqual(problems, []);
  await page.close();
});
