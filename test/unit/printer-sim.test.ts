import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { printerSchema } from '../../config/schema/devices.js';
import { createPrinter, NoPrinter, SerialPrinter, SimPrinter, ticketText } from '../../devices/printer/index.js';
import { sampleTicket } from '../fixtures/sample-ticket.js';

const ticket = sampleTicket;

const fixedNow = () => Date.parse('2026-11-24T01:31:00Z');

test('the sim printer is ok and keeps what it printed, read back from the bytes', async () => {
  const printer = new SimPrinter(fixedNow);
  await printer.start();
  assert.equal(printer.status, { state: 'ok', detail: 'simulated printer', since: '2026-11-24T01:31:00.000Z' });
  const result = await printer.print(ticket);
  assert.ok(result.printed && result.bytes > 300 && result.bytes < 600);
  const [last] = printer.lastPrintouts();
  assert.equal(last.text, ticketText(ticket));
  assert.equal(last.qr.map((q) => q.data), [ticket.qrUrl]);
  assert.is(last.number, 'A012');
  assert.is(last.cut, true);
  assert.is(last.at, '2026-11-24T01:31:00.000Z');
  assert.is(last.lines.find((l) => l.text === 'A012')!.width, 2);
});

test('the sim keeps the last N, newest first', async () => {
  const printer = new SimPrinter(fixedNow, 3);
  await printer.start();
  for (const n of ['A001', 'A002', 'A003', 'A004', 'A005']) await printer.print({ ...ticket, number: n });
  assert.equal(printer.lastPrintouts().map((p) => p.number), ['A005', 'A004', 'A003']);
});

test('simulate paper out / cover open / near end / ok', async () => {
  const printer = new SimPrinter(fixedNow);
  const states: string[] = [];
  printer.on('state', (s) => states.push(`${s.state}: ${s.detail}`));
  await printer.start();
  printer.simulate('paper_out');
  assert.equal(await printer.print(ticket), { printed: false, reason: 'printer fault: paper out (simulated)' });
  printer.simulate('cover_open');
  printer.simulate('paper_near_end');
  assert.is((await printer.print(ticket)).printed, true);
  printer.simulate('ok');
  assert.equal(states, [
    'ok: simulated printer',
    'fault: paper out (simulated)',
    'fault: cover open (simulated)',
    'degraded: paper near end (simulated)',
    'ok: simulated printer',
  ]);
  assert.is(printer.lastPrintouts().length, 1);
});

test('createPrinter builds the configured kind, from the FRONTDESK_PRINTER forms too', async () => {
  const sim = createPrinter(printerSchema.parse('sim'), { now: fixedNow });
  assert.instance(sim, SimPrinter);
  assert.equal([sim.id, sim.kind], ['printer', 'printer']);

  const serial = createPrinter(printerSchema.parse('serial:/dev/ttyUSB9@9600'), { now: fixedNow });
  assert.instance(serial, SerialPrinter);
  assert.equal([serial.id, serial.kind, serial.status.state], ['printer', 'printer', 'offline']);

  const none = createPrinter(printerSchema.parse('none'));
  assert.instance(none, NoPrinter);
  await none.start();
  assert.equal([none.status.state, none.status.detail], ['offline', 'no printer configured']);
  assert.equal(await none.print(ticket), { printed: false, reason: 'no printer configured' });
  await none.stop();
});

test('a serial printer on a path that does not exist is offline, not a crash', async () => {
  const printer = createPrinter({ kind: 'serial', path: '/dev/frontdesk-no-such-port', baud: 38400, statusPollMs: 1000 });
  await printer.start();
  assert.is(printer.status.state, 'offline');
  assert.match(printer.status.detail, /cannot open \/dev\/frontdesk-no-such-port/);
  assert.equal(await printer.print(ticket), { printed: false, reason: `printer offline: ${printer.status.detail}` });
  await printer.stop();
});

test.run();
