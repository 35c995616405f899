// The kiosk's polite fallbacks in real Chromium against the real service: a printer that is
// down still gives the customer a number and a QR on screen (and says so), and a service that
// goes away turns every screen into "暂停服务 / temporarily unavailable".
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { join } from 'node:path';
import { screenshot, startDesk, type Desk } from '../fixtures/browser.js';

const test = suite('kiosk fallbacks (printer down, service gone)');
let desk: Desk | null = null;

test.before(async () => {
  // A serial printer whose port does not exist: the driver reports it offline.
  desk = await startDesk({ env: { FRONTDESK_PRINTER: `serial:${join('/nonexistent', 'printer')}@9600` } });
});

test.after(async () => {
  await desk?.close();
  desk = null;
});

test('printer down: the number and its QR are shown with a polite notice', async () => {
  const kiosk = await desk!.page({ width: 1280, height: 800 });
  await kiosk.goto(`${desk!.url}/kiosk`);
  // Warned before taking a number (health says the printer is not ok).
  await kiosk.locator('kiosk-screen .notice').waitFor({ timeout: 10000 });
  assert.match((await kiosk.locator('kiosk-screen .notice').textContent()) ?? '', /打印机暂停出票/);
  await kiosk.locator('big-button[data-service="consultation"]').click();
  await kiosk.locator('[data-number]').waitFor();
  assert.is(((await kiosk.locator('[data-number]').textContent()) ?? '').trim(), 'B001');
  assert.is(await kiosk.locator('[data-printed]').getAttribute('data-printed'), 'false');
  assert.match((await kiosk.locator('[data-printed]').textContent()) ?? '', /很抱歉，打印机暂时无法出票/);
  await kiosk.locator('qr-code img').waitFor();
  await screenshot(kiosk, 'kiosk-printer-down');
});

test('service gone: the polite unavailable cover appears', async () => {
  const board = await desk!.page({ width: 1920, height: 1080 });
  await board.goto(`${desk!.url}/board`);
  await board.locator('board-screen .counter[data-counter="1"]').waitFor();
  assert.is(await board.locator('unavailable-overlay .cover').count(), 0);
  await desk!.stopService('SIGKILL'); // a crash or a pulled plug: no goodbye on the event stream
  const cover = board.locator('unavailable-overlay .cover');
  await cover.waitFor({ timeout: 15000 });
  assert.match((await cover.textContent()) ?? '', /暂停服务/);
  assert.match((await cover.textContent()) ?? '', /Temporarily unavailable/);
  await screenshot(board, 'board-unavailable');
});

test.run();
