import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { Device } from '../../devices/device.js';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { FakePrinter } from '../fixtures/fake-printer.js';
import { jsonApi } from '../fixtures/http.js';
import { openPtyPair, type PtyPair } from '../fixtures/pty-pair.js';
import { testLoadedConfig } from '../fixtures/test-config.js';
import { deviceState, waitFor } from '../fixtures/wait.js';

/**
 * Reprint from /desk through the real serial driver, to a fake printer on a real pty (socat):
 * tickets issued while the paper was out are listed, refused while it is still out, and printed
 * with their own number and QR code once it is back — never another customer's.
 */

let pty: PtyPair;
let fake: FakePrinter;
let app: RunningApp;
let token = '';
let config: ReturnType<typeof testLoadedConfig>;
const api = jsonApi(() => app.url);
const staff = (method: string, path: string, body?: unknown) => api(method, path, body, token);
const printer = () => app.context.services.get('printer') as Device;

test.before(async () => {
  pty = await openPtyPair('reprint');
  fake = new FakePrinter(pty.peerPath);
  await fake.start();
  config = testLoadedConfig({ devices: { printer: { kind: 'serial', path: pty.devicePath, baud: 38400, statusPollMs: 200 } } });
  app = await startApp(config, { log: silentLogger, features: [queueFeature()] });
  await deviceState(printer(), 'ok');
  token = (await api('POST', '/api/session', { staff: '001', pin: '1234' })).body.token;
});

test.after(async () => {
  await app?.close();
  await fake?.stop();
  await pty?.close();
  config?.cleanup();
});

const issue = async (phone: string) => {
  const res = await api('POST', '/api/tickets', { service: 'transaction', phone });
  assert.is(res.status, 201);
  return res.body.ticket as { id: string; number: string; printed: boolean };
};
const printedEvents = () => app.store.readAfter(0, 10_000).filter((e) => e.type === 'ticket.printed');

test('tickets issued while the paper is out are listed, refused until it is back, then printed each with its own data', async () => {
  const before = await issue('13800000001');
  assert.ok(before.printed);
  await waitFor(() => fake.tickets.length === 1, 'the printer works before it runs out');

  await fake.setPaper('out');
  await deviceState(printer(), 'fault');
  const b = await issue('13800000002');
  const c = await issue('13800000003');
  assert.equal([b.printed, c.printed], [false, false]);

  const listed = await staff('GET', '/api/printer/unprinted');
  assert.is(listed.status, 200);
  assert.equal(listed.body.tickets.map((t: { id: string; number: string; ahead: number }) => [t.id, t.number, t.ahead]), [[b.id, b.number, 1], [c.id, c.number, 2]]);
  assert.not.ok(JSON.stringify(listed.body).includes('138000000'), 'no contact on the list');

  const seq = app.store.lastSeq();
  const refused = await staff('POST', '/api/printer/reprint', { ticket: b.id });
  assert.equal([refused.status, refused.body.error.code], [503, 'printer_unavailable']);
  assert.match(refused.body.error.message, /打印机.*·.*printer/);
  assert.is(app.store.lastSeq(), seq, 'a refused reprint records nothing');

  await fake.setPaper('ok');
  await deviceState(printer(), 'ok');
  const printedBefore = fake.tickets.length;
  // Both at once: the driver prints one after the other, each paper from its own ticket.
  const answers = await Promise.all([b, c].map((t) => staff('POST', '/api/printer/reprint', { ticket: t.id })));
  assert.equal(answers.map((a) => [a.status, a.body.ticket.number, a.body.ticket.printed]), [[200, b.number, true], [200, c.number, true]]);
  await waitFor(() => fake.tickets.length === printedBefore + 2, 'two papers out');
  const papers = fake.tickets.slice(printedBefore);
  for (const [paper, ticket] of [[papers[0], b], [papers[1], c]] as const) {
    const numbers = paper.text.filter((line) => /^[A-Z]\d{3}$/.test(line));
    assert.equal(numbers, [ticket.number], 'the paper carries this ticket\'s number only');
    assert.equal(paper.qr.map((q) => q.data.split('/t/')[1]), [ticket.id], 'and its own status page');
    assert.not.ok(paper.text.join(' ').includes('13800000'), 'never a phone number');
  }
  assert.match(papers[1].text.join('\n'), /前面还有 2 人/, 'its own place in the queue');

  const events = printedEvents().filter((e) => e.payload.reprintedBy);
  assert.equal(events.map((e) => [e.payload.ticketId, e.payload.reprintedBy]), [[b.id, '001'], [c.id, '001']]);
  assert.equal((await staff('GET', '/api/printer/unprinted')).body.tickets, []);
  assert.equal((await api('GET', `/api/tickets/${b.id}`)).body.ticket.printed, true);
});

test('a reprint asks for staff, a known waiting ticket, and only once', async () => {
  const waiting = (await staff('GET', '/api/printer/unprinted')).body.tickets;
  assert.equal(waiting, []);
  assert.is((await api('GET', '/api/printer/unprinted')).status, 401);
  assert.is((await api('POST', '/api/printer/reprint', { ticket: 'x' })).status, 401);
  const seq = app.store.lastSeq();
  for (const [body, status, code] of [
    [{}, 400, 'missing_field'],
    [{ ticket: 'nope' }, 404, 'unknown_ticket'],
  ] as const) {
    const res = await staff('POST', '/api/printer/reprint', body);
    assert.equal([res.status, res.body.error.code], [status, code], JSON.stringify(body));
  }
  const printed = printedEvents()[0].payload.ticketId;
  const again = await staff('POST', '/api/printer/reprint', { ticket: printed });
  assert.equal([again.status, again.body.error.code], [409, 'already_printed']);
  assert.match(again.body.error.message, /已打印.*·.*printed already/);
  assert.is(app.store.lastSeq(), seq);
});

test.run();
