import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { startDesk } from '../../firmware-bridge/desk.js';
import type { RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { jsonApi, type JsonApi } from '../fixtures/http.js';
import { consume, type Consumer } from '../fixtures/mosquitto-consumer.js';
import { startMosquitto, type MosquittoBroker } from '../fixtures/mosquitto.js';
import { testLoadedConfig } from '../fixtures/test-config.js';
import { waitFor } from '../fixtures/wait.js';

/**
 * Guest registration on the whole desk, publishing telemetry to a real Mosquitto: the guest goes to
 * the sales person on duty, a record not completed within 10 minutes is overdue, nothing personal is
 * ever published, and the records are deleted after retentionDays on the fake clock.
 */
const guests = suite('guest registration');
const clock = new FakeClock('2026-11-24T10:00:00+08:00'); // a Tuesday
const guest = { name: '林来宾', phone: '13912345678', purpose: '咨询私教课程', appointment: '周五 19:00 试课', referredBy: '陈会员' };
let broker: MosquittoBroker;
let manager: Consumer;
let app: RunningApp;
let loaded: ReturnType<typeof testLoadedConfig>;
let api: JsonApi;
let token = '';
let firstId = '';

const call = (method: string, path: string, body?: unknown) => api(method, path, body, token);
const eventCount = () => app.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
const events = (type: string) => (app.db.prepare('SELECT payload FROM events WHERE type = ? ORDER BY seq').pluck().all(type) as string[]).map((p) => JSON.parse(p) as Record<string, unknown>);
const guestRows = () => app.db.prepare('SELECT COUNT(*) FROM guests').pluck().get() as number;
const overdueIds = async () => ((await call('GET', '/api/guests')).body as { overdue: { id: string }[] }).overdue.map((g) => g.id);

guests.before(async () => {
  broker = await startMosquitto();
  manager = await consume(broker.url, '#');
  loaded = testLoadedConfig({
    mqtt: { url: broker.url },
    guests: {
      retentionDays: 30,
      salesRoster: [
        { number: '401', name: '冯销售', days: ['mon', 'wed'], from: '09:00', to: '18:00' },
        { number: '402', name: '许销售', days: ['tue'], from: '09:00', to: '18:00' },
      ],
    },
  });
  app = await startDesk(loaded, { log: silentLogger, clock });
  api = jsonApi(app.url);
  const login = await api('POST', '/api/session', { staff: '001', pin: '1234' });
  token = (login.body as { token: string }).token;
});

guests.after(async () => {
  await app?.close();
  await manager?.close();
  await broker?.close();
  loaded?.cleanup();
});

guests('staff only, and bad input is a bilingual 400 that changes nothing', async () => {
  assert.is((await api('POST', '/api/guests', guest)).status, 401);
  const before = eventCount();
  const bad = await call('POST', '/api/guests', { ...guest, phone: 'call me' });
  assert.is(bad.status, 400);
  assert.match((bad.body as { error: { message: string } }).error.message, /电话.* · .*phone/);
  assert.is((await call('POST', '/api/guests', { name: '无电话' })).status, 400);
  assert.is(eventCount(), before);
  assert.is(guestRows(), 0);
});

guests('a registered guest goes to the sales person on duty; the event carries no personal data', async () => {
  const r = await call('POST', '/api/guests', guest);
  assert.is(r.status, 201, JSON.stringify(r.body));
  const registered = (r.body as { guest: { id: string; sales: unknown; overdue: boolean; completeBy: string } }).guest;
  firstId = registered.id;
  assert.equal(registered.sales, { number: '402', name: '许销售' });
  assert.is(registered.completeBy, '2026-11-24T10:10:00+08:00');
  assert.equal(events('guest.registered'), [{ guestId: firstId, salesStaff: '402', hasAppointment: true, referred: true, staff: '001' }]);
});

guests('personal data never reaches MQTT (real Mosquitto)', async () => {
  await waitFor(() => manager.messages.find((m) => m.topic.endsWith('guest.registered')), 'guest.registered on MQTT');
  const published = JSON.stringify(manager.messages);
  for (const secret of Object.values(guest)) assert.not.ok(published.includes(secret), `"${secret}" was published`);
  assert.ok(published.includes(firstId), 'the guest id was published');
});

guests('a record not completed within 10 minutes of the visit is overdue; completing it clears it', async () => {
  clock.set('2026-11-24T10:10:00+08:00');
  assert.equal(await overdueIds(), [], 'ten minutes is still in time');
  const second = (await call('POST', '/api/guests', { name: '何来宾', phone: '021-5555 1234', purpose: '参观' })).body as { guest: { id: string } };
  clock.set('2026-11-24T10:10:01+08:00');
  assert.equal(await overdueIds(), [firstId]);

  const late = await call('PATCH', `/api/guests/${firstId}`, { outcome: '已约周五试课' });
  assert.is(late.status, 200, JSON.stringify(late.body));
  assert.is((late.body as { guest: { overdue: boolean; completedAt: string } }).guest.completedAt, '2026-11-24T10:10:01+08:00');
  const onTime = await call('PATCH', `/api/guests/${second.guest.id}`, { outcome: '参观后离开', referredBy: null });
  assert.is(onTime.status, 200);
  assert.equal(await overdueIds(), []);
  assert.equal(events('guest.completed').map((e) => e.overdue), [true, false]);
  const again = await call('PATCH', `/api/guests/${firstId}`, { outcome: 'x' });
  assert.is(again.status, 409);
  assert.is((again.body as { error: { code: string } }).error.code, 'already_completed');
});

guests('records are deleted after retentionDays, by the daily purge on the clock', async () => {
  assert.is(guestRows(), 2);
  clock.set('2026-12-24T10:00:01+08:00'); // 30 days on: still kept
  assert.is(guestRows(), 2);
  clock.set('2026-12-25T10:00:01+08:00');
  assert.is(guestRows(), 0);
  assert.equal(events('guest.purged'), [{ count: 2, beforeDay: '2026-11-25' }]);
  const published = JSON.stringify(manager.messages);
  for (const secret of Object.values(guest)) assert.not.ok(published.includes(secret), `"${secret}" was published`);
});

guests('a desk started after the retention has passed deletes the old records at once', async () => {
  token = ((await api('POST', '/api/session', { staff: '001', pin: '1234' })).body as { token: string }).token; // a month on, the session has expired
  assert.is((await call('POST', '/api/guests', { name: '郑来宾', phone: '13700001111', purpose: '参观' })).status, 201);
  await app.close();
  clock.set('2027-02-01T09:00:00+08:00');
  app = await startDesk(loaded, { log: silentLogger, clock });
  assert.is(guestRows(), 0);
  assert.equal(events('guest.purged').map((e) => e.beforeDay), ['2026-11-25', '2027-01-02']);
});

guests.run();
