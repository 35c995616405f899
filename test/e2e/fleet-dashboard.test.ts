// The manager dashboard in real headless Chromium against `frontdesk central` run as a process,
// with a real Mosquitto and a real PostgreSQL: 30 simulated sites publish (some offline, some with
// device faults), the overview shows them all live, a fault raised at a site appears within 2 s
// (the product requirement), a regional manager sees only their two sites, a manager is
// locked out after wrong passwords, and the cross-site report ranks the sites with a CSV export.
// Screenshots: test/artifacts/fleet-*.png (1280×800 and 1920×1080, zh-CN and English).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { stringify } from 'yaml';
import { createSite, type SimulatedSite } from '../../scripts/site-simulator.js';
import { ensureUiBuilt, launchBrowser, screenshot } from '../fixtures/browser.js';
import { startMosquitto, type MosquittoBroker } from '../fixtures/mosquitto.js';
import { createTestDatabase, type TestDatabase } from '../fixtures/postgres.js';
import { startServiceProcess, type ServiceProcess } from '../fixtures/service-process.js';
import { waitFor } from '../fixtures/wait.js';

const test = suite('fleet dashboard (central, Chromium)');
const prefix = 'fleet-e2e';
const adminDemoHash = 'scrypt$16384$cVQs/qhsaksipJOK/cbQ5g==$pR5SV2a3SOo2fgVoyeqbNMToPKEt8j6aBwAvhBZaLUs='; // admin-demo, as in config/central.example.yaml
const siteIds = Array.from({ length: 30 }, (_, i) => `hall-${String(i + 1).padStart(2, '0')}`);
const offlineIds = ['hall-07', 'hall-19', 'hall-26'];
const faultIds = ['hall-03', 'hall-12'];

let dir = '';
let broker: MosquittoBroker | undefined;
let central: ServiceProcess | undefined;
let database: TestDatabase | undefined;
let browser: Browser | undefined;
const sites = new Map<string, SimulatedSite>();
const contexts: BrowserContext[] = [];

async function newPage(width: number, height: number, lang: 'zh-CN' | 'en' = 'zh-CN'): Promise<Page> {
  const context = await browser!.newContext({ viewport: { width, height }, locale: lang, acceptDownloads: true });
  contexts.push(context);
  if (lang === 'en') await context.addInitScript(() => localStorage.setItem('frontdesk.locale', 'en'));
  return context.newPage();
}

async function login(page: Page, user: string, password: string): Promise<void> {
  await page.goto(`${central!.url}/fleet`);
  await page.locator('fleet-frame input[name="user"]').fill(user);
  await page.locator('fleet-frame input[name="password"]').fill(password);
  await page.locator('fleet-frame big-button[data-action="login"]').click();
}

const row = (page: Page, site: string) => page.locator(`fleet-screen tr[data-site="${site}"]`);
const rowCount = (page: Page) => page.locator('fleet-screen tbody tr').count();

test.before(async () => {
  ensureUiBuilt();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-fleet-e2e-'));
  broker = await startMosquitto();
  database = await createTestDatabase();
  const config = join(dir, 'central.yaml');
  writeFileSync(
    config,
    stringify({
      central: {
        mqtt: { url: broker.url, topicPrefix: prefix, clientIdPrefix: `fleet-e2e-${process.pid}` },
        databaseUrl: database.url,
        http: { host: '127.0.0.1', port: 0 },
        uiDir: resolve('kiosk-ui/dist'),
        sessions: { maxFailures: 3, lockoutBaseSec: 60 },
        managers: [
          { user: 'admin', passwordHash: adminDemoHash, sites: ['*'] },
          { user: 'east', passwordHash: adminDemoHash, sites: ['hall-01', 'hall-02'] },
          { user: 'west', passwordHash: adminDemoHash, sites: ['hall-05'] },
        ],
      },
    }),
  );
  central = await startServiceProcess({ dataDir: dir, args: ['central', '--config', config, '--worker', '1', '--port', '0'] });

  // 30 sites, each with a different amount of today's traffic; a few with a faulty printer, a few gone offline.
  await Promise.all(
    siteIds.map(async (siteId, n) => {
      const site = createSite({ brokerUrl: broker!.url, siteId, dir: join(dir, siteId), mqtt: { topicPrefix: prefix }, sharedDiskShortcut: true });
      sites.set(siteId, site);
      await site.start();
      await waitFor(() => site.telemetry.connected, `${siteId} connected`); // alerts are sent live only, not queued
      site.commit(Array.from({ length: 6 + ((n * 7) % 23) }, (_, i) => site.traffic(i)));
      if (faultIds.includes(siteId)) site.printer.set('fault', n % 2 ? '缺纸 · paper out' : '打印头过热 · print head hot');
      if (n % 4 === 1) site.telemetry.publishAlert({ id: `al-${siteId}`, at: new Date().toISOString(), kind: 'wait_above_target', service: 'consult', message: '咨询业务等候超过目标 · Consult wait above target' });
      if (n % 6 === 2) site.telemetry.publishAlert({ id: `al2-${siteId}`, at: new Date().toISOString(), kind: 'unsatisfied_streak', counter: '1', message: '1 号窗口连续不满意评价 · Counter 1: unsatisfied ratings in a row' });
    }),
  );
  for (const siteId of offlineIds) {
    await sites.get(siteId)!.close();
    sites.delete(siteId);
  }
  browser = await launchBrowser();
});

test.after(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  for (const site of sites.values()) await site.close();
  await central?.stop();
  await broker?.close();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

test('wrong passwords: refused, then locked out with central\'s own sentence', async () => {
  const page = await newPage(1280, 800);
  for (let i = 0; i < 3; i++) {
    await login(page, 'west', 'not-the-password');
    await page.locator('fleet-frame [role="alert"]').waitFor();
  }
  await login(page, 'west', 'admin-demo');
  await waitFor(async () => /密码错误次数过多|try again/.test((await page.locator('fleet-frame [role="alert"]').textContent()) ?? ''), 'the lockout message');
  assert.is(await page.locator('fleet-screen table').count(), 0, 'nothing shown while locked out');
  await screenshot(page, 'fleet-login-locked');
});

test('all 30 sites at a glance: offline ones and faults first, figures from the sites', async () => {
  const page = await newPage(1280, 800);
  await login(page, 'admin', 'admin-demo');
  await waitFor(async () => (await rowCount(page)) === 30, '30 site rows');
  for (const siteId of offlineIds) await waitFor(async () => (await row(page, siteId).getAttribute('data-online')) === 'false', `${siteId} offline`);
  for (const siteId of faultIds) await waitFor(async () => /printer/.test((await row(page, siteId).locator('[data-k="faults"]').textContent()) ?? ''), `${siteId} fault`);
  const firstRows = await page.locator('fleet-screen tbody tr').evaluateAll((rows) => rows.slice(0, 5).map((r) => r.getAttribute('data-site')));
  assert.equal(firstRows.slice(0, 3).sort(), [...offlineIds].sort(), 'offline sites lead the list');
  assert.equal(firstRows.slice(3).sort(), [...faultIds].sort(), 'then the faults');
  const waiting = Number(await row(page, 'hall-01').locator('[data-k="waiting"]').textContent());
  assert.ok(waiting >= 0);
  assert.match((await page.locator('fleet-screen [data-k="offline"] .big').textContent()) ?? '', /^3$/);
  await waitFor(async () => /Consult wait|等候超过目标/.test((await row(page, 'hall-02').locator('td.alert').textContent()) ?? ''), 'an alert on hall-02');
  await screenshot(page, 'fleet-overview-1280');
  const wide = await newPage(1920, 1080);
  await login(wide, 'admin', 'admin-demo');
  await waitFor(async () => (await rowCount(wide)) === 30, '30 rows at 1920×1080');
  await screenshot(wide, 'fleet-overview-1920');
  const english = await newPage(1280, 800, 'en');
  await login(english, 'admin', 'admin-demo');
  await waitFor(async () => (await rowCount(english)) === 30, '30 rows in English');
  await screenshot(english, 'fleet-overview-1280-en');
});

test('a fault raised at a site shows on the open dashboard within 2 s, without reload', async () => {
  const page = await newPage(1280, 800);
  await login(page, 'admin', 'admin-demo');
  await waitFor(async () => (await rowCount(page)) === 30, '30 site rows');
  await page.locator('fleet-frame .live[data-live="true"]').waitFor();
  const faults = row(page, 'hall-22').locator('[data-k="faults"]');
  assert.not.match((await faults.textContent()) ?? '', /printer/);
  sites.get('hall-22')!.printer.set('fault', '卡纸 · paper jam');
  // The product requirement (2 s), asserted as such.
  // The UI shows the detail in its language (zh-CN here).
  await waitFor(async () => /printer.*卡纸/.test((await faults.textContent()) ?? ''), 'the fault on the dashboard', { timeoutMs: 2000 });
});

test('drill into one site: devices, alerts, queue and recent events', async () => {
  const page = await newPage(1280, 800);
  await login(page, 'admin', 'admin-demo');
  await row(page, 'hall-12').locator('a.site').click();
  await page.waitForURL(/\/fleet\/sites\/hall-12$/);
  await page.locator('fleet-site-screen tr[data-device="printer"][data-state="fault"]').waitFor();
  await waitFor(async () => (await page.locator('fleet-site-screen [data-k="recent"] li').count()) > 0, 'recent events');
  await screenshot(page, 'fleet-site-1280');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'fleet-site-1920');
});

test('the cross-site report ranks every site, with a CSV export', async () => {
  const page = await newPage(1280, 800);
  await login(page, 'admin', 'admin-demo');
  await page.locator('fleet-frame a[href="/fleet/reports"]').click();
  await page.locator('fleet-reports-screen button[data-preset="thisWeek"]').click();
  await waitFor(async () => (await page.locator('fleet-reports-screen tbody tr[data-site]').count()) === 30, '30 ranked sites');
  const ranks = await page.locator('fleet-reports-screen tbody tr[data-site] td:first-child').allTextContents();
  assert.equal(ranks.map(Number), Array.from({ length: 30 }, (_, i) => i + 1));
  await screenshot(page, 'fleet-reports-1280');
  await page.setViewportSize({ width: 1920, height: 1080 });
  await screenshot(page, 'fleet-reports-1920');
  await page.setViewportSize({ width: 1280, height: 800 });
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('fleet-reports-screen button[data-action="csv"]').click()]);
  const csv = readFileSync((await download.path()), 'utf8');
  for (const siteId of siteIds) assert.ok(csv.includes(siteId), `${siteId} in the CSV`);
});

test('a manager scoped to two sites sees only those, and not another site\'s page', async () => {
  const page = await newPage(1280, 800);
  await login(page, 'east', 'admin-demo');
  await waitFor(async () => (await rowCount(page)) === 2, 'two rows');
  assert.equal((await page.locator('fleet-screen tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-site')))).sort(), ['hall-01', 'hall-02']);
  // Live updates of other sites do not leak in either.
  sites.get('hall-09')!.printer.set('fault', '缺纸 · paper out');
  sites.get('hall-01')!.printer.set('degraded', '纸将尽 · paper low');
  await waitFor(async () => /纸将尽/.test((await row(page, 'hall-01').locator('[data-k="faults"]').textContent()) ?? ''), 'hall-01 updated live');
  assert.is(await rowCount(page), 2);
  await page.goto(`${central!.url}/fleet/sites/hall-09`);
  await page.locator('fleet-site-screen [role="alert"]').waitFor();
  assert.is(await page.locator('fleet-site-screen tr[data-device]').count(), 0);
  await screenshot(page, 'fleet-scoped-1280');
});

test.run();
