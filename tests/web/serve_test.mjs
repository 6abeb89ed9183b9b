// `runload serve` end to end: a coach opens the dashboard in headless Chromium, sees the roster in flag
// order and drills down to an athlete and a session's charts; the server refuses token-less requests on a
// non-loopback bind (403), traversal paths (400), oversized requests (413), writes without permission
// (405), slow senders (closed at the deadline), and stops cleanly on SIGTERM.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, OUT_DIR, get, launchBrowser, makeRecording, rawHttp, renderedCharts, seedStore, startServer, tempDir, watchPage } from './lib.mjs';

const dir = tempDir('runload-serve-');
const seed = seedStore(dir);
let browser;
const servers = [];
async function serve(args) {
  const s = await startServer(['--store', seed.store, '--as-of', AS_OF, ...args]);
  servers.push(s);
  return s;
}
test.before(async () => { browser = await launchBrowser(); });
test.after(async () => {
  for (const s of servers) if (s.child.exitCode === null) s.child.kill('SIGKILL');
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('roster in flag order, athlete trends and a session drill-down in the browser', async () => {
  const { url } = await serve(['--bind', '127.0.0.1:0']);
  assert.equal(url.hostname, '127.0.0.1');
  const api = await (await fetch(new URL('/api/athletes', url))).json();
  assert.deepEqual(api.athletes.map((a) => a.name), seed.expectedOrder);
  assert.ok(api.athletes[0].stop_and_seek_help);
  assert.deepEqual(api.athletes[1].flags.high >= 1 && api.athletes[2].flags.high, 0, 'Ana high, Ben none high');
  assert.ok(api.athletes[2].flags.caution >= 1, 'Ben has a caution flag');

  const page = await browser.context.newPage();
  const problems = watchPage(page);
  await page.goto(url.href);
  await page.waitForSelector('table.roster tr[data-athlete]');
  const names = await page.locator('table.roster tr[data-athlete]').evaluateAll((rows) => rows.map((r) => r.dataset.athlete));
  assert.deepEqual(names, seed.expectedOrder);
  let shot = path.join(OUT_DIR, 'serve-roster.png');
  await page.screenshot({ path: shot, fullPage: true });
  console.log('screenshot: ' + shot);

  await page.click('tr[data-athlete="Ana"] a');
  await page.waitForSelector('body[data-route="athlete"] canvas[data-chart="weekly-distance"]');
  const athleteCharts = await renderedCharts(page);
  for (const name of ['weekly-distance', 'runs-spikes', 'acute-chronic', 'shoe-km']) {
    const c = athleteCharts.find((x) => x.name === name);
    assert.ok(c && c.chart && c.drawn > 0, name + ' rendered');
  }
  // The API speaks metres and seconds (docs/units.md); the page shows km and h:mm. Ana's last run: 20 km in 116 min.
  const anaRow = await page.locator(`table.sessions tr[data-session-id="${seed.lastSession.Ana}"] td`).allTextContents();
  assert.deepEqual(anaRow.slice(3, 5), ['20.00', '1:56'], 'km and h:mm in the session table: ' + anaRow);
  const shoeCells = await page.locator('#shoes table tr').nth(1).locator('td').allTextContents();
  assert.equal(shoeCells[2], '700', 'the shoe budget in km');
  shot = path.join(OUT_DIR, 'serve-athlete.png');
  await page.screenshot({ path: shot, fullPage: true });
  console.log('screenshot: ' + shot);

  await page.click(`a[data-session-id="${seed.lastSession.Ana}"]`);
  await page.waitForSelector('body[data-route="session"] canvas[data-chart="runs-spikes"]');
  const sessionCharts = await renderedCharts(page);
  assert.ok(sessionCharts.some((c) => c.name === 'runs-spikes' && c.chart && c.drawn > 0), 'session chart rendered');
  assert.match(await page.locator('h1').innerText(), new RegExp('Session ' + seed.lastSession.Ana));
  assert.match(await page.locator('#flags').innerText(), /overuse\.spike_gt100|150 %/);
  const kpis = Object.fromEntries(await page.locator('#summary .kpi').evaluateAll((ks) =>
    ks.map((k) => [k.querySelector('.k').textContent, k.querySelector('.v').textContent])));
  assert.equal(kpis.distance, '20.00 km');
  assert.equal(kpis.duration, '1:56');
  assert.match(await page.locator('#summary').innerText(), /Spike: 20\.00 km vs the longest run of the previous 30 days 8\.00 km/);
  shot = path.join(OUT_DIR, 'serve-session.png');
  await page.screenshot({ path: shot, fullPage: true });
  console.log('screenshot: ' + shot);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the JSON API answers the documented routes', async () => {
  const { url } = await serve(['--bind', '127.0.0.1:0']);
  const j = async (p) => { const r = await fetch(new URL(p, url)); assert.equal(r.status, 200, p); return r.json(); };
  const roster = await j('/api/athletes');
  const ana = roster.athletes.find((a) => a.name === 'Ana');
  const load = await j(`/api/athletes/${ana.id}/load`);
  assert.equal(load.athlete, 'Ana');
  assert.equal(load.as_of, AS_OF);
  assert.ok(load.weekly.length > 0);
  const risk = await j(`/api/athletes/${ana.id}/risk`);
  assert.ok(risk.flags.some((f) => f.id === 'overuse.spike_gt100' && f.grade === 'A'));
  const session = await j(`/api/sessions/${seed.lastSession.Ana}`);
  assert.equal(session.session.distance_m, 20000);
  assert.equal(session.session.duration_s, 6960);
  assert.equal(ana.weekly_distance_m_last_4.length, 4);
  assert.ok(load.weekly.every((w) => 'distance_m' in w && 'duration_s' in w && !('distance_km' in w)), 'one name per quantity');
  assert.equal((await fetch(new URL('/api/sessions/999999', url))).status, 404);
  assert.equal((await fetch(new URL('/api/athletes/abc/load', url))).status, 404);
  assert.equal((await fetch(new URL('/api/athletes?as_of=yesterday', url))).status, 400);
});

test('traversal, oversized requests, bad hosts, writes and slow senders are refused', async () => {
  const { url } = await serve(['--bind', '127.0.0.1:0', '--timeout-s', '1']);
  const port = Number(url.port);
  for (const target of ['/../../etc/passwd', '/assets/../../etc/passwd', '/assets/..%2f..%2fetc%2fpasswd',
    '/%2e%2e/%2e%2e/etc/passwd', '/assets/%2E%2E', '/assets/a%5c..%5cb', '/assets/%00']) {
    const r = await get(port, target);
    assert.equal(r.status, 400, target + ' → ' + r.text.slice(0, 80));
    assert.doesNotMatch(r.text, /root:/);
  }
  assert.equal((await get(port, '/assets/passwd')).status, 404, 'only embedded assets exist');
  assert.equal((await get(port, '/assets/chart.umd.min.js')).status, 200);

  const body = 'x'.repeat(100 * 1024);
  const big = await rawHttp(port, `POST /api/sessions/1/log HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
  assert.equal(big.status, 413, big.text.slice(0, 120));
  const bigHeader = await get(port, '/api/athletes', { 'X-Filler': 'y'.repeat(70 * 1024) });
  assert.equal(bigHeader.status, 413);

  const write = await rawHttp(port, 'POST /api/sessions/1/log HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
    'Content-Length: 9\r\nConnection: close\r\n\r\n{"rpe":5}');
  assert.equal(write.status, 405, 'read-only without --allow-writes');
  assert.equal((await get(port, '/api/athletes', { Host: 'evil.example' })).status, 403, 'DNS-rebinding guard');

  const slow = await rawHttp(port, 'GET /api/athletes HTTP/1.1\r\nHost: 127.0.0.1\r\n', { timeoutMs: 8000 });
  assert.ok(slow.closedAfterMs < 5000, 'a half-sent request is dropped at the 1 s deadline: ' + slow.closedAfterMs);
});

test('a non-loopback bind requires the token; writes need --allow-writes and the token', async () => {
  const { url, child, exited } = await serve(['--bind', '0.0.0.0:0', '--allow-writes']);
  const token = url.searchParams.get('token');
  assert.match(token, /^[0-9a-f]{32}$/, 'a token is generated and printed in the URL');
  const port = Number(url.port);
  assert.equal((await get(port, '/api/athletes')).status, 403);
  assert.equal((await get(port, '/')).status, 403);
  assert.equal((await get(port, '/assets/runload_views.js')).status, 403);
  assert.equal((await get(port, '/api/athletes', { Authorization: 'Bearer wrong-token-123' })).status, 403);
  assert.equal((await get(port, '/api/athletes', { Authorization: 'Bearer ' + token })).status, 200);
  assert.equal((await get(port, '/api/athletes?token=' + token)).status, 200);

  const entry = JSON.stringify({ rpe: 6, pain_during: 1.5 });
  const log = (auth) => rawHttp(port, `POST /api/sessions/${seed.lastSession.Ben}/log HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
    `Content-Type: application/json\r\n${auth}Content-Length: ${entry.length}\r\nConnection: close\r\n\r\n${entry}`);
  assert.equal((await log('')).status, 403);
  const ok = await log(`Authorization: Bearer ${token}\r\n`);
  assert.equal(ok.status, 200, ok.text);
  const session = await (await fetch(`http://127.0.0.1:${port}/api/sessions/${seed.lastSession.Ben}`,
    { headers: { Authorization: 'Bearer ' + token } })).json();
  assert.equal(session.session.rpe, 6);

  // The browser opens the printed URL once; the page then works through the HttpOnly cookie.
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  await page.goto(`http://127.0.0.1:${port}/?token=${token}`);
  await page.waitForSelector('table.roster tr[data-athlete]');
  assert.equal(new URL(page.url()).search, '', 'the token leaves the address bar');
  // Ben's run goes up from his page: it becomes a session, which the page links to
  const recording = await makeRecording(dir, 60);
  await page.click('table.roster tr[data-athlete="Ben"]');
  await page.waitForSelector('#upload-form');
  await page.setInputFiles('#upload-form input[type=file]', recording);
  await page.click('#upload-form button');
  await page.waitForSelector('#upload-status a', { timeout: 30000 });
  const linked = await page.locator('#upload-status a').getAttribute('href');
  assert.match(linked, /^#\/session\/\d+$/);
  await page.click('#upload-status a');
  await page.waitForSelector('body[data-route="session"]');
  const uploaded = await (await fetch(`http://127.0.0.1:${port}/api/sessions/${linked.split('/').at(-1)}`,
    { headers: { Authorization: 'Bearer ' + token } })).json();
  assert.equal(uploaded.athlete.name, 'Ben');
  assert.ok(Math.abs(uploaded.session.duration_s - 60) < 2, JSON.stringify(uploaded.session));
  // The same file again is the same session
  await page.goBack();
  await page.waitForSelector('#upload-form');
  await page.setInputFiles('#upload-form input[type=file]', recording);
  await page.click('#upload-form button');
  await page.waitForSelector('#upload-status a');
  assert.match(await page.locator('#upload-status').textContent(), /^uploaded before: session \d+/);
  assert.equal(await page.locator('#upload-status a').getAttribute('href'), linked);
  assert.deepEqual(problems, []);
  await page.close();

  child.kill('SIGTERM');
  const end = await exited;
  assert.equal(end.code, 0, 'SIGTERM stops the server cleanly: ' + end.stderr);
  assert.match(end.stderr, /server stopped/);
});
