// The manager's /reports screen in real headless Chromium against the real service, whose database
// holds last week of a busy simulated hall: keypad login as the manager, the KPI cards, the
// arrivals-by-hour and weekday × hour charts, the counter table with its abuse flag, the stored
// weekly report, the CSV download and a 1280×800 screenshot (test/artifacts/reports.png).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, Page } from 'playwright-core';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { addDays, localParts } from '../../firmware-bridge/kernel/local-time.js';
import { createSite, simulateHallTraffic } from '../../scripts/site-simulator.js';
import { testConfig } from '../fixtures/test-config.js';
import { ensureUiBuilt, keypadLogin, launchBrowser, screenshot } from '../fixtures/browser.js';
import { jsonApi } from '../fixtures/http.js';
import { startServiceProcess, type ServiceProcess } from '../fixtures/service-process.js';

const test = suite('reports screen (manager)');
const TZ = 'Asia/Shanghai';
let dataDir = '';
let service: ServiceProcess | null = null;
let browser: Browser | null = null;
let page: Page | null = null;
let lastMonday = '';

test.before(async () => {
  ensureUiBuilt();
  dataDir = mkdtempSync(join(tmpdir(), 'frontdesk-reports-e2e-'));
  // Last Monday–Sunday in the hall's zone, so the screen's "last week" default shows it.
  const today = localParts(Date.now(), TZ);
  const back = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(today.weekday);
  lastMonday = addDays(today.date, -back - 7);
  const config = testConfig();
  const clock = new FakeClock(`${lastMonday}T08:00:00+08:00`);
  const site = createSite({ brokerUrl: 'mqtt://127.0.0.1:9', siteId: 'e2e', dir: dataDir, clock });
  simulateHallTraffic(site, clock, {
    from: lastMonday,
    days: 7,
    timezone: TZ,
    open: '09:00',
    close: '17:00',
    services: config.services.map((s) => ({ id: s.id, letter: s.letter, counters: s.counters, share: s.complaints ? 0.03 : s.priority ? 0.1 : 0.5 })),
    counters: config.counters.map((c) => c.id),
    lowResponseCounters: ['3'],
  });
  await site.close();
  service = await startServiceProcess({ dataDir });
  browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', acceptDownloads: true });
  page = await context.newPage();
});

test.after(async () => {
  await browser?.close().catch(() => undefined);
  await service?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const screen = () => page!.locator('reports-screen');

test('the manager logs in and sees last week: KPIs, charts, counters with the flag', async () => {
  await page!.goto(`${service!.url}/reports`);
  await keypadLogin(page!, '900', '9000');
  await screen().locator('[data-k="tickets"]').waitFor();
  assert.is(await screen().locator('input[name="from"]').inputValue(), lastMonday);
  const served = Number((await screen().locator('[data-k="tickets"] .big').textContent())?.trim());
  assert.ok(served > 500, `a busy week: ${served} served`);
  // The arrivals chart draws the opening hours, the peak in its own colour; the heatmap has cells.
  assert.ok((await screen().locator('[data-chart="arrivals"] g[data-hour]').count()) >= 8);
  assert.ok((await screen().locator('[data-chart="heatmap"] g[data-cell]').count()) >= 7 * 7);
  assert.match((await screen().locator('tr[data-counter="3"] .flag').textContent()) ?? '', /参评率偏低/);
  assert.is(((await screen().locator('tr[data-counter="1"] .flag').textContent()) ?? '').trim(), '');
  assert.is(await screen().locator('tr[data-group]').count(), 7, 'one row per day');
  // The weekly report made at start is listed.
  await screen().locator(`[data-k="scheduled"] button[data-period="${lastMonday}"]`).waitFor();
  await screenshot(page!, 'reports');
});

test('grouping by hour, and the CSV download carries the same totals', async () => {
  await screen().locator('select[name="by"]').selectOption('hour');
  await screen().locator('button[data-action="show"]').click();
  await screen().locator('[data-table="groups"] tr[data-group="10"]').waitFor();
  const [download] = await Promise.all([page!.waitForEvent('download'), screen().locator('button[data-action="csv"]').click()]);
  const csv = readFileSync((await download.path()), 'utf8').trim().split('\r\n');
  assert.is(csv.length, 2 + 24);
  const served = (await screen().locator('[data-k="tickets"] .big').textContent())?.trim();
  assert.is(csv[1].split(',')[4], served, 'served in the total row');
});

test('print layout: A4 without the controls', async () => {
  await page!.emulateMedia({ media: 'print' });
  assert.is(await screen().locator('.bar').first().evaluate((el) => getComputedStyle(el).display), 'none');
  const pdf = await page!.pdf({ format: 'A4' });
  assert.ok(pdf.length > 10_000 && pdf.subarray(0, 4).toString() === '%PDF', 'a PDF from the browser');
  await page!.emulateMedia({ media: 'screen' });
});

test('a counter pause asks for its reason, and the reason reaches the report', async () => {
  await page!.goto(`${service!.url}/counter`);
  const counter = page!.locator('counter-screen');
  await counter.locator('big-button[data-counter="1"]').click();
  await counter.locator('big-button[data-action="pause"]').click();
  await counter.locator('big-button[data-reason="meeting"]').click();
  await counter.locator('[data-state="paused"]').waitFor();
  await counter.locator('big-button[data-action="resume"]').click();
  await counter.locator('[data-state="open"]').waitFor();
  await page!.goto(`${service!.url}/reports`);
  await screen().locator('button[data-preset="thisWeek"]').click();
  await screen().locator('.tables .note', { hasText: '会议' }).waitFor();
});

test('an unsatisfied rating shows as an alert on /desk', async () => {
  const api = jsonApi(service!.url);
  const post = (path: string, body: unknown, token?: string) => api('POST', path, body, token);
  const { token } = (await post('/api/session', { staff: '001', pin: '1234' })).body;
  assert.is((await post('/api/tickets', { service: 'transaction' })).status, 201);
  assert.is((await post('/api/counters/2/next', {}, token)).status, 200);
  assert.is((await post('/api/counters/2/finish', {}, token)).status, 200);
  assert.is((await post('/api/ratings', { counter: '2', score: 'unsatisfied' })).status, 201);
  await page!.goto(`${service!.url}/desk`);
  const alert = page!.locator('alerts-strip [data-alert="unsatisfied_rating"]');
  await alert.waitFor();
  assert.match((await alert.textContent()) ?? '', /2号窗口收到不满意评价/);
  await screenshot(page!, 'desk-alerts');
});

test('the manager sees the alerts on /reports, /settings, /members and /stats; acknowledged once, gone from all', async () => {
  for (const path of ['/reports', '/settings', '/members', '/stats']) {
    await page!.goto(`${service!.url}${path}`);
    await page!.locator('alerts-strip [data-alert="unsatisfied_rating"]').waitFor();
    await screenshot(page!, `alerts${path.replace('/', '-')}`);
  }
  await page!.locator('alerts-strip button[data-ack]').click();
  await page!.locator('alerts-strip [data-alerts]').waitFor({ state: 'detached' });
  const loaded = page!.waitForResponse((r) => r.url().endsWith('/api/alerts'));
  await page!.goto(`${service!.url}/desk`);
  await loaded;
  await page!.locator('desk-screen').waitFor();
  assert.is(await page!.locator('alerts-strip [data-alerts]').count(), 0, 'acknowledged on this terminal');
});

test.run();
