import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { jsonApi, RawBody } from '../fixtures/http.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

const api = suite('queue HTTP API');
const loaded = testLoadedConfig({ devices: { printer: 'sim' } });
let app: RunningApp;

const call = jsonApi(() => app.url);

const eventCount = () => app.store.lastSeq();
let token = '';

api.before(async () => {
  app = await startApp(loaded, { log: silentLogger, features: [queueFeature()] });
});

api.after(async () => {
  await app.close();
  loaded.cleanup();
});

api('a customer takes a number: committed, printed, with position and estimate', async () => {
  const first = await call('POST', '/api/tickets', { service: 'transaction' });
  assert.is(first.status, 201);
  assert.is(first.body.ticket.number, 'A001');
  assert.is(first.body.ticket.ahead, 0);
  assert.is(first.body.ticket.printed, true);
  assert.match(first.body.ticket.qrUrl, new RegExp(`/t/${first.body.ticket.id}$`));
  const second = await call('POST', '/api/tickets', { service: 'transaction' });
  assert.is(second.body.ticket.number, 'A002');
  assert.is(second.body.ticket.ahead, 1);
  // default 300 s per ticket, two open counters serve A: 1 × 300 / 2
  assert.is(second.body.ticket.estimatedWaitSec, 150);
  const status = await call('GET', `/api/tickets/${second.body.ticket.id}`);
  assert.equal([status.body.ticket.state, status.body.ticket.ahead, status.body.ticket.printed], ['waiting', 1, true]);
});

api('bad input gets a readable 4xx and changes nothing', async () => {
  const before = eventCount();
  const cases: [string, string, unknown, number, string][] = [
    ['POST', '/api/tickets', { service: 'nope' }, 404, 'unknown_service'],
    ['POST', '/api/tickets', {}, 400, 'missing_field'],
    ['POST', '/api/tickets', { service: 42 }, 400, 'invalid_field'],
    ['POST', '/api/tickets', [], 400, 'bad_request'],
    ['POST', '/api/tickets', new RawBody('{"service": '), 400, 'malformed_json'],
    ['POST', '/api/tickets', new RawBody(JSON.stringify({ service: 'x'.repeat(70_000) })), 413, 'body_too_large'],
    ['POST', '/api/session', { staff: '001', pin: '0000' }, 401, 'wrong_pin'],
    ['POST', '/api/counters/1/next', {}, 401, 'not_logged_in'],
    ['GET', '/api/tickets/doesnotexist', undefined, 404, 'unknown_ticket'],
    ['GET', '/api/no/such/route', undefined, 404, 'not_found'],
  ];
  for (const [method, path, body, status, code] of cases) {
    const res = await call(method, path, body);
    assert.is(res.status, status, `${method} ${path} ${body instanceof RawBody ? body.text.slice(0, 20) : JSON.stringify(body)}`);
    assert.is(res.body.error.code, code);
    assert.type(res.body.error.message, 'string');
    assert.ok(res.body.error.message.length > 5);
  }
  assert.is(eventCount(), before, 'no event was committed by bad input');
});

api('staff log in and work the counter; the queue shows it', async () => {
  const session = await call('POST', '/api/session', { staff: '001', pin: '1234' });
  assert.is(session.status, 200);
  token = session.body.token;
  assert.is(session.body.staff.name, '张敏');
  const next = await call('POST', '/api/counters/1/next', {}, token);
  assert.is(next.body.ticket.number, 'A001');
  assert.is(next.body.ticket.state, 'called');
  const queue = await call('GET', '/api/queue');
  const counter = queue.body.counters.find((c: { id: string }) => c.id === '1');
  assert.is(counter.serving.number, 'A001');
  assert.equal(counter.next.map((t: { number: string }) => t.number), ['A002']);
  assert.is(queue.body.recentCalls[0].number, 'A001');
  assert.is((await call('POST', '/api/counters/1/skip', {}, token)).body.error.code, 'recall_first');
  assert.is((await call('POST', '/api/counters/1/transfer', { service: 'nope' }, token)).status, 404);
  assert.is((await call('POST', '/api/counters/9/next', {}, token)).status, 404);
  const finish = await call('POST', '/api/counters/1/finish', {}, token);
  assert.is(finish.body.ticket.state, 'finished');
});

api('live events stream committed events to the UI', async () => {
  const controller = new AbortController();
  const res = await fetch(app.url + '/api/events', { signal: controller.signal });
  const reader = res.body!.getReader();
  await call('POST', '/api/counters/1/next', {}, token);
  let text = '';
  while (!text.includes('ticket.called')) text += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  const data = JSON.parse(text.split('\n').find((l) => l.startsWith('data: {') && l.includes('ticket.called'))!.slice(6));
  assert.is(data.payload.number, 'A002');
  assert.type(data.id, 'string');
  assert.type(data.seq, 'number');
});

api('a restart restores the same state (and closing does not wait for open event streams)', async () => {
  assert.is((await call('POST', '/api/counters/1/recall', {}, token)).status, 200);
  const before = (await call('GET', '/api/queue')).body;
  assert.is(before.recentCalls.length, 3, 'A001, A002 and the recall of A002');
  const stream = await fetch(app.url + '/api/events');
  const reader = stream.body!.getReader();
  await reader.read();
  await app.close();
  assert.ok((await reader.read().catch(() => ({ done: true }))).done, 'the stream was ended by the shutdown');
  app = await startApp(loaded, { log: silentLogger, features: [queueFeature()] });
  const after = (await call('GET', '/api/queue')).body;
  assert.equal(after.counters, before.counters);
  assert.equal(after.recentCalls, before.recentCalls);
  const next = await call('POST', '/api/tickets', { service: 'transaction' });
  assert.is(next.body.ticket.number, 'A003', 'numbering continues after the restart');
});

api('printer down: the number is still issued, marked unprinted, and the fault shows in health', async () => {
  token = (await call('POST', '/api/session', { staff: '001', pin: '1234' })).body.token; // sessions end with a restart
  assert.is((await call('GET', '/api/printer/printouts')).status, 401, 'printouts carry ticket ids: staff only');
  const printouts = await call('GET', '/api/printer/printouts', undefined, token);
  assert.ok(printouts.body.printouts.length >= 1);
  assert.ok(printouts.body.printouts[0].text.some((line: string) => line.includes('A00')), 'the simulated ticket carries its number');
  assert.is((await call('POST', '/api/printer/simulate', { condition: 'paper_out' })).status, 401);
  assert.is((await call('POST', '/api/printer/simulate', { condition: 'on_fire' }, token)).status, 400);
  assert.is((await call('POST', '/api/printer/simulate', { condition: 'paper_out' }, token)).status, 200);
  const health = await call('GET', '/api/health');
  assert.is(health.body.status, 'degraded');
  assert.is(health.body.devices.printer.state, 'fault');
  const issued = await call('POST', '/api/tickets', { service: 'consultation' });
  assert.is(issued.status, 201);
  assert.is(issued.body.ticket.printed, false);
  assert.type(issued.body.ticket.printError, 'string');
  const faults = app.store.readAfter(0, 10_000).filter((e) => e.type === 'device.fault');
  assert.is(faults.at(-1)!.payload.device, 'printer');
  await call('POST', '/api/printer/simulate', { condition: 'ok' }, token);
  assert.is(app.store.readAfter(0, 10_000).filter((e) => e.type === 'device.recovered').at(-1)!.payload.device, 'printer');
  const status = await call('GET', `/api/tickets/${issued.body.ticket.id}`);
  assert.is(status.body.ticket.printed, false, 'the mark survives: committed but not printed');
});

api('a device switched off by config does not degrade health', async () => {
  const health = await call('GET', '/api/health');
  assert.is(health.body.status, 'ok');
  await app.close();
  const noPrinter = testLoadedConfig({ devices: { printer: 'none' } });
  app = await startApp(noPrinter, { log: silentLogger, features: [queueFeature()] });
  const quiet = await call('GET', '/api/health');
  assert.equal([quiet.body.status, quiet.body.devices.printer.state, quiet.body.devices.printer.disabled], ['ok', 'offline', true]);
  const issued = await call('POST', '/api/tickets', { service: 'transaction' });
  assert.equal([issued.status, issued.body.ticket.printed], [201, false]);
  assert.is(app.store.readAfter(0, 100).filter((e) => e.type === 'device.fault').length, 0, 'no fault event for a printer that is off');
  await app.close();
  noPrinter.cleanup();
  app = await startApp(loaded, { log: silentLogger, features: [queueFeature()] });
});

api('repeated wrong PINs lock the staff number out', async () => {
  for (let i = 0; i < 5; i++) await call('POST', '/api/session', { staff: '002', pin: '0000' });
  const locked = await call('POST', '/api/session', { staff: '002', pin: '5678' });
  assert.is(locked.status, 429);
  assert.is(locked.body.error.code, 'locked_out');
});

api.run();
