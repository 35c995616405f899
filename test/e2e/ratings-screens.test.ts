// Satisfaction in real headless Chromium against the real service: the on-screen rating buttons
// at /rate/1, the follow-up work list (record an outcome) and the stats page with its chart.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { screenshot, startDesk, type Desk } from '../fixtures/browser.js';
import { jsonApi } from '../fixtures/http.js';

const test = suite('ratings screens (rate → follow-ups → stats)');
let desk: Desk | null = null;
const sessions: Record<string, { token: string }> = {};

const http = jsonApi(() => desk!.url);
/** A request as staff `staff` (their session token), or as anyone when not given. */
const api = (method: string, path: string, body?: unknown, staff?: string) => http(method, path, body, staff && sessions[staff].token);

async function serveAt(counter: string, service: string, phone?: string) {
  const issued = await api('POST', '/api/tickets', { service, ...(phone ? { phone } : {}) });
  assert.is(issued.status, 201);
  assert.is((await api('POST', `/api/counters/${counter}/next`, {}, '001')).body.ticket.number, issued.body.ticket.number);
  await api('POST', `/api/counters/${counter}/finish`, {}, '001');
  return issued.body.ticket as { id: string; number: string };
}

/** A page already logged in as `staff` (the shell keeps the session in localStorage). */
async function staffPage(staff: string): Promise<Page> {
  const page = await desk!.page({ width: 1280, height: 800 });
  await page.addInitScript((session) => localStorage.setItem('frontdesk.session', session), JSON.stringify(sessions[staff]));
  return page;
}

test.before(async () => {
  desk = await startDesk();
  for (const [staff, pin] of [['001', '1234'], ['900', '9000']]) sessions[staff] = (await api('POST', '/api/session', { staff, pin })).body;
});

test.after(async () => {
  await desk?.close();
  desk = null;
});

test('on-screen buttons (zh first, ≥ 48 px) rate the ticket just finished at that counter', async () => {
  const page = await desk!.page({ width: 1280, height: 800 });
  await page.goto(`${desk!.url}/rate/1`);
  const unhappy = page.locator('rating-buttons big-button[data-score="unsatisfied"]');
  await unhappy.waitFor();
  assert.match((await unhappy.textContent()) ?? '', /不满意[\s\S]*Unsatisfied/);
  const box = await unhappy.boundingBox();
  assert.ok(box && box.height >= 48 && box.width >= 48, JSON.stringify(box));

  const ticket = await serveAt('1', 'transaction', '13800138000');
  await page.locator('rating-buttons .ask.invited').waitFor(); // the live ticket.finished lit it up
  await screenshot(page, 'ratings-buttons');
  await unhappy.click();
  await page.locator('rating-buttons .said', { hasText: '谢谢您的评价' }).waitFor();
  const rating = (await api('GET', `/api/tickets/${ticket.id}/rating`)).body.rating;
  assert.equal([rating.score, rating.source, rating.staff], ['unsatisfied', 'screen', '001']);
});

test('follow-up list shows the callback with phone and due date; recording "still unhappy" escalates it', async () => {
  await serveAt('2', 'consultation', '13900139000');
  await api('POST', '/api/ratings', { counter: '2', score: 'average' });
  await serveAt('2', 'consultation');
  // Not a repeat although within the interval: a new ticket was finished at counter 2 since.
  await api('POST', '/api/ratings', { counter: '2', score: 'satisfied' });

  const page = await staffPage('001');
  await page.goto(`${desk!.url}/followups`);
  const cards = page.locator('followups-screen .card');
  await cards.first().waitFor();
  assert.is(await cards.count(), 2);
  assert.match((await cards.first().textContent()) ?? '', /13800138000/);
  assert.match((await cards.first().textContent()) ?? '', /截止/);
  await screenshot(page, 'ratings-followups');

  // The phone is a tel: link (a counter phone or softphone dials it); the due time is the site's.
  assert.is(await cards.first().locator('a.phone').getAttribute('href'), 'tel:13800138000');
  const firstId = await cards.first().getAttribute('data-id');
  const due = (await api('GET', '/api/followups?state=open', undefined, '001')).body.followUps.find((f: { id: string }) => f.id === firstId).dueAt as string;
  const dueSite = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(due));
  const cardText = (await cards.first().textContent()) ?? '';
  assert.match(cardText, new RegExp(`截止\\s+\\d\\d-\\d\\d ${dueSite}`), `${cardText} / ${due}`);
  await cards.first().locator('big-button').click();
  // "Unreachable" asks first: going back leaves the case open.
  await page.locator('followups-screen big-button[data-outcome="unreachable"]').click();
  await page.locator('followups-screen [data-confirm-unreachable]').waitFor();
  await page.locator('followups-screen [data-confirm-unreachable] big-button:not([data-confirm])').click();
  await page.locator('followups-screen [data-confirm-unreachable]').waitFor({ state: 'detached' });
  assert.is(await cards.count(), 2, 'nothing recorded without the confirmation');
  // Confirmed, it schedules the next attempt: the case stays on the list with its retry time.
  await page.locator('followups-screen big-button[data-outcome="unreachable"]').click();
  await page.locator('followups-screen [data-confirm-unreachable] big-button[data-confirm="yes"]').click();
  await cards.first().locator('[data-next-attempt]').waitFor();
  assert.is(await cards.count(), 2);
  const retried = (await api('GET', '/api/followups?state=open', undefined, '001')).body.followUps.find((f: { id: string }) => f.id === firstId);
  assert.equal([retried.state, retried.attempts], ['open', 1]);
  const retrySite = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(retried.nextAttemptAt));
  assert.match((await cards.first().textContent()) ?? '', new RegExp(`下次回访\\s+\\d\\d-\\d\\d ${retrySite}[\\s\\S]*1 次联系不上`));
  await screenshot(page, 'ratings-followups-retry');
  await cards.first().locator('big-button').first().click();
  await page.locator('followups-screen textarea').fill('客户对等候时间不满意');
  await page.locator('followups-screen big-button[data-outcome="still_unhappy"]').click();
  await page.locator('followups-screen .card').nth(1).waitFor({ state: 'detached' });
  const escalated = (await api('GET', '/api/followups?state=escalated', undefined, '900')).body.followUps;
  assert.equal(escalated.map((f: { state: string; note: string }) => [f.state, f.note]), [['escalated', '客户对等候时间不满意']]);
});

test('stats page draws today\'s ratings by counter and the headline numbers', async () => {
  const page = await staffPage('900');
  await page.goto(`${desk!.url}/stats`);
  await page.locator('stats-screen svg g[data-counter="2"]').waitFor();
  assert.is(await page.locator('stats-screen svg g[data-counter="2"] rect').count(), 3);
  assert.match((await page.locator('stats-screen [data-k="rate"]').textContent()) ?? '', /33\.3%/);
  await screenshot(page, 'ratings-stats');
});

test.run();
