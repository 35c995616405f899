// The customers' listener (http.public): a phone on the customers' Wi-Fi opens the ticket status
// page from the QR code, and reaches nothing else — no staff login, no counters, no event stream.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { isLoopbackBaseUrl } from '../../firmware-bridge/http/public-listener.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { createFeatures } from '../../firmware-bridge/desk.js';
import { ensureUiBuilt } from '../fixtures/browser.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

const test = suite('public listener');
let app: RunningApp;
let loaded: ReturnType<typeof testLoadedConfig>;
let publicUrl = '';
let token = '';

async function staffCall(method: string, path: string, body?: unknown) {
  const res = await app.http.inject({ method: method as 'GET', url: path, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(body !== undefined ? { payload: body as object } : {}) });
  return { status: res.statusCode, body: res.json() };
}

test.before(async () => {
  ensureUiBuilt();
  loaded = testLoadedConfig({ devices: { printer: 'sim' }, http: { public: { host: '127.0.0.1', port: 0, rateLimitPerMinute: 40 } } });
  app = await startApp(loaded, { log: silentLogger, features: createFeatures() });
  token = (await staffCall('POST', '/api/session', { staff: '001', pin: '1234' })).body.token;
  // With no publicBaseUrl, QR codes point at the public listener: that is how the test finds it.
  const links = (await staffCall('GET', '/api/ticket-links')).body;
  publicUrl = links.baseUrl;
  assert.is.not(publicUrl, app.url);
  assert.is(links.loopback, true, 'bound to 127.0.0.1: /desk must warn that phones cannot open it');
});

test.after(async () => {
  await app?.close();
  loaded?.cleanup();
});

test('a ticket issued on the desk carries the public address in its QR code, and the page and its data answer there', async () => {
  const issued = (await staffCall('POST', '/api/tickets', { service: 'transaction', phone: '13800138000' })).body.ticket;
  assert.ok(issued.qrUrl.startsWith(`${publicUrl}/t/`), issued.qrUrl);
  const page = await fetch(issued.qrUrl);
  assert.is(page.status, 200);
  const html = await page.text();
  assert.match(html, /<app-shell>/);
  const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] ?? `/assets/${readdirSync(resolve('kiosk-ui/dist/assets')).find((f) => f.endsWith('.js'))}`;
  assert.is((await fetch(publicUrl + script)).status, 200, script);
  const ticket = await fetch(`${publicUrl}/api/tickets/${issued.id}`);
  assert.is(ticket.status, 200);
  const body = await ticket.json();
  assert.is(body.ticket.number, issued.number);
  assert.not.match(JSON.stringify(body), /13800138000/, 'no contact data on the public page');
  assert.is((await fetch(`${publicUrl}/api/tickets/nosuchticket`)).status, 404);
});

test('staff routes, the kiosk and the full event stream are 404 on the public listener', async () => {
  const refused: [string, string, unknown?][] = [
    ['POST', '/api/session', { staff: '001', pin: '1234' }],
    ['GET', '/api/queue'],
    ['GET', '/api/events'],
    ['GET', '/api/health'],
    ['POST', '/api/tickets', { service: 'transaction' }],
    ['POST', '/api/counters/1/next', {}],
    ['GET', '/api/counters/1/clerk'],
    ['GET', '/api/followups'],
    ['GET', '/api/stats/today'],
    ['GET', '/api/ticket-links'],
    ['POST', '/api/ratings', { counter: '1', score: 'satisfied' }],
    ['GET', '/kiosk'],
    ['GET', '/desk'],
    ['GET', '/'],
    ['GET', '/sw.js'],
  ];
  const before = app.store.lastSeq();
  for (const [method, path, body] of refused) {
    const res = await fetch(publicUrl + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.is(res.status, 404, `${method} ${path}`);
    const answer = await res.json();
    assert.is(answer.error.code, 'not_found');
  }
  assert.is(app.store.lastSeq(), before, 'nothing was recorded through the public port, even with a staff token');
});

test("a ticket's change stream ticks when the queue moves, without payload", async () => {
  const issued = (await staffCall('POST', '/api/tickets', { service: 'consultation' })).body.ticket;
  const controller = new AbortController();
  const res = await fetch(`${publicUrl}/api/tickets/${issued.id}/events`, { signal: controller.signal });
  assert.is(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
  const reader = res.body!.getReader();
  let text = '';
  const read = (async () => {
    while (!/data:/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  })();
  await staffCall('POST', '/api/counters/2/next', {});
  await Promise.race([read, new Promise((_, reject) => setTimeout(() => reject(new Error(`no tick: ${text}`)), 3000))]);
  controller.abort();
  assert.match(text, /data: \{"changed":true\}/);
  assert.not.match(text, new RegExp(issued.number), 'the tick says nothing about tickets');
});

test('the public listener is rate-limited per address, page and assets included', async () => {
  let limited = 0;
  for (let i = 0; i < 45; i++) if ((await fetch(`${publicUrl}/t/abcdef`)).status === 429) limited++;
  assert.ok(limited > 0, 'some requests were refused');
  const res = await fetch(`${publicUrl}/api/tickets/abcdef`);
  assert.is(res.status, 429);
  assert.ok(Number(res.headers.get('retry-after')) >= 1);
});

test('loopback QR addresses are recognised', () => {
  for (const url of ['http://127.0.0.1:8080', 'http://localhost:8080', 'http://0.0.0.0:8081', 'http://[::1]:8080']) assert.ok(isLoopbackBaseUrl(url), url);
  for (const url of ['http://192.168.1.20:8081', 'https://queue.example.org']) assert.not.ok(isLoopbackBaseUrl(url), url);
});

test.run();
