// Every screen at its real size in headless Chromium with a busy hall (24 tickets over 4
// services, 2 counters serving, 1 paused): nothing scrolls or is drawn off screen, customer screens
// cut nothing off, and axe-core finds no serious or critical accessibility violation. The hall
// board is also checked with 1 and with 8 counters and services. Screenshots: test/artifacts/fit-*.png.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { screenshot, startDesk, type Desk } from '../fixtures/browser.js';
import { apiClient, axeViolations, fillBusyHall, measureOverflow } from '../fixtures/busy-hall.js';
import { rawTestConfig, writeTestConfig } from '../fixtures/test-config.js';

/** No music or classes: these configs live in a temp folder, away from the demo's tracks. */
const quiet = (raw: Record<string, any>) => {
  raw.audio = { playlists: {}, dayparts: [], quietFrom: '24:00' };
  raw.classes = [];
};

const test = suite('screens fit their screens (busy hall)');
let desk: Desk | null = null;
let session: unknown = null;
let tickets: string[] = [];

interface Screen {
  name: string;
  path: () => string;
  size: { width: number; height: number };
  /** Something that is there once the screen has drawn its data. */
  ready: string;
  staff?: boolean;
  /** Customer screens must not cut anything off inside their boxes either. */
  customer?: boolean;
}

const screens: Screen[] = [
  { name: 'board-1920x1080', path: () => '/board', size: { width: 1920, height: 1080 }, ready: 'board-screen [data-serving]', customer: true },
  { name: 'board-1366x768', path: () => '/board', size: { width: 1366, height: 768 }, ready: 'board-screen [data-serving]', customer: true },
  { name: 'board-1280x720', path: () => '/board', size: { width: 1280, height: 720 }, ready: 'board-screen [data-serving]', customer: true },
  { name: 'kiosk-1280x800', path: () => '/kiosk', size: { width: 1280, height: 800 }, ready: 'kiosk-screen [data-wait]:not(:empty)', customer: true },
  { name: 'ticket-390x844', path: () => `/t/${tickets[20]}`, size: { width: 390, height: 844 }, ready: 'ticket-screen [data-now-serving]', customer: true },
  { name: 'rate-1280x800', path: () => '/rate/1', size: { width: 1280, height: 800 }, ready: 'rating-buttons [data-clerk] b', customer: true },
  { name: 'desk-1280x800', path: () => '/desk', size: { width: 1280, height: 800 }, ready: 'desk-screen [data-card="devices"]', staff: true },
  { name: 'counter-1280x800', path: () => '/counter', size: { width: 1280, height: 800 }, ready: 'counter-screen', staff: true },
  { name: 'stats-1280x800', path: () => '/stats', size: { width: 1280, height: 800 }, ready: 'stats-screen', staff: true },
  { name: 'followups-1280x800', path: () => '/followups', size: { width: 1280, height: 800 }, ready: 'followups-screen', staff: true },
  { name: 'keys-1280x800', path: () => '/keys', size: { width: 1280, height: 800 }, ready: 'keys-screen', staff: true },
  { name: 'shift-1280x800', path: () => '/shift', size: { width: 1280, height: 800 }, ready: 'shift-screen', staff: true },
];

/** Screens whose size is part of the "fits without scrolling" promise. */
const MUST_FIT = new Set(['board-1920x1080', 'board-1366x768', 'board-1280x720', 'kiosk-1280x800', 'ticket-390x844', 'rate-1280x800', 'desk-1280x800']);

async function open(target: Desk, screen: Screen): Promise<Page> {
  const page = await target.page(screen.size);
  if (screen.staff) await page.addInitScript((s) => localStorage.setItem('frontdesk.session', s), JSON.stringify(session));
  await page.goto(target.url + screen.path());
  await page.locator(screen.ready).first().waitFor({ timeout: 15000 });
  await page.waitForTimeout(600); // live data and fonts settle
  return page;
}

function assertFits(name: string, size: { width: number; height: number }, measured: Awaited<ReturnType<typeof measureOverflow>>, customer: boolean): void {
  assert.ok(measured.scrollHeight <= size.height, `${name}: page is ${measured.scrollHeight} px tall for a ${size.height} px screen`);
  assert.ok(measured.scrollWidth <= size.width, `${name}: page is ${measured.scrollWidth} px wide`);
  assert.equal(measured.outside, [], `${name}: drawn off screen`);
  if (customer) assert.equal(measured.clipped, [], `${name}: content cut off`);
}

test.before(async () => {
  desk = await startDesk();
  const filled = await fillBusyHall(apiClient(desk.url), ['transaction', 'consultation', 'complaint', 'priority']);
  session = filled.session;
  tickets = filled.tickets;
});

test.after(async () => {
  await desk?.close();
  desk = null;
});

for (const screen of screens) {
  test(`${screen.name}: ${MUST_FIT.has(screen.name) ? 'fits without scrolling, ' : ''}no serious accessibility violation`, async () => {
    const page = await open(desk!, screen);
    await screenshot(page, `fit-${screen.name}`);
    if (MUST_FIT.has(screen.name)) assertFits(screen.name, screen.size, await measureOverflow(page), !!screen.customer);
    const violations = await axeViolations(page);
    assert.equal(violations, [], `${screen.name}: axe`);
  });
}

test('board: a recall is marked, not listed twice; the clock shows the site time', async () => {
  const page = await open(desk!, screens[0]);
  const board = page.locator('board-screen');
  assert.is(await board.locator('.recent li[data-ticket]').count(), 2, 'two tickets called, one of them twice');
  assert.is(await board.locator('.recent li [data-recalled]').count(), 1);
  assert.match((await board.locator('.call').textContent()) ?? '', /再次呼叫 · recalled/);
  const shanghai = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date());
  const shown = (await board.locator('[data-clock]').textContent())?.trim();
  assert.ok(shown === shanghai || shown! > shanghai || shown === '00:00', `clock ${shown}, site time ${shanghai}`);
});

for (const path of ['/desk', '/keys']) {
  test(`${path}: nothing jumps when the data arrives (cumulative layout shift < 0.05)`, async () => {
    const page = await desk!.page({ width: 1280, height: 800 });
    await page.addInitScript((s) => localStorage.setItem('frontdesk.session', s), JSON.stringify(session));
    await page.addInitScript({
      content: `window.__shift = 0; new PerformanceObserver((list) => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shift += e.value; }).observe({ type: 'layout-shift', buffered: true });`,
    });
    await page.goto(desk!.url + path);
    await page.waitForTimeout(3000);
    const shift = await page.evaluate<number>('window.__shift');
    assert.ok(shift < 0.05, `${path}: layout shift ${shift.toFixed(3)}`);
  });
}

/** The demo config with `n` services and counters (each service at every counter). */
function hallOf(n: number, dir: string): string {
  const counters = Array.from({ length: n }, (_, i) => ({ id: String(i + 1), name: { zh: `${i + 1}号窗口`, en: `Window ${i + 1}` } }));
  const services = Array.from({ length: n }, (_, i) => ({
    id: `s${i + 1}`,
    letter: 'ABCDEFGH'[i],
    name: { zh: `业务${'一二三四五六七八'[i]}办理`, en: `Service ${i + 1}` },
    counters: counters.map((c) => c.id),
    defaultServiceSec: 300,
  }));
  return writeTestConfig(dir, { counters, services }, { name: `hall-${n}.yaml`, edit: quiet });
}

for (const n of [1, 8]) {
  test(`board with ${n} counter(s) and ${n} service(s) fits 1920×1080, 1366×768 and 1280×720`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'frontdesk-hall-'));
    const small = await startDesk({ config: hallOf(n, dir) });
    try {
      const api = apiClient(small.url);
      if (n === 1) {
        // Nobody called yet: the banner says what to do instead of staying blank.
        const empty = await small.page({ width: 1280, height: 720 });
        await empty.goto(`${small.url}/board`);
        await empty.locator('board-screen .call[data-state="empty"]').waitFor();
        assert.match((await empty.locator('board-screen .call').textContent()) ?? '', /请取号等候[\s\S]*Please take a number/);
        await screenshot(empty, 'fit-board-empty');
      }
      const token = (await api('POST', '/api/session', { staff: '001', pin: '1234' })).body.token;
      for (let i = 0; i < 24; i++) await api('POST', '/api/tickets', { service: `s${(i % n) + 1}` });
      for (let c = 1; c <= n; c++) await api('POST', `/api/counters/${c}/next`, {}, token);
      if (n > 1) await api('POST', `/api/counters/${n}/pause`, {}, token);
      for (const size of [{ width: 1920, height: 1080 }, { width: 1366, height: 768 }, { width: 1280, height: 720 }]) {
        const page = await small.page(size);
        await page.goto(`${small.url}/board`);
        await page.locator('board-screen [data-serving]').first().waitFor();
        await page.waitForTimeout(400);
        await screenshot(page, `fit-board-${n}x${n}-${size.width}x${size.height}`);
        assertFits(`board ${n}×${n} ${size.width}×${size.height}`, size, await measureOverflow(page), true);
        assert.is(await page.locator('board-screen .counter').count(), n);
        assert.is(await page.locator('board-screen .waiting li').count(), n);
      }
    } finally {
      await small.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a closed hall: the board shows the next opening time, the kiosk 暂停取号 with it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-closed-'));
  const timezone = (rawTestConfig().site as { timezone: string }).timezone;
  // Open one hour a day, starting two hours from now (site time): closed now, opening today or tomorrow.
  const hour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', hourCycle: 'h23' }).format(new Date()));
  const open = (hour + 2) % 24 >= 23 ? 1 : (hour + 2) % 24;
  const span = { open: `${String(open).padStart(2, '0')}:00`, close: `${String(open + 1).padStart(2, '0')}:00` };
  const hours = { weekly: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, span])), holidays: [] };
  const file = writeTestConfig(dir, { hours }, { name: 'closed.yaml', edit: quiet });
  const closed = await startDesk({ config: file });
  try {
    const board = await closed.page({ width: 1920, height: 1080 });
    await board.goto(`${closed.url}/board`);
    await board.locator('board-screen .call[data-state="closed"]').waitFor();
    const banner = (await board.locator('board-screen .call').textContent()) ?? '';
    assert.match(banner, new RegExp(`暂停服务 · 下次开放：(今天|明天) ${span.open}`));
    assert.match(banner, new RegExp(`Closed · opens (today|tomorrow) ${span.open}`));
    await screenshot(board, 'fit-board-closed');
    const kiosk = await closed.page({ width: 1280, height: 800 });
    await kiosk.goto(`${closed.url}/kiosk`);
    await kiosk.locator('kiosk-screen [data-closed]').waitFor();
    assert.match((await kiosk.locator('kiosk-screen [data-closed]').textContent()) ?? '', new RegExp(`暂停取号[\\s\\S]*下次开放：(今天|明天) ${span.open}`));
    assert.is(await kiosk.locator('kiosk-screen big-button[data-service]').count(), 0, 'no service buttons to tap');
    await screenshot(kiosk, 'fit-kiosk-closed');
  } finally {
    await closed.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('/desk in a busy hall whose printer ran out of paper: the missed tickets fit with their reprint buttons', async () => {
  const api = apiClient(desk!.url);
  const token = (session as { token: string }).token;
  assert.is((await api('POST', '/api/printer/simulate', { condition: 'paper_out' }, token)).status, 200);
  try {
    for (let i = 0; i < 6; i++) assert.is((await api('POST', '/api/tickets', { service: i % 2 ? 'consultation' : 'transaction' })).body.ticket.printed, false);
    const screen = screens.find((s) => s.name === 'desk-1280x800')!;
    const page = await open(desk!, screen);
    await page.locator('desk-screen [data-unprinted="6"]').waitFor();
    await screenshot(page, 'fit-desk-unprinted-1280x800');
    assertFits('desk with 6 unprinted', screen.size, await measureOverflow(page), false);
    assert.equal(await axeViolations(page), [], 'desk with unprinted tickets: axe');
    assert.is(await page.locator('desk-screen [data-unprinted] big-button[data-reprint]').count(), 3, 'one row of buttons, oldest first');
    assert.match((await page.locator('desk-screen [data-unprinted]').textContent()) ?? '', /未打印的号票 6 张[\s\S]*补打：[\s\S]*\+3/);
    const box = await page.locator('desk-screen [data-unprinted] big-button[data-reprint]').first().boundingBox();
    assert.ok(box && box.height >= 48, `touch target ${JSON.stringify(box)}`);
  } finally {
    await api('POST', '/api/printer/simulate', { condition: 'ok' }, token);
  }
});

test.run();
