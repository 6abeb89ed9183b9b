// The coach's daily loop in the browser (#12 §3): the team report opens on the roster (no self-scroll) and
// holds every athlete's page; the roster shows pain, the return-to-run stage and the real 7-day km with how
// many days are known; a pain-over-time chart on the athlete page; a week-over-week axis that does not
// magnify noise; usable on a 390 px wide phone.
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AS_OF, OUT_DIR, launchBrowser, renderedCharts, runload, seedStore, startServer, tempDir, watchPage } from './lib.mjs';

const dir = tempDir('runload-loop-');
const seed = seedStore(dir);
let browser;
let server;
test.before(async () => {
  browser = await launchBrowser();
  server = await startServer(['--store', seed.store, '--as-of', AS_OF, '--bind', '127.0.0.1:0']);
});
test.after(async () => {
  if (server && server.child.exitCode === null) server.child.kill('SIGKILL');
  await browser.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function openTeamReport(viewport) {
  const file = path.join(dir, 'team-' + viewport.width + '.html');
  runload(['report', '--team', '--as-of', AS_OF, '--out', file], seed.store);
  const page = await browser.context.newPage();
  await page.setViewportSize(viewport);
  const problems = watchPage(page);
  await page.goto('file://' + file);
  await page.waitForSelector('body[data-rendered="true"]', { timeout: 15000 });
  return { page, problems };
}

test('team report opens on the roster and holds every athlete page', async () => {
  const { page, problems } = await openTeamReport({ width: 1280, height: 900 });
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'the page does not scroll itself away from the roster');
  const pages = await page.locator('[data-athlete-page]').evaluateAll((s) => s.map((x) => x.querySelector('h1').textContent));
  assert.deepEqual(pages, seed.expectedOrder, 'every athlete, in roster order (a printed report holds them all)');
  // The roster row: pain, return-to-run stage in words, the week's km with its known days
  const dana = await page.locator('table.roster tr[data-athlete="Dana"] td').allTextContents();
  assert.match(dana[5], /^8\/10 on 03-31$/, 'latest pain');
  assert.equal(dana[6], 'see a professional');
  assert.match(dana[4], /km.*7 of 7 days known/);
  const cleo = await page.locator('table.roster tr[data-athlete="Cleo"] td').allTextContents();
  assert.equal(cleo[5], '—');
  assert.equal(cleo[6], 'no return plan needed');
  // The week-over-week axis spans at least ±50 %: a few per cent never fills it
  const pct = await page.evaluate(() => {
    const c = Chart.getChart(document.querySelector('canvas[data-chart="weekly-distance"]'));
    return { min: c.scales.pct.min, max: c.scales.pct.max };
  });
  assert.ok(pct.min <= -50 && pct.max >= 50, JSON.stringify(pct));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the athlete page shows pain over time', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  await page.goto(server.url.href);
  await page.waitForSelector('table.roster tr[data-athlete]');
  await page.click('tr[data-athlete="Dana"] a');
  await page.waitForSelector('body[data-route="athlete"] canvas[data-chart="pain"]');
  const pain = (await renderedCharts(page)).find((c) => c.name === 'pain');
  assert.ok(pain && pain.chart && pain.drawn > 0, 'pain chart rendered');
  const data = await page.evaluate(() => Chart.getChart(document.querySelector('canvas[data-chart="pain"]')).data.datasets[0].data);
  assert.deepEqual(data, [8], 'the logged 8/10 during the run');
  assert.deepEqual(problems, []);
  await page.close();
});

test('usable at 390 px wide: nothing wider than the phone', async () => {
  const { page, problems } = await openTeamReport({ width: 390, height: 844 });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, 'team report page width ' + width);
  let shot = path.join(OUT_DIR, 'report-team-390.png');
  await page.screenshot({ path: shot });
  console.log('screenshot: ' + shot);
  await page.goto(server.url.href);
  await page.waitForSelector('table.roster tr[data-athlete]');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390, 'dashboard roster fits');
  await page.click('tr[data-athlete="Ana"] a');
  await page.waitForSelector('body[data-route="athlete"] canvas[data-chart="weekly-distance"]');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth) <= 390, 'athlete page fits');
  shot = path.join(OUT_DIR, 'serve-athlete-390.png');
  await page.screenshot({ path: shot });
  console.log('screenshot: ' + shot);
  assert.deepEqual(problems, []);
  await page.close();
});
