import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { complaintsFeature } from '../../firmware-bridge/complaints/complaints-feature.js';
import { handoverFeature } from '../../firmware-bridge/handover/handover-feature.js';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { keysFeature } from '../../firmware-bridge/keys/keys-feature.js';
import { membersFeature } from '../../firmware-bridge/members/members-feature.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { ratingsFeature } from '../../firmware-bridge/ratings/ratings-feature.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { jsonApi } from '../fixtures/http.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/**
 * Complaints and the written shift handover over HTTP on the real service (queue, keys, members,
 * ratings running too): refusals answer 4xx and commit nothing; the handover lists what is open.
 */
const desk = suite('complaints and shift handover');
const clock = new FakeClock('2026-11-24T10:00:00+08:00'); // a Tuesday, the desk open
const loaded = testLoadedConfig();
let app: RunningApp;
const http = jsonApi(() => app.url);
const tokens: Record<string, string> = {};
const as = (staff: string) => (method: string, path: string, body?: unknown) => http(method, path, body, tokens[staff]);
const eventCount = () => app.db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
const payloads = (type: string) => (app.db.prepare('SELECT payload FROM events WHERE type = ? ORDER BY seq').pluck().all(type) as string[]).map((p) => JSON.parse(p));

/** Refused with this status and code, a bilingual message, and nothing committed. */
async function refused(answer: Promise<{ status: number; body: any }>, status: number, code: string) {
  const before = eventCount();
  const r = await answer;
  assert.is(r.status, status, JSON.stringify(r.body));
  assert.is(r.body.error?.code, code);
  assert.match(r.body.error.message, / · /);
  assert.is(eventCount(), before, 'a refusal commits nothing');
}

desk.before(async () => {
  app = await startApp(loaded, { log: silentLogger, clock, features: [queueFeature(), keysFeature(), membersFeature(), ratingsFeature(), complaintsFeature(), handoverFeature()] });
  for (const [staff, pin] of [['001', '1234'], ['002', '5678'], ['900', '9000']]) {
    const r = await http('POST', '/api/session', { staff, pin });
    assert.is(r.status, 200);
    tokens[staff] = r.body.token;
  }
});

desk.after(async () => {
  await app?.close();
  loaded.cleanup();
});

let firstId = '';
let secondId = '';

desk('a complaint is owned by whoever took it, listed for the manager, with a callback due in 3 days', async () => {
  const opened = await as('001')('POST', '/api/complaints', { what: '储物柜钥匙被错发给别人', contact: '13800000000' });
  assert.is(opened.status, 201, opened.text);
  const c = opened.body.complaint;
  firstId = c.id;
  assert.equal(c.owner, { number: '001', name: '张敏' });
  assert.is(c.state, 'open');
  assert.is(c.routedTo, 'manager');
  assert.is(Date.parse(c.callback.dueAt) - Date.parse(c.openedAt), 3 * 86_400_000);
  const followUps = await as('001')('GET', '/api/followups?state=open');
  const callback = followUps.body.followUps.find((f: { id: string }) => f.id === c.callback.followUpId);
  assert.ok(callback, 'the callback is on the follow-up list');
  assert.is(Date.parse(callback.dueAt), Date.parse('2026-11-27T10:00:00+08:00'));
  const managerList = await as('900')('GET', '/api/complaints?state=open');
  assert.equal(managerList.body.complaints.map((x: { id: string }) => x.id), [firstId]);
  const [event] = payloads('complaint.opened');
  assert.equal(event, { complaintId: firstId, ticketId: null, owner: '001', followUpId: c.callback.followUpId });
  assert.not.match(JSON.stringify(payloads('complaint.opened')), /13800000000|钥匙/);
});

desk('closing needs cause and action, and the owner or a manager', async () => {
  await refused(as('001')('POST', `/api/complaints/${firstId}/close`, { action: '钥匙板重新编号' }), 400, 'cause_and_action_required');
  await refused(as('001')('POST', `/api/complaints/${firstId}/close`, { cause: '钥匙挂错位置', action: ' ' }), 400, 'cause_and_action_required');
  await refused(as('002')('POST', `/api/complaints/${firstId}/close`, { cause: '钥匙挂错位置', action: '钥匙板重新编号' }), 403, 'not_owner');
  await refused(as('001')('POST', '/api/complaints/nope/close', { cause: 'a', action: 'b' }), 404, 'unknown_complaint');
  assert.is((await as('001')('GET', '/api/complaints?state=open')).body.complaints[0].state, 'open');
  const closed = await as('900')('POST', `/api/complaints/${firstId}/close`, { cause: '钥匙挂错位置', action: '钥匙板重新编号', solution: '当面道歉并更换手牌' });
  assert.is(closed.status, 200, closed.text);
  assert.equal([closed.body.complaint.state, closed.body.complaint.cause, closed.body.complaint.closedBy], ['closed', '钥匙挂错位置', '900']);
  assert.equal(payloads('complaint.closed'), [{ complaintId: firstId, owner: '001', closedBy: '900', withinDue: true }]);
  await refused(as('001')('POST', `/api/complaints/${firstId}/close`, { cause: 'a', action: 'b' }), 409, 'complaint_closed');
  const second = await as('002')('POST', '/api/complaints', { what: '淋浴没有热水' });
  secondId = second.body.complaint.id;
});

desk('a handover with a wrong incoming PIN is refused and stores nothing', async () => {
  assert.is((await as('001')('POST', '/api/keys/L001/handout', { card: 'M0001' })).status, 201);
  const rows = () => app.db.prepare('SELECT COUNT(*) FROM shift_handovers').pluck().get();
  await refused(as('001')('POST', '/api/shift/handover', { outgoing: { staff: '001', pin: '1234' }, incoming: { staff: '002', pin: '0000' } }), 401, 'incoming_pin_wrong');
  await refused(as('001')('POST', '/api/shift/handover', { outgoing: { staff: '001', pin: '9999' }, incoming: { staff: '002', pin: '5678' } }), 401, 'outgoing_pin_wrong');
  await refused(as('001')('POST', '/api/shift/handover', { outgoing: { staff: '001', pin: '1234' }, incoming: { staff: '001', pin: '1234' } }), 400, 'same_staff');
  assert.is(rows(), 0);
  assert.equal((await as('002')('GET', '/api/shift/handover/latest')).body, { handover: null, html: null, open: null });
});

desk('the handover lists the key not back and the open complaint; the incoming shift sees it and can print it', async () => {
  clock.set(Date.parse('2026-11-24T15:00:00+08:00'));
  // Before the PINs, the form shows what the handover will list; no handover is stored yet.
  const before = await as('001')('GET', '/api/shift/handover');
  assert.is(before.status, 200, before.text);
  assert.equal(before.body.pending.keysNotBack.map((k: { keyId: string }) => k.keyId), ['L001']);
  assert.equal(before.body.pending.openComplaints.map((c: { id: string }) => c.id), [secondId]);
  assert.equal(before.body.handovers, []);
  const r = await as('001')('POST', '/api/shift/handover', {
    outgoing: { staff: '001', pin: '1234' },
    incoming: { staff: '002', pin: '5678' },
    lostAndFound: [{ item: '黑色水杯', where: '3号更衣柜', handedBackTo: '陈会员' }, { item: '蓝色毛巾', where: '前台' }],
    note: '水泵房钥匙已交工程部',
  });
  assert.is(r.status, 201, r.text);
  const h = r.body.handover;
  assert.equal([h.outgoing.number, h.incoming.number], ['001', '002']);
  assert.equal(h.keysNotBack.map((k: { keyId: string }) => k.keyId), ['L001']);
  assert.equal(h.openComplaints.map((c: { id: string }) => c.id), [secondId]);
  assert.is(h.openFollowUps.length, 2, 'both complaints\' callbacks are still open');
  assert.equal(h.lostAndFound, [
    { item: '黑色水杯', where: '3号更衣柜', handedBackTo: '陈会员' },
    { item: '蓝色毛巾', where: '前台', handedBackTo: null },
  ]);
  assert.equal(payloads('shift.handed_over'), [{ handoverId: h.id, outgoing: '001', incoming: '002', keysNotBack: 1, leftBehind: 1, wrongCards: 0, openComplaints: 1, openFollowUps: 2, paperwork: 0 }]);
  const latest = await as('002')('GET', '/api/shift/handover/latest');
  assert.is(latest.body.handover.id, h.id);
  const history = await as('002')('GET', '/api/shift/handover?limit=5');
  assert.equal(history.body.handovers.map((x: { id: string }) => x.id), [h.id]);
  assert.is((await as('002')('GET', '/api/shift/handover?limit=0')).status, 400);
  const page = await as('002')('GET', latest.body.html);
  assert.is(page.status, 200);
  assert.match(page.type, /text\/html/);
  assert.match(page.text, /1号手牌/);
  assert.match(page.text, /淋浴没有热水/);
  assert.match(page.text, /黑色水杯/);
});

desk('the incoming shift sees which of the handover\'s items are still open: a key brought back and a complaint closed leave', async () => {
  const open = async () => (await as('002')('GET', '/api/shift/handover/latest')).body.open;
  const first = await open();
  assert.equal(first.keysNotBack.map((k: { keyId: string }) => k.keyId), ['L001']);
  assert.equal(first.openComplaints.map((c: { id: string }) => c.id), [secondId]);
  assert.equal(first.lostAndFound, [{ item: '蓝色毛巾', where: '前台', handedBackTo: null }], 'only what is still at the desk');
  // Opened after the handover: not one of its items.
  assert.is((await as('002')('POST', '/api/complaints', { what: '停车场太挤' })).status, 201);
  assert.is((await open()).openComplaints.length, 1);
  assert.is((await as('002')('POST', '/api/keys/L001/return', {})).status, 200);
  assert.equal((await open()).keysNotBack, []);
  // The same key handed out again is a new handout, not the one handed over.
  clock.advance(60_000);
  assert.is((await as('002')('POST', '/api/keys/L001/handout', { card: 'M0001' })).status, 201);
  assert.equal((await open()).keysNotBack, []);
  const closed = await as('002')('POST', `/api/complaints/${secondId}/close`, { cause: '热水器故障', action: '已报修' });
  assert.is(closed.status, 200, closed.text);
  const now = await open();
  assert.equal(now.openComplaints, []);
  assert.is(now.openFollowUps.length, 2, 'the callbacks are still to be made');
  const called = await as('002')('POST', `/api/followups/${now.openFollowUps[0].id}/close`, { outcome: 'reached' });
  assert.is(called.status, 200, called.text);
  assert.equal((await open()).openFollowUps.map((f: { id: string }) => f.id), [now.openFollowUps[1].id]);
});

desk.run();
