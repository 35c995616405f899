import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { StaffRole } from '../../config/schema/staff.js';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { createFeatures } from '../../firmware-bridge/desk.js';
import { routeRecorder, type RecordedRoute } from '../fixtures/route-recorder.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/**
 * Every API route the desk registers is either listed here as public (docs/api.md: kiosk, board,
 * ticket status page, login) or must refuse a request without a valid staff token. A new route
 * that forgets `requireStaff` fails this test until it is added to the public list on purpose.
 */
const publicRoutes = new Set([
  'GET /api/health',
  'GET /api/config/public',
  'POST /api/session',
  'DELETE /api/session',
  'GET /api/events',
  // The API's own description: the same as docs/api.md in the repository.
  'GET /api/openapi.json',
  'POST /api/tickets',
  'GET /api/tickets/:id',
  'GET /api/queue',
  'POST /api/ratings',
  'GET /api/ratings/latest',
  'GET /api/tickets/:id/rating',
  'GET /api/schedule',
  // What the hall hears now (mode, playlist, volume): the same as the retained MQTT audio topic.
  'GET /api/audio',
  // For customer screens: "something changed" ticks for a ticket's status page, whether QR codes
  // would point at loopback, and the staff number and display name at a counter (rating terminal).
  'GET /api/tickets/:id/events',
  'GET /api/ticket-links',
  'GET /api/counters/:id/clerk',
  // Choosing a new PIN: only for a staff number whose PIN a manager has just reset (409 otherwise).
  'POST /api/session/pin',
]);

/** Routes that need a particular role at the door (others check roles in the domain, per action). */
const requiredRoles: Record<string, StaffRole[]> = {
  'POST /api/printer/simulate': ['front_desk', 'manager'],
  'GET /api/reports': ['manager'],
  'GET /api/reports/scheduled': ['manager'],
  'GET /api/reports/scheduled/:kind/:period': ['manager'],
  'GET /api/settings': ['manager'],
  'PUT /api/settings': ['manager'],
  'GET /api/settings/history': ['manager'],
  'POST /api/settings/rollback': ['manager'],
  'GET /api/settings/playlists/:playlist/tracks': ['manager'],
  'POST /api/settings/playlists/:playlist/tracks': ['manager'],
  'DELETE /api/settings/playlists/:playlist/tracks/:file': ['manager'],
  'POST /api/settings/members/import': ['manager'],
  'POST /api/settings/speech-preview': ['manager'],
  'POST /api/settings/printer/test': ['manager'],
};

/** Registered before features start, so the recorder cannot see them. */
const coreRoutes: RecordedRoute[] = ['GET /api/health', 'GET /api/config/public', 'POST /api/session', 'DELETE /api/session', 'GET /api/events', 'GET /api/openapi.json', 'GET /api/tickets/:id/events', 'GET /api/ticket-links', 'GET /api/counters/:id/clerk'].map((r) => {
  const [method, url] = r.split(' ');
  return { method, url };
});

const clock = new FakeClock('2026-11-24T10:00:00+08:00');
const loaded = testLoadedConfig({ devices: { printer: 'sim' } });
const recorder = routeRecorder();
let app: RunningApp;
const tokens: Record<string, string> = {};

test.before(async () => {
  app = await startApp(loaded, { clock, log: silentLogger, features: [recorder, ...createFeatures()] });
  for (const [staff, pin] of [['001', '1234'], ['900', '9000'], ['800', '8000']]) {
    const res = await app.http.inject({ method: 'POST', url: '/api/session', payload: { staff, pin } });
    assert.is(res.statusCode, 200, `demo staff ${staff} logs in`);
    tokens[staff] = res.json().token;
  }
});

test.after(async () => {
  await app.close();
  loaded.cleanup();
});

const concrete = (url: string) => url.replace(':keyId', 'L001').replace(':seq', '1').replace(':file', 'none.csv').replace(/:[a-zA-Z]+/g, '1');
const staffRoutes = () => [...coreRoutes, ...recorder.routes].filter((r) => r.url.startsWith('/api/') && !publicRoutes.has(`${r.method} ${r.url}`));

async function call(route: RecordedRoute, authorization?: string) {
  const res = await app.http.inject({ method: route.method as 'GET', url: concrete(route.url), headers: authorization ? { authorization } : {}, ...(route.method === 'POST' ? { payload: {} } : {}) });
  return { status: res.statusCode, code: res.json()?.error?.code as string | undefined };
}

test('the desk registers the staff routes of every landed area', () => {
  const names = staffRoutes().map((r) => `${r.method} ${r.url}`);
  for (const expected of ['POST /api/counters/:id/next', 'GET /api/followups', 'GET /api/keys', 'POST /api/shift/reconcile', 'POST /api/complaints', 'POST /api/complaints/:id/close', 'POST /api/shift/handover', 'GET /api/shift/handover/latest']) assert.ok(names.includes(expected), `${expected} is registered`);
});

test('every staff route: no token, a made-up token, a malformed header → 401 and nothing happens', async () => {
  const before = app.store.lastSeq();
  for (const route of staffRoutes()) {
    for (const header of [undefined, 'Bearer made-up-token', 'Basic MDAxOjEyMzQ=', `Bearer${tokens['001']}`, `bearer ${tokens['001']}`]) {
      const res = await call(route, header);
      assert.equal(res, { status: 401, code: 'not_logged_in' }, `${route.method} ${route.url} with ${header ?? 'no header'}`);
    }
  }
  assert.is(app.store.lastSeq(), before, 'no event committed by a refused request');
});

test('every staff route: a logged-in member passes the door, or gets 403 when the route needs a role they lack', async () => {
  const roles: Record<string, StaffRole[]> = { '001': ['clerk', 'front_desk'], '900': ['manager', 'front_desk'], '800': ['engineering_manager'] };
  for (const route of staffRoutes()) {
    const needs = requiredRoles[`${route.method} ${route.url}`] ?? [];
    for (const [staff, token] of Object.entries(tokens)) {
      const res = await call(route, `Bearer ${token}`);
      assert.is.not(res.code, 'not_logged_in', `${staff} ${route.method} ${route.url}`);
      const allowed = needs.length === 0 || needs.some((r) => roles[staff].includes(r));
      if (allowed) assert.is.not(res.code, 'forbidden', `${staff} may ${route.method} ${route.url}`);
      else assert.equal([res.status, res.code], [403, 'forbidden'], `${staff} may not ${route.method} ${route.url}`);
    }
  }
});

test('a token expires after sessions.ttlMinutes on the desk clock; logout ends it at once', async () => {
  const route = { method: 'GET', url: '/api/followups' };
  const ttlMs = loaded.config.sessions.ttlMinutes * 60_000;
  const fresh = await app.http.inject({ method: 'POST', url: '/api/session', payload: { staff: '001', pin: '1234' } });
  const { token: t, expiresAt } = fresh.json();
  assert.is(new Date(expiresAt).getTime(), clock.now() + ttlMs, 'expiresAt says when');
  clock.advance(ttlMs - 1000);
  assert.is((await call(route, `Bearer ${t}`)).status, 200, 'still valid a second before');
  clock.advance(1000);
  assert.equal(await call(route, `Bearer ${t}`), { status: 401, code: 'not_logged_in' }, 'expired on the dot');
  // Logout: a fresh session, ended by DELETE /api/session, no longer opens anything.
  const again = (await app.http.inject({ method: 'POST', url: '/api/session', payload: { staff: '001', pin: '1234' } })).json().token;
  assert.is((await call(route, `Bearer ${again}`)).status, 200);
  await app.http.inject({ method: 'DELETE', url: '/api/session', headers: { authorization: `Bearer ${again}` } });
  assert.is((await call(route, `Bearer ${again}`)).status, 401);
});

test('the ticket status page shows only that ticket, never contact data, and ids are not guessable', async () => {
  const issued = await app.http.inject({ method: 'POST', url: '/api/tickets', payload: { service: 'transaction', member: 'M0001', phone: '13800138000' } });
  assert.is(issued.statusCode, 201);
  const { id } = issued.json().ticket;
  assert.match(id, /^[a-z2-9]{10}$/);
  for (const url of [`/api/tickets/${id}`, '/api/queue', `/api/tickets/${id}/rating`]) {
    const text = (await app.http.inject({ method: 'GET', url })).body;
    assert.not.ok(text.includes('13800138000') || text.includes('M0001'), `${url} carries no contact data`);
  }
  const other = await app.http.inject({ method: 'GET', url: `/api/tickets/${id.slice(0, -1)}${id.endsWith('a') ? 'b' : 'a'}` });
  assert.is(other.statusCode, 404, 'a neighbouring id reveals nothing');
});

test.run();
