// Keys end to end in headless Chromium against the real service: a locker key handed out by a
// keyboard-wedge swipe (fast keystrokes + Enter), a typed number for a suspended card refused,
// the key returned with the wrong card (flagged), and the end-of-shift handover.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { keypadLogin, screenshot, startDesk, type Desk } from '../fixtures/browser.js';

let desk: Desk | null = null;

test.after(async () => {
  await desk?.close();
});


/** A keyboard-wedge reader: the whole number in a few milliseconds, then Enter. */
async function swipe(page: Page, card: string): Promise<void> {
  await page.keyboard.type(card, { delay: 4 });
  await page.keyboard.press('Enter');
}

test('hand out a locker key by card swipe, refuse a typed suspended card, take it back with the wrong card, close the shift', async () => {
  desk = await startDesk();
  const page = await desk.page({ width: 1280, height: 800 });
  await page.goto(`${desk.url}/keys`);
  await keypadLogin(page, '001', '1234');

  // Swipe while the focus is on the key tile, not on any field: the wedge still gets read.
  await page.locator('keys-screen .tile[data-key="L005"]').click();
  await page.locator('keys-screen card-swipe').waitFor();
  await swipe(page, 'M0001');
  await page.locator('keys-screen .tile[data-key="L005"][data-state="out"]').waitFor({ timeout: 10000 });
  assert.match(await page.locator('keys-screen .notice').innerText(), /005号手牌 已借出/);
  await screenshot(page, 'keys-handout');

  // A person typing slowly into the field is not a swipe; Enter submits what they typed.
  await page.locator('keys-screen .tile[data-key="L006"]').click();
  const input = page.locator('keys-screen card-swipe input');
  await input.click();
  await input.pressSequentially('M0002', { delay: 120 });
  assert.is(await input.inputValue(), 'M0002', 'typed slowly: kept in the field');
  await page.keyboard.press('Enter');
  const refusal = page.locator('keys-screen [role="alert"]');
  await refusal.waitFor({ timeout: 10000 });
  assert.match(await refusal.innerText(), /停卡/);
  assert.is(await page.locator('keys-screen .tile[data-key="L006"]').getAttribute('data-state'), 'in');
  await screenshot(page, 'keys-card-refused');

  // Return L005: the holder's panel; a swipe of another member's card returns it, flagged.
  await page.locator('keys-screen .tile[data-key="L005"]').click();
  assert.is(await page.locator('keys-screen [data-holder]').innerText(), '陈会员');
  await swipe(page, 'M0002');
  await page.locator('keys-screen .tile[data-key="L005"][data-state="in"]').waitFor({ timeout: 10000 });
  assert.match(await page.locator('keys-screen .notice.warn').innerText(), /发错的卡/);
  await screenshot(page, 'keys-return-wrong-card');

  // One more out, then the end-of-shift check: refused until it is explained, then saved.
  await page.locator('keys-screen .tile[data-key="L007"]').click();
  await swipe(page, 'M0001');
  await page.locator('keys-screen .tile[data-key="L007"][data-state="out"]').waitFor({ timeout: 10000 });
  await page.goto(`${desk.url}/shift`);
  const row = page.locator('shift-screen .row[data-key="L007"]');
  await row.waitFor({ timeout: 10000 });
  assert.is(await page.locator('shift-screen [data-chain]').getAttribute('data-chain'), 'ok');
  await page.locator('shift-screen textarea[name="handoverNote"]').fill('L007 会员仍在场内。');
  await page.locator('shift-screen big-button[data-action="reconcile"]').click();
  await page.locator('shift-screen .row.unexplained[data-key="L007"]').waitFor({ timeout: 10000 });
  await screenshot(page, 'shift-unexplained');
  await row.locator('big-button[data-status="still_out"]').click();
  await row.locator('input').fill('会员仍在健身');
  await page.locator('shift-screen big-button[data-action="add-left"]').click();
  await page.locator('shift-screen input[data-left-item="0"]').fill('黑色水杯');
  await page.locator('shift-screen big-button[data-action="reconcile"]').click();
  const done = page.locator('shift-screen [data-report]');
  await done.waitFor({ timeout: 10000 });
  assert.match(await done.innerText(), /交接已保存/);
  assert.match(await done.innerText(), /发错的卡 1/);
  await screenshot(page, 'shift-done');

  // The printable handover page (staff token required).
  const reportId = await done.getAttribute('data-report');
  const token = await page.evaluate(() => JSON.parse(localStorage.getItem('frontdesk.session') ?? '{}').token as string);
  const print = await desk.page({ width: 1000, height: 800 });
  await print.setExtraHTTPHeaders({ authorization: `Bearer ${token}` });
  const response = await print.goto(`${desk.url}/api/shift/reports/${reportId}.html`);
  assert.is(response?.status(), 200);
  assert.match(await print.locator('body').innerText(), /黑色水杯[\s\S]*L007 会员仍在场内/);
  await screenshot(print, 'shift-report-print');
});

test.run();
