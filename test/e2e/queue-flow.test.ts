// The spine end to end in real headless Chromium against the real service: a customer takes a
// number on the kiosk, staff call it from the counter screen, the hall board and the ticket's
// own status page show the call (live, through /api/events).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { keypadLogin, screenshot, startDesk, type Desk } from '../fixtures/browser.js';

const test = suite('queue flow (kiosk → counter → board)');
let desk: Desk | null = null;

test.before(async () => {
  desk = await startDesk();
});

test.after(async () => {
  await desk?.close();
  desk = null;
});

async function text(page: Page, selector: string): Promise<string> {
  const locator = page.locator(selector).first();
  await locator.waitFor({ state: 'visible', timeout: 10000 });
  return ((await locator.textContent()) ?? '').trim();
}

/** Waits until `selector`'s text equals `expected` (live updates arrive asynchronously). */
async function waitForText(page: Page, selector: string, expected: string): Promise<void> {
  await page.locator(selector, { hasText: expected }).first().waitFor({ state: 'visible', timeout: 10000 });
  assert.is(await text(page, selector), expected);
}

test('take a number, call it at counter 1, see it on the board and the status page', async () => {
  const { url } = desk!;

  // The board is open before anything happens: what it shows later came through live events.
  const board = await desk!.page({ width: 1920, height: 1080 });
  await board.goto(`${url}/board`);
  await board.locator('board-screen .counter[data-counter="1"]').waitFor();
  assert.match(await text(board, '.counter[data-counter="1"] [data-serving]'), /空闲/); // open, nobody called yet

  // Kiosk: Chinese first, service buttons with both names.
  const kiosk = await desk!.page({ width: 1280, height: 800 });
  await kiosk.goto(`${url}/kiosk`);
  const button = kiosk.locator('big-button[data-service="transaction"]');
  await button.waitFor();
  assert.match((await button.textContent()) ?? '', /办理业务/);
  assert.match((await button.textContent()) ?? '', /Transactions/);
  await screenshot(kiosk, 'kiosk');

  await button.click();
  assert.is(await text(kiosk, '[data-number]'), 'A001');
  assert.is(await kiosk.locator('[data-ahead]').getAttribute('data-ahead'), '0');
  assert.match(await text(kiosk, '[data-wait]'), /预计等待/);
  assert.is(await kiosk.locator('[data-printed]').getAttribute('data-printed'), 'true');
  const ticketId = await kiosk.locator('[data-ticket]').getAttribute('data-ticket');
  assert.ok(ticketId, 'the confirmation carries the ticket id');
  // The QR is drawn client-side from the ticket's qrUrl, which links to /t/{id}.
  const qr = kiosk.locator('qr-code img');
  await qr.waitFor();
  assert.match((await qr.getAttribute('src')) ?? '', /^data:image\/svg\+xml/);
  assert.match((await qr.getAttribute('alt')) ?? '', new RegExp(`/t/${ticketId}$`));
  const box = await qr.boundingBox();
  assert.ok(box && box.width >= 150, `QR is large enough to scan (${box?.width} px)`);
  await screenshot(kiosk, 'kiosk-confirmation');

  // The ticket status page the QR opens, still waiting.
  const status = await desk!.page({ width: 390, height: 844 });
  await status.goto(`${url}/t/${ticketId}`);
  assert.is(await text(status, '[data-number]'), 'A001');
  assert.is(await status.locator('[data-state]').getAttribute('data-state'), 'waiting');

  // Counter: staff log in on the keypad (001 / 1234), choose counter 1, call next.
  const counter = await desk!.page({ width: 1280, height: 800 });
  await counter.goto(`${url}/counter`);
  await keypadLogin(counter, '001', '1234');
  await counter.locator('counter-screen big-button[data-counter="1"]').click();
  await counter.locator('big-button[data-action="next"]').click();
  await waitForText(counter, 'counter-screen [data-serving]', 'A001');
  await screenshot(counter, 'counter');

  // Board and status page update live.
  await waitForText(board, '.counter[data-counter="1"] [data-serving]', 'A001');
  assert.match(await text(board, '.call'), /请 A001 号到 1号窗口/);
  await screenshot(board, 'board');
  await status.locator('[data-state="called"]').waitFor({ timeout: 10000 });
  assert.match(await text(status, '[data-state]'), /1号窗口/);
  await screenshot(status, 'ticket-status');

  // Finish, the customer rates on the counter's tablet, and the clerk sees the rating.
  const tablet = await desk!.page({ width: 1280, height: 800 });
  await tablet.goto(`${url}/rate/1`);
  await tablet.locator('rating-buttons .ask').waitFor({ timeout: 10000 });
  await counter.locator('big-button[data-action="finish"]').click();
  await counter.locator('counter-screen .current .empty').waitFor({ timeout: 10000 }); // finished: nobody served
  await tablet.locator('rating-buttons big-button[data-score="satisfied"]').click();
  const last = counter.locator('counter-screen rating-buttons .last[data-score="satisfied"]');
  await last.waitFor({ timeout: 10000 });
  assert.match((await last.textContent()) ?? '', /A001/);
  await screenshot(counter, 'counter-rated');
});

test('a wrong PIN is refused readably and nothing is called', async () => {
  const counter = await desk!.page({ width: 1280, height: 800 });
  await counter.goto(`${desk!.url}/counter`);
  await keypadLogin(counter, '001', '9999');
  const error = await text(counter, 'staff-login [role="alert"]');
  assert.match(error, /工号或密码不正确|请重新登录|尝试次数过多/);
  assert.is(await counter.locator('counter-screen').count(), 0);
});

test.run();
