import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { ratingsFeature } from '../../firmware-bridge/ratings/ratings-feature.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import type { VirtualPanel } from '../../devices/panel/virtual-panel.js';
import { jsonApi } from '../fixtures/http.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

const api = suite('ratings HTTP API');
const loaded = testLoadedConfig({ devices: { printer: 'sim', panels: [{ kind: 'screen' }] } });
const clock = new FakeClock('2026-11-24T10:00:00+08:00');
let app: RunningApp;
const tokens: Record<string, string> = {};

const http = jsonApi(() => app.url);
/** A request as staff `who` (their session token), or as anyone when not given. */
const call = (method: string, path: string, body?: unknown, who?: string) => http(method, path, body, who && tokens[who]);

const count = (table: string) => app.db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

/** Issue a ticket (with an optional phone), call it at counter 1 and finish it. */
async function serveOne(contact: { phone?: string; member?: string } = {}) {
  const issued = await call('POST', '/api/tickets', { service: 'transaction', ...contact });
  assert.is(issued.status, 201);
  assert.is((await call('POST', '/api/counters/1/next', {}, '001')).status, 200);
  assert.is((await call('POST', '/api/counters/1/finish', {}, '001')).status, 200);
  return issued.body.ticket as { id: string; number: string };
}

api.before(async () => {
  app = await startApp(loaded, { log: silentLogger, clock, features: [queueFeature(), ratingsFeature()] });
  for (const [staff, pin] of [['001', '1234'], ['900', '9000']]) {
    const res = await call('POST', '/api/session', { staff, pin });
    tokens[staff] = res.body.token;
  }
});

api.after(async () => {
  await app?.close();
  loaded.cleanup();
});

api('bad rating input → 400 with a readable message, and nothing stored', async () => {
  const before = [app.store.lastSeq(), count('ratings'), count('ignored_presses')];
  const cases: [unknown, string][] = [
    [{}, 'missing_field'],
    [{ counter: '1' }, 'invalid_field'],
    [{ counter: '1', score: 'great' }, 'invalid_field'],
    [{ counter: 1, score: 'satisfied' }, 'invalid_field'],
    [{ counter: '9', score: 'satisfied' }, 'unknown_counter'],
    [[], 'bad_request'],
  ];
  for (const [body, code] of cases) {
    const res = await call('POST', '/api/ratings', body);
    assert.is(res.status, 400, JSON.stringify(body));
    assert.is(res.body.error.code, code, JSON.stringify(body));
    assert.ok(res.body.error.message.length > 10, 'a human sentence');
  }
  assert.equal([app.store.lastSeq(), count('ratings'), count('ignored_presses')], before);
});

api('a screen press after a finished ticket rates that ticket; the panel is invited and thanked', async () => {
  const panel = app.devices.get<VirtualPanel>('panel')!;
  const invitedBefore = panel.invitations.length;
  const ticket = await serveOne();
  assert.is(panel.invitations.length, invitedBefore + 1, 'ticket.finished invites a rating');
  clock.advance(5_000);
  const res = await call('POST', '/api/ratings', { counter: '1', score: 'satisfied' });
  assert.is(res.status, 201);
  assert.equal(res.body.rating.ticket, { id: ticket.id, number: ticket.number });
  assert.is(res.body.rating.staff, '001');
  assert.is(res.body.followUp, null);
  assert.equal(panel.thanks.at(-1), 'satisfied');
  assert.equal((await call('GET', `/api/tickets/${ticket.id}/rating`)).body.rating.score, 'satisfied');
  assert.is((await call('GET', '/api/ratings/latest?counter=1')).body.rating.id, res.body.rating.id);
});

api('a repeat within the interval → 200 {rating:null, ignored:"repeat"}, counted in stats', async () => {
  clock.advance(2_000);
  const res = await call('POST', '/api/ratings', { counter: '1', score: 'unsatisfied' });
  assert.is(res.status, 200);
  assert.equal(res.body, { rating: null, ignored: 'repeat' });
  const stats = await call('GET', '/api/stats/today', undefined, '001');
  assert.is(stats.status, 200);
  assert.equal([stats.body.totals.satisfied, stats.body.totals.unsatisfied, stats.body.totals.ignored], [1, 0, 1]);
  assert.is(stats.body.byCounter.find((l: { counter: string }) => l.counter === '1').ignored, 1);
});

api('follow-ups need a staff token', async () => {
  assert.is((await call('GET', '/api/followups?state=open')).status, 401);
  assert.is((await call('POST', '/api/followups/x/close', { outcome: 'reached' })).status, 401);
  assert.is((await call('GET', '/api/stats/today')).status, 401);
});

api('unsatisfied with a phone opens a follow-up; bad closes change nothing; still unhappy escalates to the manager', async () => {
  clock.advance(60_000);
  const ticket = await serveOne({ phone: '13800138000' });
  clock.advance(3_000);
  const rated = await call('POST', '/api/ratings', { counter: '1', score: 'unsatisfied' });
  assert.is(rated.status, 201);
  assert.is(rated.body.rating.ticket.id, ticket.id);
  assert.is(rated.body.followUp.dueAt, '2026-11-27T10:01:10+08:00');

  const open = await call('GET', '/api/followups?state=open', undefined, '001');
  assert.is(open.body.followUps.length, 1);
  const f = open.body.followUps[0];
  assert.equal([f.ticket.number, f.score, f.state, f.contact.phone, f.overdue], [ticket.number, 'unsatisfied', 'open', '13800138000', false]);
  assert.is((await call('GET', '/api/followups?state=sideways', undefined, '001')).status, 400);

  const before = app.store.lastSeq();
  for (const [body, status] of [[{}, 400], [{ outcome: 'happy' }, 400], [{ outcome: 'reached', note: 'x'.repeat(501) }, 400]] as const) {
    const res = await call('POST', `/api/followups/${f.id}/close`, body, '001');
    assert.is(res.status, status, JSON.stringify(body));
    assert.ok(res.body.error.message);
  }
  assert.is((await call('POST', '/api/followups/nope/close', { outcome: 'reached' }, '001')).status, 404);
  assert.is(app.store.lastSeq(), before, 'refused closes commit nothing');

  clock.advance(6 * 3_600_000); // called back the same afternoon (staff tokens last 12 h)
  const escalated = await call('POST', `/api/followups/${f.id}/close`, { outcome: 'still_unhappy', note: '客户仍不满意' }, '001');
  assert.is(escalated.status, 200);
  assert.equal([escalated.body.followUp.state, escalated.body.followUp.escalatedTo, escalated.body.followUp.note], ['escalated', 'manager', '客户仍不满意']);
  assert.is((await call('GET', '/api/followups?state=open', undefined, '001')).body.followUps.length, 0, 'off the clerk list');
  const managerList = await call('GET', '/api/followups?state=open', undefined, '900');
  assert.equal(managerList.body.followUps.map((x: { id: string; state: string }) => [x.id, x.state]), [[f.id, 'escalated']]);
  const clerkClose = await call('POST', `/api/followups/${f.id}/close`, { outcome: 'reached' }, '001');
  assert.equal([clerkClose.status, clerkClose.body.error.code], [403, 'manager_only']);
  const closed = await call('POST', `/api/followups/${f.id}/close`, { outcome: 'satisfied_now' }, '900');
  assert.equal([closed.status, closed.body.followUp.state, closed.body.followUp.closedBy, closed.body.followUp.firstOutcome], [200, 'closed', '900', 'still_unhappy']);
  assert.is((await call('POST', `/api/followups/${f.id}/close`, { outcome: 'reached' }, '900')).status, 409);
  assert.is((await call('GET', '/api/followups?state=closed', undefined, '001')).body.followUps[0].id, f.id);

  const stats = (await call('GET', '/api/stats/today', undefined, '900')).body;
  assert.is(stats.headline.followUpHandlingRate, 1);
  assert.is(stats.headline.effectiveComplaints, 1);
  assert.is(stats.headline.effectiveComplaintRate, 1 / 2);
  // No personal data in any committed event.
  const payloads = app.store.readAfter(0, 1000).filter((e) => e.type.startsWith('rating') || e.type.startsWith('followup')).map((e) => JSON.stringify(e.payload));
  assert.ok(payloads.length >= 4);
  assert.not.ok(payloads.some((p) => p.includes('13800138000') || p.includes('客户仍不满意')));
});

api('the satisfaction/today topic follows the day', async () => {
  const topic = app.context.stateTopics.read('satisfaction/today') as Record<string, unknown>;
  assert.equal(
    { satisfied: topic.satisfied, average: topic.average, unsatisfied: topic.unsatisfied, rate: topic.rate, followUpsOpen: topic.followUpsOpen, followUpsOverdue: topic.followUpsOverdue },
    { satisfied: 1, average: 0, unsatisfied: 1, rate: 0.5, followUpsOpen: 0, followUpsOverdue: 0 },
  );
});

api('after a restart a press still rates the ticket the counter finished last, and its contact still opens a follow-up', async () => {
  clock.advance(120_000);
  const ticket = await serveOne({ phone: '13700137000' });
  await app.close();
  // Ratings learns of that ticket from the queue feature's service now, not from an event it heard.
  app = await startApp(loaded, { log: silentLogger, clock, features: [queueFeature(), ratingsFeature()] });
  tokens['900'] = (await call('POST', '/api/session', { staff: '900', pin: '9000' })).body.token;
  const res = await call('POST', '/api/ratings', { counter: '1', score: 'unsatisfied' });
  assert.is(res.status, 201);
  assert.equal([res.body.rating.ticket, res.body.rating.staff], [{ id: ticket.id, number: ticket.number }, '001']);
  assert.ok(res.body.followUp, 'the ticket came with a phone: a follow-up is opened');
  const list = (await call('GET', '/api/followups?state=open', undefined, '900')).body;
  const opened = list.followUps.find((f: { id: string }) => f.id === res.body.followUp.id);
  assert.equal([opened.ticket.number, opened.contact.phone], [ticket.number, '13700137000']);
});

api('"unreachable" keeps the follow-up open and schedules the next attempt past the rest hours; the third escalates', async () => {
  const login = async (staff: string, pin: string) => (tokens[staff] = (await call('POST', '/api/session', { staff, pin })).body.token);
  await login('001', '1234');
  const [f] = (await call('GET', '/api/followups?state=open', undefined, '001')).body.followUps;
  assert.ok(f, 'the follow-up the previous test opened');
  clock.set(Date.parse('2026-11-24T17:30:00+08:00')); // + 4 h is 21:30, after callTo (20:00)
  const first = await call('POST', `/api/followups/${f.id}/close`, { outcome: 'unreachable', note: '无人接听' }, '001');
  assert.is(first.status, 200);
  assert.equal(
    [first.body.followUp.state, first.body.followUp.attempts, first.body.followUp.nextAttemptAt, first.body.followUp.firstOutcome, first.body.followUp.note],
    ['open', 1, '2026-11-25T09:00:00+08:00', 'unreachable', '无人接听'],
  );
  const [event] = app.store.readAfter(0, 10_000).filter((e) => e.type === 'followup.rescheduled');
  assert.equal([event.payload.attempt, event.payload.nextAttemptAt, event.payload.by], [1, '2026-11-25T01:00:00.000Z', '001']);
  assert.not.ok(JSON.stringify(event.payload).includes('13700137000') || JSON.stringify(event.payload).includes('无人接听'), 'no contact or note in the event');
  assert.is((await call('GET', '/api/followups?state=overdue', undefined, '001')).body.followUps.length, 0, 'not overdue before the next attempt');

  clock.set(Date.parse('2026-11-25T09:30:00+08:00'));
  await login('001', '1234');
  await login('900', '9000');
  assert.equal((await call('GET', '/api/followups?state=overdue', undefined, '001')).body.followUps.map((x: { id: string }) => x.id), [f.id], 'the missed retry is overdue');
  const second = await call('POST', `/api/followups/${f.id}/close`, { outcome: 'unreachable' }, '001');
  assert.equal([second.body.followUp.state, second.body.followUp.attempts, second.body.followUp.nextAttemptAt], ['open', 2, '2026-11-25T13:30:00+08:00']);
  clock.set(Date.parse('2026-11-25T13:30:00+08:00'));
  const third = await call('POST', `/api/followups/${f.id}/close`, { outcome: 'unreachable' }, '001');
  assert.equal([third.body.followUp.state, third.body.followUp.attempts, third.body.followUp.nextAttemptAt, third.body.followUp.escalatedTo], ['escalated', 3, null, 'manager']);
  assert.ok((await call('GET', '/api/followups?state=escalated', undefined, '900')).body.followUps.some((x: { id: string }) => x.id === f.id));
});

api.run();
