// One customer at a time at the kiosk: a phone number is masked on screen, what a customer typed
// and their language are gone after their ticket or 30 s without a touch, and the next customer's
// ticket carries nothing of theirs (read back from the database itself).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import Database from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { databasePath } from '../../firmware-bridge/store/database.js';
import { screenshot, startDesk, type Desk } from '../fixtures/browser.js';
import { measureOverflow } from '../fixtures/busy-hall.js';
import { waitFor } from '../fixtures/wait.js';

const test = suite('kiosk: one customer at a time');
let desk: Desk | null = null;
let page: Page;
const kiosk = () => page.locator('kiosk-screen');

function storedContact(ticketId: string): { phone: string | null; member_card: string | null } {
  const db = new Database(databasePath(desk!.dataDir), { readonly: true, fileMustExist: true });
  try {
    return db.prepare('SELECT phone, member_card FROM tickets WHERE id = ?').get(ticketId) as { phone: string | null; member_card: string | null };
  } finally {
    db.close();
  }
}

async function typePhone(digits: string): Promise<void> {
  await kiosk().locator('[data-member-open]').click();
  for (const key of digits) await kiosk().locator(`big-button[data-key="${key}"]`).click();
}

async function takeTicket(service = 'transaction'): Promise<string> {
  await kiosk().locator(`big-button[data-service="${service}"]`).click();
  const ticket = kiosk().locator('[data-ticket]');
  await ticket.waitFor();
  return (await ticket.getAttribute('data-ticket'))!;
}

async function backToStart(): Promise<void> {
  await kiosk().locator('.back big-button').click();
  await kiosk().locator('big-button[data-service]').first().waitFor();
}

test.before(async () => {
  desk = await startDesk();
  page = await desk.page({ width: 1280, height: 800 });
  await page.clock.install();
  await page.goto(`${desk.url}/kiosk`);
  await kiosk().locator('big-button[data-service="transaction"] [data-wait]').waitFor();
});

test.after(async () => {
  await desk?.close();
  desk = null;
});

test('the phone pad is 3×4 with 确定, 清除 on one line, the number masked, and it all fits', async () => {
  await typePhone('13812345678');
  const shown = (await kiosk().locator('[data-value]').textContent()) ?? '';
  assert.is(shown.trim(), '138••••5678');
  assert.not.match((await kiosk().textContent()) ?? '', /13812345678/);
  const clear = await kiosk().locator('big-button[data-key="clear"]').boundingBox();
  const zero = await kiosk().locator('big-button[data-key="0"]').boundingBox();
  const one = await kiosk().locator('big-button[data-key="1"]').boundingBox();
  const three = await kiosk().locator('big-button[data-key="3"]').boundingBox();
  assert.ok(clear && zero && one && three);
  assert.ok(Math.abs(clear.y - zero.y) < 2 && three.x > one.x, '清除 0 ⌫ on the last row, three keys a row');
  const clearHeight = await kiosk().locator('big-button[data-key="clear"]').evaluate((el) => el.shadowRoot!.querySelector('.main')!.getBoundingClientRect().height);
  assert.ok(clearHeight < 40, `清除 on one line (${clearHeight} px)`);
  await screenshot(page, 'kiosk-phone-pad');
  const fit = await measureOverflow(page);
  assert.ok(fit.scrollHeight <= 800 && fit.outside.length === 0, JSON.stringify(fit));
  await kiosk().locator('big-button[data-key="ok"]').click();
  assert.match((await kiosk().locator('[data-saved]').textContent()) ?? '', /138••••5678/);
});

test('a customer who walks away: after 30 s their phone and English are gone, and the next ticket has no phone', async () => {
  await page.locator('kiosk-screen lang-toggle').click();
  assert.is(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.clock.runFor(20_000);
  assert.is(await kiosk().locator('[data-saved]').count(), 1, 'still there after 20 s');
  await page.clock.runFor(11_000);
  await kiosk().locator('[data-saved]').waitFor({ state: 'detached' });
  assert.is(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.is(await page.evaluate(() => localStorage.getItem('frontdesk.locale')), null, 'the language is not stored');
  const next = await takeTicket();
  assert.equal(storedContact(next), { phone: null, member_card: null });
  await backToStart();
});

test("a ticket with a phone keeps it; the next customer's ticket and screen start clean in zh-CN", async () => {
  await page.locator('kiosk-screen lang-toggle').click();
  await typePhone('13900001111');
  await kiosk().locator('big-button[data-key="ok"]').click();
  const first = await takeTicket('consultation');
  assert.is(storedContact(first).phone, '13900001111');
  await backToStart();
  assert.is(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.is(await kiosk().locator('[data-saved]').count(), 0);
  const second = await takeTicket('consultation');
  assert.equal(storedContact(second), { phone: null, member_card: null });
  await backToStart();
});

test('each service button says how many wait and for how long', async () => {
  // The counts follow the live event stream: wait for the two tickets above to arrive, do not race them.
  const button = kiosk().locator('big-button[data-service="consultation"] [data-wait]');
  let text = '';
  await waitFor(async () => /等候 2 人 · 约 \d+ 分钟/.test((text = (await button.textContent()) ?? '')), 'the consultation button to count the two waiting tickets', { timeoutMs: 5000 }).catch(() => undefined);
  assert.match(text, /等候 2 人 · 约 \d+ 分钟/, `the consultation button reads "${text}"`);
});

test('a reload while the service is down shows the bilingual offline page, which comes back by itself', async () => {
  const reload = await desk!.page({ width: 1280, height: 800 });
  await reload.goto(`${desk!.url}/kiosk`);
  await reload.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 10000 }).catch(async () => {
    await reload.reload(); // the first visit installs the worker; it controls the page from the next load
    await reload.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 10000 });
  });
  await reload.context().setOffline(true);
  await reload.reload();
  assert.match((await reload.textContent('body')) ?? '', /暂停服务[\s\S]*Back in a moment/);
  await screenshot(reload, 'kiosk-offline');
  await reload.context().setOffline(false);
  await reload.locator('kiosk-screen big-button[data-service]').first().waitFor({ timeout: 15000 });
});

test.run();
