// The incoming shift's first screen in headless Chromium against the real service, with a busy hall:
// after a written handover with keys out, complaints open, an item at the desk and a note, the
// incoming staff member logs in on /desk and sees 交接事项 (who, when, the note, the open items,
// each linking to its screen); a key brought back leaves the panel live; the panel collapses until
// the next handover; home shows it too. Screenshots: test/artifacts/handover-first-*.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { keypadLogin, screenshot, startDesk, type Desk } from '../fixtures/browser.js';
import { apiClient, axeViolations, fillBusyHall, measureOverflow, type StaffApi } from '../fixtures/busy-hall.js';
import { writeTestConfig } from '../fixtures/test-config.js';

const test = suite('the incoming shift sees the handover on its first screen');
const dir = mkdtempSync(join(tmpdir(), 'frontdesk-handover-first-e2e-'));
const member = (card: string, name: string) => ({ card, name, status: 'normal', validUntil: '2027-12-31' });
const panel = 'handover-open';
let desk: Desk | null = null;
let api: StaffApi;
let token = '';
const as = (method: string, path: string, body?: unknown) => api(method, path, body, token);

test.before(async () => {
  const config = writeTestConfig(dir, {}, {
    name: 'handover-first.yaml',
    edit: (raw) => {
      raw.audio = { playlists: {}, dayparts: [], quietFrom: '24:00' };
      raw.classes = [];
      raw.members = { cards: ['陈', '刘', '赵', '钱'].map((n, i) => member(`M000${i + 1}`, `${n}会员`)) };
    },
  });
  desk = await startDesk({ config });
  api = apiClient(desk.url);
  token = (await fillBusyHall(api, ['transaction', 'consultation', 'complaint', 'priority'])).token;
  for (const [key, card] of [['L001', 'M0001'], ['L002', 'M0002'], ['L003', 'M0003']]) assert.is((await as('POST', `/api/keys/${key}/handout`, { card })).status, 201, `handout ${key}`);
  for (const what of ['淋浴没有热水', '更衣柜门坏了，会员东西锁在里面']) assert.is((await as('POST', '/api/complaints', { what })).status, 201);
  const handed = await as('POST', '/api/shift/handover', {
    outgoing: { staff: '001', pin: '1234' },
    incoming: { staff: '002', pin: '5678' },
    lostAndFound: [{ item: '黑色水杯', where: '3号更衣柜' }, { item: '蓝色毛巾', handedBackTo: '陈会员' }],
    note: '水泵房钥匙已交工程部，3号淋浴间热水器明早有人来修',
  });
  assert.is(handed.status, 201, JSON.stringify(handed.body));
});

test.after(async () => {
  await desk?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function fits(page: Page, name: string): Promise<void> {
  await screenshot(page, `handover-first-${name}`);
  const measured = await measureOverflow(page);
  assert.ok(measured.scrollHeight <= 800, `${name}: page is ${measured.scrollHeight} px tall`);
  assert.equal(measured.outside, [], `${name}: drawn off screen`);
  assert.equal(measured.clipped, [], `${name}: cut off`);
  assert.equal(await axeViolations(page), [], `${name}: axe`);
}

const count = (page: Page, group: string) => page.locator(`${panel} a[data-group="${group}"] .count`).innerText();

let page: Page;

test('the incoming staff member logs in on /desk and sees who handed over, the note and the open items', async () => {
  page = await desk!.page({ width: 1280, height: 800 });
  await page.goto(`${desk!.url}/desk`);
  await keypadLogin(page, '002', '5678');
  await page.locator('desk-screen [data-card="devices"]').waitFor({ timeout: 15000 });
  await page.locator(`${panel} a[data-group="keys"]`).waitFor({ timeout: 15000 });
  const text = await page.locator(`${panel} section`).innerText();
  assert.match(text, /交接事项/);
  assert.match(text, /张敏 → 李强/);
  assert.match(text, /水泵房钥匙已交工程部/);
  assert.is(await count(page, 'keys'), '3');
  assert.is(await count(page, 'complaints'), '2');
  assert.is(await count(page, 'lost'), '1', 'only the item still at the desk');
  assert.match(await page.locator(`${panel} a[data-group="lost"]`).innerText(), /黑色水杯/);
  assert.is(await count(page, 'followups'), '2', "the complaints' callbacks");
  assert.is(await page.locator(`${panel} a[data-group="keys"]`).getAttribute('href'), '/keys');
  assert.is(await page.locator(`${panel} a[data-group="complaints"]`).getAttribute('href'), '/complaints');
  await page.waitForTimeout(400); // the desk measures the space the panel leaves it
  await fits(page, 'desk');
});

test('a key brought back leaves the panel at once; the rest stays', async () => {
  assert.is((await as('POST', '/api/keys/L001/return', {})).status, 200);
  await page.locator(`${panel} a[data-group="keys"] .count`, { hasText: /^2$/ }).waitFor({ timeout: 10000 });
  assert.not.match(await page.locator(`${panel} a[data-group="keys"]`).innerText(), /陈会员/);
  assert.is(await count(page, 'complaints'), '2');
  // A key handed out after the handover is not one of its items.
  assert.is((await as('POST', '/api/keys/L001/handout', { card: 'M0004' })).status, 201);
  await page.waitForTimeout(500);
  assert.is(await count(page, 'keys'), '2');
});

test('a link opens the screen that deals with it', async () => {
  await page.locator(`${panel} a[data-group="complaints"]`).click();
  await page.locator('complaints-screen').waitFor({ timeout: 15000 });
  assert.is(new URL(page.url()).pathname, '/complaints');
  assert.is(await page.locator(panel).count(), 0, 'only on the first screen');
});

test('collapsed, it stays collapsed on this terminal; home shows it too; English second', async () => {
  await page.goto(`${desk!.url}/desk`);
  await page.locator(`${panel} button[data-action="toggle"]`).click();
  await page.locator(`${panel} a[data-group="keys"]`).waitFor({ state: 'detached', timeout: 5000 });
  assert.match(await page.locator(`${panel} [data-total]`).innerText(), /^\d+$/);
  await page.reload();
  await page.locator('desk-screen [data-card="devices"]').waitFor({ timeout: 15000 });
  await page.locator(`${panel} button[aria-expanded="false"]`).waitFor({ timeout: 10000 });
  await fits(page, 'desk-collapsed');
  await page.locator(`${panel} button[data-action="toggle"]`).click();
  await page.locator(`${panel} a[data-group="keys"]`).waitFor({ timeout: 5000 });
  await page.goto(`${desk!.url}/`);
  await page.locator(`${panel} a[data-group="keys"]`).waitFor({ timeout: 15000 });
  await page.locator('lang-toggle big-button').click();
  await page.locator(`${panel} h2`, { hasText: /^Open from the last handover/ }).waitFor({ timeout: 5000 });
  await fits(page, 'home-english');
});

test('the lists dealt with leave; the item at the desk stays until the next handover', async () => {
  for (const key of ['L002', 'L003']) assert.is((await as('POST', `/api/keys/${key}/return`, {})).status, 200);
  for (const c of (await as('GET', '/api/complaints?state=open')).body.complaints) assert.is((await api('POST', `/api/complaints/${c.id}/close`, { cause: '设备老化', action: '已报修' }, (await api('POST', '/api/session', { staff: '900', pin: '9000' })).body.token)).status, 200);
  for (const f of (await as('GET', '/api/followups?state=open')).body.followUps) assert.is((await as('POST', `/api/followups/${f.id}/close`, { outcome: 'reached' })).status, 200);
  await page.locator(`${panel} a[data-group="keys"]`).waitFor({ state: 'detached', timeout: 10000 });
  // The item at the desk stays until the next handover: it has no live state to follow.
  assert.is(await count(page, 'lost'), '1');
  assert.is(await page.locator(`${panel} a[data-group]`).count(), 1);
});

test.run();
