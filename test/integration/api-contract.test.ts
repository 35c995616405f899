import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { apiDocFile, renderApiDoc, type OpenApiDocument } from '../../scripts/api-doc.js';
import { createFeatures } from '../../firmware-bridge/desk.js';
import { routeRecorder } from '../fixtures/route-recorder.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/**
 * The HTTP contract is declared once, as zod schemas next to each feature's routes: the OpenAPI
 * document the service serves, docs/api.md and the UI's types all come from it.
 */
const loaded = testLoadedConfig({ devices: { printer: 'sim' } });
const recorder = routeRecorder();
let app: RunningApp;
let doc: OpenApiDocument;
let token: string;

/** Registered before features start, so the recorder cannot see them. */
const coreRoutes = ['GET /api/health', 'GET /api/config/public', 'POST /api/session', 'DELETE /api/session', 'GET /api/events', 'GET /api/openapi.json', 'GET /api/tickets/:id/events', 'GET /api/ticket-links', 'GET /api/counters/:id/clerk'];
/** Routes that answer something other than JSON: the event streams and the document itself. */
const notJson = new Set(['GET /api/events', 'GET /api/openapi.json', 'GET /api/tickets/:id/events', 'GET /metrics']);

test.before(async () => {
  app = await startApp(loaded, { clock: new FakeClock('2026-11-24T10:00:00+08:00'), log: silentLogger, features: [recorder, ...createFeatures()] });
  const res = await app.http.inject({ method: 'GET', url: '/api/openapi.json' });
  assert.is(res.statusCode, 200, 'the document is public');
  doc = res.json();
  token = (await app.http.inject({ method: 'POST', url: '/api/session', payload: { staff: '001', pin: '1234' } })).json().token;
});

test.after(async () => {
  await app.close();
  loaded.cleanup();
});

const apiRoutes = () => [...coreRoutes, ...recorder.routes.filter((r) => r.url.startsWith('/api/') || r.url === '/metrics').map((r) => `${r.method} ${r.url}`)];
const documented = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`));

test('every registered API route is in the OpenAPI document, and nothing else is', () => {
  const routes = apiRoutes();
  assert.ok(routes.length >= 35, `${routes.length} routes registered`);
  const inDoc = new Set(documented());
  for (const route of routes) assert.ok(inDoc.has(route), `${route} is documented`);
  assert.equal([...inDoc].sort(), [...new Set(routes)].sort());
});

test('every JSON route declares its answer, and every route with input declares it', () => {
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      const name = `${method.toUpperCase()} ${path}`;
      const success = Object.entries(op.responses).filter(([status]) => /^2/.test(status));
      assert.ok(success.length > 0, `${name} declares a success answer`);
      if (!notJson.has(name.replace(/\{(\w+)\}/g, ':$1')))
        for (const [status, answer] of success) assert.ok(answer.content?.['application/json']?.schema, `${name} ${status} has a schema`);
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const p of pathParams) assert.ok(op.parameters?.some((d) => d.in === 'path' && d.name === p), `${name} declares :${p}`);
      // Actions on the thing the path names take no input: a counter's next call, a key's return, a test print.
      const bodyless = /\/counters\/\{id\}\/(next|recall|skip|finish|pause|resume)$/.test(path) || ['/api/keys/{keyId}/return', '/api/settings/printer/test'].includes(path);
      if (method === 'post' && !bodyless)
        assert.ok(op.requestBody, `${name} declares its body`);
    }
});

test('docs/api.md is the rendering of the served document (run `npm run docs:api` after changing a schema)', () => {
  const committed = readFileSync(apiDocFile, 'utf8');
  const fresh = renderApiDoc(doc);
  if (committed !== fresh) {
    const lines = [committed.split('\n'), fresh.split('\n')];
    const at = lines[0].findIndex((line, i) => line !== lines[1][i]);
    assert.unreachable(`docs/api.md is stale from line ${at + 1}: "${lines[0][at]}" ≠ "${lines[1][at]}"`);
  }
});

test('input that does not match a schema: 400 in the contract shape, bilingual, and nothing changes', async () => {
  const before = app.store.lastSeq();
  const auth = { authorization: `Bearer ${token}` };
  const cases: [string, string, unknown, string, RegExp][] = [
    ['POST', '/api/tickets', { service: '' }, 'missing_field', /service/],
    ['POST', '/api/tickets', { service: 'transaction', phone: 'call me' }, 'invalid_field', /phone/],
    ['POST', '/api/tickets', 'just text', 'bad_request', /JSON/],
    ['POST', '/api/keys/L001/handout', { card: 'M0001', holder: 7 }, 'invalid_field', /holder/],
    ['POST', '/api/keys/L001/handout', { reason: 'no one' }, 'card_or_holder_required', /card/],
    ['POST', '/api/shift/reconcile', { items: [{ keyId: 'L001', status: 'gone' }], handoverNote: 'x' }, 'invalid_field', /items\[0\]\.status.*returned, still_out, missing/],
    ['POST', '/api/keys/log/first/correct', { note: 'x' }, 'invalid_field', /seq/],
    ['GET', '/api/keys/log?limit=5000', undefined, 'invalid_field', /limit.*1000/],
    ['GET', '/api/schedule?date=2026-02-31', undefined, 'invalid_field', /date/],
    ['POST', '/api/audio', { action: 'volume', value: 130 }, 'invalid_field', /value.*100/],
    ['POST', '/api/audio', { action: 'louder' }, 'invalid_field', /pause, resume, skip, volume/],
    ['POST', '/api/counters/1/transfer', {}, 'missing_field', /service/],
    ['POST', '/api/followups/x/close', { outcome: 'shrug' }, 'invalid_field', /reached/],
    ['POST', '/api/complaints', { contact: '138' }, 'missing_field', /what/],
    ['POST', '/api/shift/handover', { outgoing: { staff: '001', pin: '1234' } }, 'missing_field', /incoming/],
    ['POST', '/api/bookings', { card: 'M0001', via: 'swipe' }, 'missing_field', /class/],
    ['GET', '/api/bookings?date=2026-02-31', undefined, 'invalid_field', /date/],
    ['DELETE', '/api/bookings/not-a-uuid', undefined, 'invalid_field', /id/],
    ['POST', '/api/guests', { name: '林来宾', phone: 'call me', purpose: '咨询' }, 'invalid_field', /phone/],
    ['PATCH', '/api/guests/00000000-0000-4000-8000-000000000000', {}, 'missing_field', /outcome/],
  ];
  for (const [method, url, body, code, mentions] of cases) {
    const res = await app.http.inject({ method: method as 'GET', url, headers: { ...auth, ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}) }, ...(body === undefined ? {} : { payload: typeof body === 'string' ? JSON.stringify(body) : (body as object) }) });
    const what = `${method} ${url} ${JSON.stringify(body)}`;
    assert.is(res.statusCode, 400, what);
    const { error } = res.json();
    assert.is(error.code, code, what);
    assert.match(error.message, mentions, what);
    assert.match(error.message, /[\u4e00-\u9fff].* · .*[A-Za-z]/, `${what}: "中文 · English"`);
  }
  assert.is(app.store.lastSeq(), before, 'no event committed by a refused request');
});

test('answers are what the schemas say: extra fields never leak, and a ticket\'s status page shows no contact data', async () => {
  const issued = await app.http.inject({ method: 'POST', url: '/api/tickets', payload: { service: 'transaction', phone: '13800138000', extra: 'ignored' } });
  assert.is(issued.statusCode, 201);
  const status = (await app.http.inject({ method: 'GET', url: `/api/tickets/${issued.json().ticket.id}` })).json().ticket;
  const declared = (doc.paths['/api/tickets/{id}'].get.responses['200'].content!['application/json'].schema.properties!.ticket.properties) as object;
  assert.equal(Object.keys(status).sort(), Object.keys(declared).sort());
  assert.not.ok(JSON.stringify(status).includes('13800138000'));
});

test.run();
