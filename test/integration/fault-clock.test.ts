import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { startDesk } from '../../firmware-bridge/desk.js';
import type { RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { jsonApi } from '../fixtures/http.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/**
 * The Pi has no battery-backed clock: it boots with a stale time and NTP later steps it, forward
 * or back. The desk's day moves only forward (one reset per day, however often the clock crosses
 * midnight), and tickets are called in arrival order whatever their timestamps say — also across
 * a restart while the clock is behind.
 */
const clock = new FakeClock('2026-11-24T09:00:00+08:00');
const loaded = testLoadedConfig({ devices: { printer: 'sim' } });
let app: RunningApp;
let token = '';
const api = jsonApi(() => app.url);

test.before(async () => {
  await start();
});

test.after(async () => {
  await app.close();
  loaded.cleanup();
});

async function start() {
  app = await startDesk(loaded, { clock, log: silentLogger });
  token = (await api('POST', '/api/session', { staff: '001', pin: '1234' })).body.token;
}

async function issue(): Promise<{ number: string; id: string }> {
  const res = await api('POST', '/api/tickets', { service: 'transaction' });
  assert.is(res.status, 201, res.text);
  return res.body.ticket;
}

async function next(): Promise<string | null> {
  const res = await api('POST', '/api/counters/1/next', {}, token);
  assert.is(res.status, 200, res.text);
  return res.body.ticket?.number ?? null;
}

const queueDay = async () => (await api('GET', '/api/queue')).body.day as string;
const numbersOn = (day: string) => app.db.prepare('SELECT number FROM tickets WHERE day = ? ORDER BY arrival').pluck().all(day) as string[];

test('clock stepped back within the day: numbers continue and calls follow arrival, not timestamps', async () => {
  assert.equal([(await issue()).number, (await issue()).number], ['A001', 'A002']);
  clock.set('2026-11-24T08:20:00+08:00'); // 40 minutes back
  assert.is((await issue()).number, 'A003');
  clock.advance(5 * 60_000);
  assert.is((await issue()).number, 'A004');
  assert.equal([await next(), await next(), await next(), await next(), await next()], ['A001', 'A002', 'A003', 'A004', null]);
});

test('forward over midnight resets once; back over midnight and forward again never resets twice', async () => {
  clock.set('2026-11-25T08:00:00+08:00');
  assert.is((await issue()).number, 'A001', 'a new day starts at 001');
  assert.is(await queueDay(), '2026-11-25');
  clock.set('2026-11-24T23:50:00+08:00'); // NTP steps back across midnight
  assert.is((await issue()).number, 'A002', 'the day does not go back');
  assert.is(await queueDay(), '2026-11-25');
  clock.set('2026-11-25T00:10:00+08:00'); // …and crosses midnight again
  assert.is((await issue()).number, 'A003', 'no second reset of the same day');
  assert.equal(numbersOn('2026-11-25'), ['A001', 'A002', 'A003']);
});

test('a restart while the clock is still behind keeps the day and its numbering', async () => {
  clock.set('2026-11-24T23:55:00+08:00');
  await app.close();
  await start();
  assert.is(await queueDay(), '2026-11-25', 'the restarted desk keeps the latest day');
  assert.is((await issue()).number, 'A004');
  clock.set('2026-11-25T09:00:00+08:00');
  assert.is((await issue()).number, 'A005');
  assert.equal([await next(), await next(), await next(), await next(), await next(), await next()], ['A001', 'A002', 'A003', 'A004', 'A005', null]);
});

test('a jump of days forward resets exactly once; the stored history has no repeated number and seq follows arrival', async () => {
  clock.set('2026-11-28T10:00:00+08:00');
  assert.equal([(await issue()).number, (await issue()).number], ['A001', 'A002']);
  const repeats = app.db.prepare('SELECT day, number FROM tickets GROUP BY day, number HAVING COUNT(*) > 1').all();
  assert.equal(repeats, []);
  const issuedOrder = app.db
    .prepare("SELECT json_extract(payload, '$.ticketId') FROM events WHERE type = 'ticket.issued' ORDER BY seq")
    .pluck()
    .all() as string[];
  const arrivalOrder = app.db.prepare('SELECT id FROM tickets ORDER BY arrival').pluck().all() as string[];
  assert.equal(issuedOrder, arrivalOrder, 'event order and arrival order agree');
  assert.equal(
    app.db.prepare('SELECT day FROM tickets GROUP BY day ORDER BY day').pluck().all(),
    ['2026-11-24', '2026-11-25', '2026-11-28'],
    'tickets were only ever filed under days the clock reached going forward',
  );
});

test.run();
