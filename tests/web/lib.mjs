// Shared helpers of the browser tests: the runload binary, a seeded store, headless Chromium, raw HTTP.
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium } from 'playwright-core';

export const RUNLOAD = process.env.RUNLOAD_BINARY || path.resolve('../../build/apps/runload');
/// Screenshots land here (under the build dir when run by ctest).
export const OUT_DIR = process.env.RUNLOAD_WEB_OUT || path.resolve('screenshots');
export const AS_OF = '2026-03-31';
fs.mkdirSync(OUT_DIR, { recursive: true });

export function tempDir(prefix) { return fs.mkdtempSync(path.join(os.tmpdir(), prefix)); }

export function runload(args, store) {
  return execFileSync(RUNLOAD, [...args, '--store', store], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function historyCsv(lastKm, shoe) {
  const end = new Date(AS_OF + 'T00:00:00Z');
  const rows = ['date,distance_km,duration_min,rpe,shoe,surface'];
  for (let i = 84; i >= 0; --i) {
    const d = new Date(end.getTime() - i * 86400000).toISOString().slice(0, 10);
    const km = i === 0 ? lastKm.km : lastKm.base;
    rows.push(`${d},${km},${(km * 5.8).toFixed(1)},${i === 0 ? 7 : 4},${shoe},road`);
  }
  return rows.join('\n') + '\n';
}

/// Four athletes whose flags differ in severity, seeded through the CLI as a user would:
///   Dana — severe pain logged (seek help, high), Ana — a > 100 % single-run spike (high),
///   Ben — a 20 % spike (caution), Cleo — steady running (no caution or high flag).
/// Expected roster order: Dana, Ana, Ben, Cleo.
export function seedStore(dir) {
  const store = path.join(dir, 'store.db');
  const athletes = { Ana: { base: 8, km: 20 }, Ben: { base: 6, km: 7.2 }, Cleo: { base: 5, km: 5 }, Dana: { base: 7, km: 7 } };
  for (const [name, plan] of Object.entries(athletes)) {
    runload(['athlete', 'add', '--name', name, '--mass-kg', '62'], store);
    runload(['shoe', 'add', '--athlete', name, '--name', name + ' trainer', '--budget-km', '700'], store);
    const csv = path.join(dir, name + '.csv');
    fs.writeFileSync(csv, historyCsv(plan, name + ' trainer'));
    runload(['import', csv, '--athlete', name], store);
  }
  const sessions = (name) => JSON.parse(runload(['sessions', '--athlete', name, '--json'], store)).sessions;
  const lastOf = (name) => sessions(name).at(-1).id;
  runload(['log', String(lastOf('Dana')), '--pain-during', '8'], store);
  runload(['log', String(lastOf('Ana')), '--rpe', '8', '--surface', 'road'], store);
  return { store, expectedOrder: ['Dana', 'Ana', 'Ben', 'Cleo'], lastSession: { Ana: lastOf('Ana'), Ben: lastOf('Ben') } };
}

/// A runload recording of `seconds` of a foot sensor at 1 kHz, as `runload record` writes it from an emulated
/// device streaming at full speed. Resolves with its path.
export async function makeRecording(dir, seconds) {
  const out = path.join(dir, 'run-' + seconds + 's.rlrec');
  const device = spawn(RUNLOAD, ['sim', '--tcp-listen', '127.0.0.1:0', '--full-speed', '--rate', '1000', '--duration',
    String(seconds)], { stdio: ['ignore', 'pipe', 'ignore'] });
  const address = await new Promise((resolve) => readline.createInterface({ input: device.stdout }).once('line', resolve));
  execFileSync(RUNLOAD, ['record', '--tcp', address.trim().replace(/^tcp:/, ''), '--out', out, '--silence-timeout', '0.5',
    '--quiet'], { stdio: 'ignore' });
  device.kill();
  return out;
}

export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/// Debian's chromium with a fresh profile (Playwright's persistent-context-free launch uses a new one).
export async function launchBrowser() {
  const executablePath = process.env.CHROMIUM || '/usr/bin/chromium';
  const userDataDir = tempDir('runload-chromium-');
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 },
  });
  return { context, close: async () => { await context.close(); fs.rmSync(userDataDir, { recursive: true, force: true }); } };
}

/// Records console errors, page errors and failed requests of a page.
export function watchPage(page) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console: ' + m.text()); });
  page.on('pageerror', (e) => problems.push('pageerror: ' + e.message));
  page.on('requestfailed', (r) => problems.push('requestfailed: ' + r.url() + ' ' + (r.failure() || {}).errorText));
  return problems;
}

/// Canvases of rendered charts: each must belong to a Chart.js instance, have a size, and hold drawn pixels.
export async function renderedCharts(page, scope = 'body') {
  return page.evaluate((sel) => [...document.querySelectorAll(sel + ' canvas')].map((c) => {
    const ctx = c.getContext('2d');
    const data = ctx.getImageData(0, 0, c.width, c.height).data;
    let drawn = 0;
    for (let i = 3; i < data.length; i += 4 * 16) if (data[i] !== 0) ++drawn;
    return { name: c.dataset.chart, chart: !!window.Chart && !!Chart.getChart(c), width: c.width, height: c.height, drawn };
  }), scope);
}

/// Starts `runload serve` and resolves with {child, url} once the URL line is printed.
export function startServer(args) {
  const child = spawn(RUNLOAD, ['serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve printed no URL: ' + stderr)), 15000);
    readline.createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      resolve({ child, url: new URL(line.trim()), exited, stderr: () => stderr });
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error('serve exited ' + code + ': ' + stderr)); });
  });
}

/// Sends raw bytes to 127.0.0.1:port and resolves with everything the server answers before closing
/// ({text, status, closedAfterMs}). Raw, so "../" reaches the server unnormalised.
export function rawHttp(port, chunks, { timeoutMs = 10000 } = {}) {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => { socket.destroy(); reject(new Error('no close within ' + timeoutMs + ' ms')); }, timeoutMs);
    socket.on('connect', () => { for (const c of [].concat(chunks)) socket.write(c); });
    socket.on('data', (d) => { text += d.toString('latin1'); });
    socket.on('error', (e) => { if (e.code !== 'ECONNRESET' && e.code !== 'EPIPE') { clearTimeout(timer); reject(e); } });
    socket.on('close', () => {
      clearTimeout(timer);
      const m = text.match(/^HTTP\/1\.[01] (\d{3})/);
      resolve({ text, status: m ? Number(m[1]) : null, closedAfterMs: Date.now() - started });
    });
  });
}

export function get(port, target, headers = {}) {
  const all = Object.assign({ Host: '127.0.0.1:' + port, Connection: 'close' }, headers);
  const lines = [`GET ${target} HTTP/1.1`, ...Object.entries(all).map(([k, v]) => `${k}: ${v}`)];
  return rawHttp(port, lines.join('\r\n') + '\r\n\r\n');
}
