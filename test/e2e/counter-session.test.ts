// The counter screen says what to do: 过号 stays disabled (with how many recalls are missing)
// until the hall's rule allows it, and when the service no longer knows the clerk's token (it
// restarted: tokens live in memory) the tap is not lost — the login says why, and after it the
// tapped action is carried out.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { keypadLogin, screenshot, startDesk, type Desk } from '../fixtures/browser.js';
import { apiClient, type StaffApi } from '../fixtures/busy-hall.js';

const test = suite('counter screen: skip rule and expired login');
let desk: Desk | null = null;
let api: StaffApi;
let page: Page;
let token = '';
const counter = () => page.locator('counter-screen');

test.before(async () => {
  desk = await startDesk();
  api = apiClient(desk.url);
  const session = (await api('POST', '/api/session', { staff: '001', pin: '1234' })).body;
  token = session.token;
  for (let i = 0; i < 3; i++) await api('POST', '/api/tickets', { service: 'transaction' });
  page = await desk.page({ width: 1280, height: 800 });
  await page.addInitScript((s) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('frontdesk.session', s);
      localStorage.setItem('frontdesk.counter', '1');
      sessionStorage.setItem('seeded', '1');
    }
  }, JSON.stringify(session));
  await page.goto(`${desk.url}/counter`);
  await counter().locator('big-button[data-action="next"]').waitFor();
});

test.after(async () => {
  await desk?.close();
  desk = null;
});

test('过号 is disabled with the recalls still needed, and enabled after them', async () => {
  await counter().locator('big-button[data-action="next"]').click();
  await counter().locator('[data-serving]').waitFor();
  const skip = counter().locator('big-button[data-action="skip"]');
  await counter().locator('[data-skip-hint]').waitFor();
  assert.is(await skip.getAttribute('disabled'), '');
  assert.match((await counter().locator('[data-skip-hint]').textContent()) ?? '', /需先重呼 2 次（已 0 次）/);
  await screenshot(page, 'counter-skip-rule');
  for (let i = 1; i <= 2; i++) {
    await counter().locator('big-button[data-action="recall"]').click();
    await page.waitForTimeout(400);
  }
  await page.waitForFunction(() => {
    const root = document.querySelector('app-shell')?.shadowRoot?.querySelector('counter-screen')?.shadowRoot;
    return root?.querySelector('big-button[data-action="skip"]')?.hasAttribute('disabled') === false;
  });
  assert.is(await counter().locator('[data-skip-hint]').count(), 0);
});

test('a tap with a token the service forgot: 登录已过期, and the action is done after logging in', async () => {
  const serving = (await api('GET', '/api/queue')).body.counters.find((c: { id: string }) => c.id === '1').serving;
  assert.ok(serving, 'someone is being served');
  await api('DELETE', '/api/session', undefined, token); // the same as a restart for this token
  await counter().locator('big-button[data-action="finish"]').click();
  const login = page.locator('staff-login');
  await login.locator('[data-session-expired]').waitFor();
  const notice = (await login.locator('[data-session-expired]').textContent()) ?? '';
  assert.match(notice, /登录已过期 · please log in again/);
  assert.match(notice, /办结/);
  await screenshot(page, 'counter-session-expired');
  assert.is((await api('GET', `/api/tickets/${serving.id}`)).body.ticket.state, 'called', 'nothing done without a login');
  await keypadLogin(page, '001', '1234');
  await counter().locator('.status .ok').filter({ hasText: '办结' }).waitFor();
  assert.is((await api('GET', `/api/tickets/${serving.id}`)).body.ticket.state, 'finished', 'the tapped 办结 was carried out');
});

test.run();
