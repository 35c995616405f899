// The desk's rule-book screens end to end in headless Chromium against the real service, with a busy
// hall (queue, key handouts, bookings, guests and complaints already there): same-day bookings by card
// swipe with the member's signature, guest registration and completion, complaints opened and closed
// with cause and action, and the written handover with both PINs. Each test clicks the main path and
// then asks the service what it stored. Screenshots: test/artifacts/deskops-*.png.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { keypadLogin, screenshot, startDesk, type Desk } from '../fixtures/browser.js';
import { apiClient, axeViolations, fillBusyHall, measureOverflow, type StaffApi } from '../fixtures/busy-hall.js';
import { signaturePng } from '../fixtures/signature-png.js';
import { writeTestConfig } from '../fixtures/test-config.js';

const test = suite('desk operations screens (busy hall)');
const dir = mkdtempSync(join(tmpdir(), 'frontdesk-deskops-e2e-'));
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const member = (card: string, name: string) => ({ card, name, status: 'normal', validUntil: '2027-12-31' });
let desk: Desk | null = null;
let api: StaffApi;
let token = '';
const as = (method: string, path: string, body?: unknown) => api(method, path, body, token);

/** Classes late in the day, booking open from `opensAt`: the tests run at any hour but the last minutes. */
function deskConfig(name: string, opensAt: string): string {
  return writeTestConfig(dir, {}, {
    name,
    edit: (raw) => {
      raw.audio = { playlists: {}, dayparts: [], quietFrom: '24:00' };
      raw.classes = [
        { name: { zh: '瑜伽', en: 'Yoga' }, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], at: '23:50', seats: 20, room: '二号操房' },
        { name: { zh: '普拉提', en: 'Pilates' }, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], at: '23:55', seats: 10, cancelled: [today] },
        { name: { zh: '动感单车', en: 'Spinning' }, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], at: '23:58', seats: 3, id: 'spinning' },
      ];
      raw.bookings = { opensAt };
      raw.guests = { salesRoster: [{ number: '401', name: '孙销售' }], completeWithinMinutes: 10 };
      raw.members = { cards: ['陈', '刘', '赵', '钱', '孙', '李', '周', '吴'].map((n, i) => member(`M000${i + 1}`, `${n}会员`)) };
    },
  });
}

test.before(async () => {
  desk = await startDesk({ config: deskConfig('desk.yaml', '00:00') });
  api = apiClient(desk.url);
  token = (await fillBusyHall(api, ['transaction', 'consultation', 'complaint', 'priority'])).token;
  // The rest of a busy afternoon: keys out, seats taken, guests waiting, complaints open.
  for (const [key, card] of [['L001', 'M0007'], ['L002', 'M0008'], ['L003', 'M0004']]) assert.is((await as('POST', `/api/keys/${key}/handout`, { card })).status, 201, `handout ${key}`);
  const signature = signaturePng();
  for (const card of ['M0003', 'M0004']) assert.is((await as('POST', '/api/bookings', { class: 'spinning', card, via: 'swipe', signature })).status, 201);
  for (const card of ['M0002', 'M0007', 'M0008']) await as('POST', '/api/bookings', { class: 'yoga', card, via: 'reader', signature });
  for (const [name, purpose] of [['王先生', '咨询年卡价格'], ['李女士', '参观场馆'], ['赵先生', '私教体验课']]) await as('POST', '/api/guests', { name, phone: '138 0000 1234', purpose });
  for (const what of ['淋浴没有热水', '更衣柜门坏了，会员东西锁在里面', '前台态度不好']) await as('POST', '/api/complaints', { what, contact: '139 0000 5678' });
});

test.after(async () => {
  await desk?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function open(path: string, ready: string, on = desk!): Promise<Page> {
  const page = await on.page({ width: 1280, height: 800 });
  await page.goto(on.url + path);
  await keypadLogin(page, '001', '1234');
  await page.locator(ready).first().waitFor({ timeout: 15000 });
  return page;
}

/** A keyboard-wedge reader: the keys in one burst inside the page (a loaded machine cannot stretch the gaps). */
async function swipe(page: Page, card: string): Promise<void> {
  const keys = JSON.stringify([...card, 'Enter']);
  await page.evaluate(`for (const key of ${keys}) document.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }))`);
}

async function sign(page: Page, pad: string): Promise<void> {
  const box = (await page.locator(`${pad} canvas`).boundingBox())!;
  await page.mouse.move(box.x + 30, box.y + box.height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 25; i++) await page.mouse.move(box.x + 30 + i * 12, box.y + box.height * (0.6 - 0.25 * Math.sin(i / 3)));
  await page.mouse.up();
}

/** Nothing off screen at 1280×800, no serious axe finding, and a screenshot to look at. */
async function looksRight(page: Page, name: string): Promise<void> {
  await screenshot(page, `deskops-${name}`);
  const measured = await measureOverflow(page, false);
  assert.ok(measured.scrollHeight <= 800, `${name}: page is ${measured.scrollHeight} px tall`);
  assert.equal(measured.outside, [], `${name}: drawn off screen`);
  assert.equal(await axeViolations(page), [], `${name}: axe`);
}

const notice = (page: Page, screen: string) => page.locator(`${screen} [data-notice]`).innerText();
const refusalCode = async (page: Page, screen: string) => {
  await page.locator(`${screen} .refusal`).waitFor({ timeout: 10000 });
  return page.locator(`${screen} .refusal`).getAttribute('data-code');
};

test('bookings: book by swipe and signature, full goes to waiting, cancel promotes, typed card and cancelled class refused', async () => {
  const page = await open('/bookings', 'bookings-screen [data-class="spinning"]');
  const s = 'bookings-screen';
  await page.locator(`${s} [data-class="spinning"] button.pick`).click();
  assert.is(await page.locator(`${s} [data-class="spinning"] [data-free]`).innerText(), '1');
  await swipe(page, 'M0001');
  await page.locator(`${s} [data-card="M0001"]`).waitFor();
  assert.is(await page.locator(`${s} big-button[data-action="book"]`).getAttribute('disabled'), '', 'no signature yet: the button stays off');
  await sign(page, `${s} signature-pad`);
  await looksRight(page, 'bookings-signed');
  await page.locator(`${s} big-button[data-action="book"]`).click();
  await page.locator(`${s} [data-notice]`).waitFor({ timeout: 10000 });
  assert.match(await notice(page, s), /已预订：M0001/);
  await page.locator(`${s} [data-class="spinning"] [data-free]`, { hasText: '0' }).waitFor({ timeout: 10000 });

  // Full now: the next swipe goes on the waiting list.
  await swipe(page, 'M0005');
  await sign(page, `${s} signature-pad`);
  await page.locator(`${s} big-button[data-action="book"]`).click();
  await page.locator(`${s} [data-notice]`, { hasText: '候补' }).waitFor({ timeout: 10000 });

  // A typed number is not a card read (no phone bookings): refused, in both languages.
  await page.locator(`${s} card-swipe input`).fill('M0006');
  await page.locator(`${s} card-swipe input`).press('Enter');
  await page.locator(`${s} [data-card="M0006"]`).waitFor();
  await sign(page, `${s} signature-pad`);
  await page.locator(`${s} big-button[data-action="book"]`).click();
  assert.is(await refusalCode(page, s), 'card_read_required');
  assert.match(await page.locator(`${s} .refusal`).innerText(), /不接受电话预订[\s\S]*no phone bookings/);
  await looksRight(page, 'bookings-refused');

  // Pilates is cancelled today: marked on its card, and a booking is refused.
  assert.is(await page.locator(`${s} [data-class="pilates"] [data-cancelled]`).count(), 1);
  assert.is(await page.locator(`${s} [data-not-open]`).count(), 0, 'booking is open (from 00:00)');
  await page.locator(`${s} [data-class="pilates"] button.pick`).click();
  await swipe(page, 'M0006');
  await sign(page, `${s} signature-pad`);
  await page.locator(`${s} big-button[data-action="book"]`).click();
  assert.is(await refusalCode(page, s), 'class_cancelled');

  // Cancel M0003's seat: M0005 moves up from the waiting list.
  await page.locator(`${s} [data-class="spinning"] li`, { hasText: 'M0003' }).locator('big-button[data-action="cancel"]').click();
  await page.locator(`${s} [data-notice]`, { hasText: 'M0005' }).waitFor({ timeout: 10000 });

  const stored = (await as('GET', '/api/bookings')).body.classes.find((c: { class: string }) => c.class === 'spinning');
  const live = stored.bookings.filter((b: { status: string }) => b.status !== 'cancelled').map((b: { card: string; status: string; via: string }) => [b.card, b.status, b.via]);
  assert.equal(live, [['M0004', 'booked', 'swipe'], ['M0001', 'booked', 'swipe'], ['M0005', 'booked', 'swipe']]);
  assert.ok(!stored.bookings.some((b: { card: string }) => b.card === 'M0006'), 'the refused bookings stored nothing');
  assert.is((await as('GET', '/api/bookings')).body.classes.find((c: { class: string }) => c.class === 'pilates').bookings.length, 0);
});

test('bookings before the opening hour: the screen says when booking opens, and a booking is refused', async () => {
  const early = await startDesk({ config: deskConfig('early.yaml', '23:59') });
  try {
    const page = await open('/bookings', 'bookings-screen [data-not-open]', early);
    const s = 'bookings-screen';
    assert.match(await page.locator(`${s} [data-not-open]`).innerText(), /23:59[\s\S]*opens at 23:59/);
    await page.locator(`${s} [data-class="spinning"] button.pick`).click();
    await swipe(page, 'M0001');
    await page.locator(`${s} [data-card="M0001"]`).waitFor();
    await sign(page, `${s} signature-pad`);
    await page.locator(`${s} big-button[data-action="book"]`).click();
    assert.is(await refusalCode(page, s), 'booking_not_open');
    assert.match(await page.locator(`${s} .refusal`).innerText(), /23:59 起开始预订[\s\S]*booked from 23:59/);
    await looksRight(page, 'bookings-not-open');
    const login = await apiClient(early.url)('POST', '/api/session', { staff: '001', pin: '1234' });
    const stored = await apiClient(early.url)('GET', '/api/bookings', undefined, login.body.token);
    assert.equal(stored.body.classes.flatMap((c: { bookings: unknown[] }) => c.bookings), [], 'nothing booked');
  } finally {
    await early.close();
  }
});

test('guests: register one, handed to the sales person on duty, then complete the record', async () => {
  const page = await open('/guests', 'guests-screen [data-guest]');
  const s = 'guests-screen';
  await page.locator(`${s} input[name="name"]`).fill('周女士');
  await page.locator(`${s} input[name="phone"]`).fill('137 1111 2222');
  await page.locator(`${s} input[name="purpose"]`).fill('办健身年卡');
  await page.locator(`${s} input[name="appointment"]`).fill('约了孙销售 15:00');
  await page.locator(`${s} input[name="referredBy"]`).fill('陈会员');
  await looksRight(page, 'guests-form');
  await page.locator(`${s} big-button[data-action="register"]`).click();
  await page.locator(`${s} [data-notice]`).waitFor({ timeout: 10000 });
  assert.match(await notice(page, s), /孙销售（401）/);
  const row = page.locator(`${s} [data-list="today"] li`, { hasText: '周女士' });
  await row.waitFor({ timeout: 10000 });

  await row.locator('big-button[data-action="complete"]').click();
  await page.locator(`${s} textarea[name="outcome"]`).fill('办了年卡，下周一开始');
  await page.locator(`${s} big-button[data-action="save-outcome"]`).click();
  await page.locator(`${s} [data-notice]`, { hasText: '登记已完成' }).waitFor({ timeout: 10000 });
  await row.locator('.tag.ok').waitFor({ timeout: 10000 });
  await screenshot(page, 'deskops-guests-completed');

  const stored = (await as('GET', '/api/guests')).body.guests.find((g: { name: string }) => g.name === '周女士');
  assert.equal([stored.phone, stored.purpose, stored.appointment, stored.referredBy, stored.sales.number, stored.outcome], ['137 1111 2222', '办健身年卡', '约了孙销售 15:00', '陈会员', '401', '办了年卡，下周一开始']);
  assert.ok(stored.completedAt);
});

test('complaints: open one, a close without cause and action shows on the fields, then closes with both', async () => {
  const page = await open('/complaints', 'complaints-screen [data-complaint]');
  const s = 'complaints-screen';
  await page.locator(`${s} textarea[name="what"]`).fill('泳池水温太低');
  await page.locator(`${s} input[name="contact"]`).fill('M0001');
  await page.locator(`${s} big-button[data-action="open"]`).click();
  await page.locator(`${s} [data-notice]`).waitFor({ timeout: 10000 });
  const row = page.locator(`${s} li[data-complaint]`, { hasText: '泳池水温太低' });
  await row.waitFor({ timeout: 10000 });
  assert.match(await row.innerText(), /张敏（001）/, 'who took it owns it');
  await looksRight(page, 'complaints-list');

  await row.locator('big-button[data-action="start-close"]').click();
  await page.locator(`${s} big-button[data-action="close"]`).click();
  await page.locator(`${s} [data-field-error="cause"]`).waitFor({ timeout: 10000 });
  assert.is(await page.locator(`${s} [data-field-error="action"]`).count(), 1);
  assert.is(await page.locator(`${s} textarea[name="cause"]`).getAttribute('aria-invalid'), 'true');
  await screenshot(page, 'deskops-complaints-field-errors');
  const id = await row.getAttribute('data-complaint');
  assert.is((await as('GET', '/api/complaints?state=open')).body.complaints.some((c: { id: string }) => c.id === id), true, 'still open');

  await page.locator(`${s} textarea[name="cause"]`).fill('加热器温控坏了');
  assert.is(await page.locator(`${s} [data-field-error="cause"]`).count(), 0, 'typing clears the field error');
  await page.locator(`${s} textarea[name="action"]`).fill('更换温控器，每天开馆前记录水温');
  await page.locator(`${s} textarea[name="solution"]`).fill('赠送一次私教课');
  await page.locator(`${s} big-button[data-action="close"]`).click();
  await page.locator(`${s} [data-notice]`, { hasText: '投诉已结案' }).waitFor({ timeout: 10000 });
  await page.locator(`${s} li[data-complaint="${id}"]`).waitFor({ state: 'detached', timeout: 10000 });

  const closed = (await as('GET', '/api/complaints?state=closed')).body.complaints.find((c: { id: string }) => c.id === id);
  assert.equal([closed.cause, closed.action, closed.solution, closed.closedBy], ['加热器温控坏了', '更换温控器，每天开馆前记录水温', '赠送一次私教课', '001']);
});

test('handover: lists keys out and open complaints, a wrong PIN is refused and keeps the session, both PINs save it', async () => {
  const page = await open('/handover', 'handover-screen [data-group="keys"]');
  const s = 'handover-screen';
  assert.is(await page.locator(`${s} [data-group="keys"] [data-count]`).innerText(), '3');
  assert.is(await page.locator(`${s} [data-group="complaints"] [data-count]`).innerText(), '3');
  assert.match(await page.locator(`${s} [data-group="complaints"]`).innerText(), /淋浴没有热水/);
  await page.locator(`${s} big-button[data-action="add-lost"]`).click();
  await page.locator(`${s} [data-lost="0"] input[name="item"]`).fill('黑色水杯');
  await page.locator(`${s} [data-lost="0"] input[name="where"]`).fill('3号更衣柜');
  await page.locator(`${s} textarea[name="note"]`).fill('水泵房钥匙已交工程部');
  assert.is(await page.locator(`${s} input[name="outgoing"]`).inputValue(), '001', 'the logged-in staff hands over');
  await page.locator(`${s} input[name="outgoingPin"]`).fill('1234');
  await page.locator(`${s} input[name="incoming"]`).fill('002');
  await page.locator(`${s} input[name="incomingPin"]`).fill('0000');
  await looksRight(page, 'handover-form');
  await page.locator(`${s} big-button[data-action="hand-over"]`).click();
  assert.is(await refusalCode(page, s), 'incoming_pin_wrong');
  assert.is(await page.locator('staff-login').count(), 0, 'a wrong PIN on the form does not log the desk out');
  assert.equal((await as('GET', '/api/shift/handover')).body.handovers, [], 'nothing stored');

  await page.locator(`${s} input[name="outgoingPin"]`).fill('1234');
  await page.locator(`${s} input[name="incomingPin"]`).fill('5678');
  await page.locator(`${s} big-button[data-action="hand-over"]`).click();
  await page.locator(`${s} [data-notice]`).waitFor({ timeout: 10000 });
  assert.match(await notice(page, s), /张敏 → 李强/);
  await page.locator(`${s} li[data-handover]`).waitFor({ timeout: 10000 });
  await screenshot(page, 'deskops-handover-saved');

  const [stored] = (await as('GET', '/api/shift/handover')).body.handovers;
  assert.equal([stored.outgoing.number, stored.incoming.number, stored.note], ['001', '002', '水泵房钥匙已交工程部']);
  assert.equal(stored.keysNotBack.map((k: { keyId: string }) => k.keyId).sort(), ['L001', 'L002', 'L003']);
  assert.is(stored.openComplaints.length, 3);
  assert.equal(stored.lostAndFound, [{ item: '黑色水杯', where: '3号更衣柜', handedBackTo: null }]);
});

test('home links the four screens; in English they read English first', async () => {
  const page = await open('/guests', 'guests-screen [data-guest]');
  await page.goto(`${desk!.url}/`);
  await page.locator('home-screen a').first().waitFor({ timeout: 15000 });
  for (const path of ['/bookings', '/guests', '/complaints', '/handover']) assert.is(await page.locator(`home-screen a[href="${path}"]`).count(), 1, `home links ${path}`);
  await screenshot(page, 'deskops-home');
  await page.locator('home-screen a[href="/handover"]').click();
  await page.locator('handover-screen [data-group="keys"]').waitFor({ timeout: 15000 });
  await page.locator('lang-toggle big-button').click();
  await page.locator('handover-screen h2', { hasText: /^Written shift handover/ }).waitFor({ timeout: 5000 });
  await looksRight(page, 'handover-english');
  await page.goto(`${desk!.url}/bookings`);
  await page.locator('bookings-screen h2', { hasText: /^Class bookings/ }).waitFor({ timeout: 15000 });
  await looksRight(page, 'bookings-english');
});

test.run();
