import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { SerialPortMock } from 'serialport';
import { parseEscPos } from '../../devices/printer/escpos-parser.js';
import { SerialPrinter, type SerialPortClass } from '../../devices/printer/serial-printer.js';
import { encodeStatus } from '../../devices/printer/status-decoder.js';
import { layoutTicket, ticketText } from '../../devices/printer/ticket-layout.js';
import { sampleTicket } from '../fixtures/sample-ticket.js';
import { deviceState, waitFor } from '../fixtures/wait.js';

const ticket = sampleTicket;

type MockBindingPort = NonNullable<SerialPortMock['port']>;

/** A printer behind SerialPortMock: answers DLE EOT from `conditions`, records everything else. */
function mockPrinter() {
  const conditions = { paper: 'ok' as 'ok' | 'near_end' | 'out', coverOpen: false, answer: 'status' as 'status' | 'nothing' | 'garbage' };
  const received: Buffer[] = [];
  const ports: MockPort[] = [];
  class MockPort extends SerialPortMock {
    constructor(options: { path: string; baudRate: number; autoOpen: false }) {
      super(options);
      ports.push(this);
      this.on('open', () => {
        const binding = this.port!;
        const write = binding.write.bind(binding);
        binding.write = async (data: Buffer) => {
          await write(data);
          received.push(Buffer.from(data));
          if (data.length === 3 && data[0] === 0x10 && data[1] === 0x04) answer(binding, data[2]);
        };
      });
    }
  }
  function answer(binding: MockBindingPort, n: number): void {
    if (conditions.answer === 'nothing') return;
    const s = encodeStatus({ paperOut: conditions.paper === 'out', paperNearEnd: conditions.paper === 'near_end', coverOpen: conditions.coverOpen });
    const byte = conditions.answer === 'garbage' ? 0xff : n === 1 ? s.printer : n === 2 ? s.offlineCause : s.paperSensor;
    setImmediate(() => binding.isOpen && binding.emitData(Buffer.from([byte])));
  }
  /** Bytes received, without the status queries. */
  const printed = () => Buffer.concat(received.filter((b) => !(b.length === 3 && b[0] === 0x10 && b[1] === 0x04)));
  const queries = () => received.filter((b) => b.length === 3 && b[0] === 0x10 && b[1] === 0x04).length;
  return { conditions, received, printed, queries, ports, Port: MockPort as unknown as SerialPortClass };
}

let pathCounter = 0;
function setup(options: { createPort?: boolean; statusPollMs?: number } = {}) {
  const path = `/dev/ttyMOCK${++pathCounter}`;
  if (options.createPort !== false) SerialPortMock.binding.createPort(path);
  const mock = mockPrinter();
  const printer = new SerialPrinter({
    path,
    baudRate: 38400,
    statusPollMs: options.statusPollMs ?? 30,
    answerTimeoutMs: 60,
    reconnectMinMs: 10,
    reconnectMaxMs: 40,
    SerialPortClass: mock.Port,
  });
  return { path, printer, mock };
}

const running: SerialPrinter[] = [];
test.after.each(async () => {
  while (running.length) await running.pop()!.stop();
});
async function started(options?: Parameters<typeof setup>[0]) {
  const s = setup(options);
  running.push(s.printer);
  await s.printer.start();
  return s;
}

test('opens the port, polls status, becomes ok and prints a ticket', async () => {
  const { printer, mock } = await started();
  await deviceState(printer, 'ok');
  assert.ok(mock.queries() >= 3);
  const result = await printer.print(ticket);
  assert.equal(result, { printed: true, bytes: layoutTicket(ticket).length });
  const doc = parseEscPos(mock.printed());
  assert.equal(doc.text, ticketText(ticket));
  assert.equal(doc.qr.map((q) => q.data), [ticket.qrUrl]);
  assert.is(doc.cuts, 1);
});

test('paper near end is degraded and still prints', async () => {
  const { printer, mock } = await started();
  mock.conditions.paper = 'near_end';
  const s = await deviceState(printer, 'degraded');
  assert.is(s.detail, 'paper near end');
  assert.is((await printer.print(ticket)).printed, true);
});

test('paper out and cover open are faults; a ticket is refused, nothing is written', async () => {
  const { printer, mock } = await started();
  await deviceState(printer, 'ok');
  mock.conditions.paper = 'out';
  assert.is((await deviceState(printer, 'fault')).detail, 'paper out');
  const result = await printer.print(ticket);
  assert.equal(result, { printed: false, reason: 'printer fault: paper out' });
  assert.is(mock.printed().length, 0);
  mock.conditions.paper = 'ok';
  await deviceState(printer, 'ok');
  mock.conditions.coverOpen = true;
  assert.is((await deviceState(printer, 'fault')).detail, 'cover open');
});

test('no answer means offline; answers again mean ok again', async () => {
  const { printer, mock } = await started();
  await deviceState(printer, 'ok');
  mock.conditions.answer = 'nothing';
  assert.is((await deviceState(printer, 'offline')).detail, 'no answer to status query');
  const refused = await printer.print(ticket);
  assert.equal(refused, { printed: false, reason: 'printer offline: no answer to status query' });
  mock.conditions.answer = 'status';
  await deviceState(printer, 'ok');
});

test('garbage answers are not read as a status', async () => {
  const seen: string[] = [];
  const { printer, mock } = setup();
  running.push(printer);
  printer.on('state', (s) => seen.push(s.state));
  mock.conditions.answer = 'garbage';
  await printer.start();
  await waitFor(() => printer.status.detail === 'no answer to status query', 'the first unanswered query', { timeoutMs: 3000, everyMs: 1 });
  await waitFor(() => mock.queries() >= 4, 'a second poll', { timeoutMs: 3000, everyMs: 1 });
  assert.equal([...new Set(seen)], ['offline']);
  assert.is(printer.printerStatus, null);
});

test('a missing port is offline, and the printer connects by itself when it appears', async () => {
  const { printer, path } = await started({ createPort: false });
  assert.is(printer.status.state, 'offline');
  assert.match(printer.status.detail, /cannot open/);
  SerialPortMock.binding.createPort(path);
  await deviceState(printer, 'ok');
});

test('a disconnect (read error) is offline; it reconnects without a restart', async () => {
  const { printer, path, mock } = await started();
  await deviceState(printer, 'ok');
  const offline = deviceState(printer, 'offline');
  // The adapter is pulled: the read fails and the path is gone
  const binding = mock.ports[mock.ports.length - 1].port as unknown as { pendingRead: ((err: Error) => void) | null };
  // (the stream re-arms its read just after each answer; wait until one is waiting)
  for (let i = 0; i < 1000 && !binding.pendingRead; i++) await new Promise((r) => setImmediate(r));
  assert.ok(binding.pendingRead, 'a read is pending');
  SerialPortMock.binding.reset();
  binding.pendingRead(new Error('EIO: device gone'));
  assert.match((await offline).detail, /disconnected/);
  const attempts = mock.ports.length;
  await waitFor(() => mock.ports.length >= attempts + 3, 'three failed reopen attempts', { timeoutMs: 3000, everyMs: 1 });
  assert.is(printer.status.state, 'offline');
  assert.match(printer.status.detail, /cannot open/);
  SerialPortMock.binding.createPort(path);
  await deviceState(printer, 'ok');
  assert.is((await printer.print(ticket)).printed, true);
});

test('prints run one at a time, in order, never interleaved with status polls', async () => {
  const { printer, mock } = await started({ statusPollMs: 5 });
  await deviceState(printer, 'ok');
  const numbers = ['A001', 'A002', 'A003', 'A004'];
  const results = await Promise.all(numbers.map((number) => printer.print({ ...ticket, number })));
  assert.ok(results.every((r) => r.printed));
  const tickets = mock.received.filter((b) => !(b.length === 3 && b[0] === 0x10));
  assert.is(tickets.length, 4); // each ticket is one whole write
  assert.equal(tickets.map((b) => parseEscPos(b).text[2]), numbers);
});

test('right after a ticket the status is read again', async () => {
  const { printer, mock } = await started({ statusPollMs: 60000 });
  await deviceState(printer, 'ok');
  mock.conditions.paper = 'out'; // runs out during this ticket
  assert.is((await printer.print(ticket)).printed, true);
  assert.is((await deviceState(printer, 'fault', 1000)).detail, 'paper out');
});

test('print never throws: a ticket that cannot be laid out is refused with a reason', async () => {
  const { printer } = await started();
  await deviceState(printer, 'ok');
  const result = await printer.print({ ...ticket, qrUrl: '' });
  assert.equal(result, { printed: false, reason: 'ticket could not be laid out: QR data is empty' });
  assert.is((await printer.print(ticket)).printed, true);
});

test("a port 'error' event does not crash; stop refuses further tickets", async () => {
  const { printer, mock } = await started();
  await deviceState(printer, 'ok');
  mock.ports[mock.ports.length - 1].emit('error', new Error('EIO'));
  await printer.stop();
  assert.equal(printer.status.state, 'offline');
  assert.equal(await printer.print(ticket), { printed: false, reason: 'printer stopped' });
});

test.run();
