import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type { DeviceState } from '../../devices/device.js';
import { SerialPrinter } from '../../devices/printer/serial-printer.js';
import { layoutTicket, ticketText, type TicketPrintout } from '../../devices/printer/ticket-layout.js';
import { FakePrinter, spawnFakePrinter, type FakePrinterProcess } from '../fixtures/fake-printer.js';
import { openPtyPair, type PtyPair } from '../fixtures/pty-pair.js';
import { deviceState } from '../fixtures/wait.js';

/**
 * The serial driver against a fake printer over a REAL pty pair (socat): bytes really cross a
 * tty, status answers really come back, unplugging really closes file descriptors.
 */

const ticket: TicketPrintout = {
  siteName: { zh: '滨江区政务服务中心', en: 'Binjiang District Service Center' },
  number: 'A012',
  serviceName: { zh: '个人业务办理', en: 'Personal services' },
  issuedAt: '2026-11-24T01:30:05Z',
  timezone: 'Asia/Shanghai',
  ahead: 3,
  estimatedWaitSec: 420,
  qrUrl: 'http://192.168.1.50:8080/t/K7QX2MZ9RB',
};

const EXPECTED_LINES = [
  '滨江区政务服务中心',
  'Binjiang District Service Center',
  'A012',
  '个人业务办理',
  'Personal services',
  '取号时间 Time: 2026-11-24 09:30',
  '前面还有 3 人 / 3 ahead',
  '预计等待约 7 分钟 / about 7 min',
  '扫码查看进度 / Scan for your turn',
  '您好，请留意叫号，过号请重新取号。谢谢！',
  'Please listen for your number; if missed, take a new one. Thank you!',
];

let pair: PtyPair | null = null;
let fake: FakePrinter | null = null;
let child: FakePrinterProcess | null = null;
let printer: SerialPrinter | null = null;

async function rig(statusPollMs = 200) {
  pair = await openPtyPair('printer');
  fake = new FakePrinter(pair.peerPath);
  await fake.start();
  printer = new SerialPrinter({ path: pair.devicePath, baudRate: 38400, statusPollMs });
  await printer.start();
  await deviceState(printer, 'ok');
  return { pair, fake, printer };
}

test.after.each(async () => {
  await printer?.stop();
  await fake?.stop();
  await child?.stop();
  await pair?.close();
  printer = null;
  fake = null;
  child = null;
  pair = null;
});

test('a printed ticket arrives as exactly the expected Chinese lines, the QR and one cut', async () => {
  const { fake, printer } = await rig();
  const arrived = fake.waitForTicket();
  const result = await printer.print(ticket);
  assert.equal(result, { printed: true, bytes: layoutTicket(ticket).length });
  const received = await arrived;
  assert.equal(received.text, EXPECTED_LINES);
  assert.equal(received.text, ticketText(ticket));
  assert.equal(received.qr.map((q) => [q.data, q.model, q.errorCorrection]), [[ticket.qrUrl, 2, 'M']]);
  assert.is(received.cut, 'partial');
  assert.is(received.bytes, result.printed ? result.bytes : -1);
  assert.is(fake.tickets.length, 1);
  assert.ok(fake.statusQueries >= 3);
});

test('paper near end → degraded, and it still prints', async () => {
  const { fake, printer } = await rig();
  await fake.setPaper('near_end');
  assert.is((await deviceState(printer, 'degraded')).detail, 'paper near end');
  const arrived = fake.waitForTicket();
  assert.is((await printer.print(ticket)).printed, true);
  await arrived;
});

test('paper out → fault and the ticket is refused; paper back → ok', async () => {
  const { fake, printer } = await rig();
  await fake.setPaper('out');
  assert.is((await deviceState(printer, 'fault')).detail, 'paper out');
  assert.equal(await printer.print(ticket), { printed: false, reason: 'printer fault: paper out' });
  await fake.setPaper('ok');
  await deviceState(printer, 'ok');
  assert.is(fake.tickets.length, 0);
});

test('cover open → fault', async () => {
  const { fake, printer } = await rig();
  await fake.setCover(true);
  assert.is((await deviceState(printer, 'fault')).detail, 'cover open');
  await fake.setCover(false);
  await deviceState(printer, 'ok');
});

test('unplug → offline within 2 s (at the default 1 s poll); replug → ok again, same driver', async () => {
  const { fake, printer } = await rig(1000);
  const unplugged = Date.now();
  await fake.unplug();
  const offline = await deviceState(printer, 'offline');
  const took = Date.now() - unplugged;
  assert.ok(took < 2000, `offline after ${took} ms`);
  assert.is(offline.detail, 'no answer to status query');
  assert.equal(await printer.print(ticket), { printed: false, reason: 'printer offline: no answer to status query' });
  await fake.replug();
  await deviceState(printer, 'ok');
  const arrived = fake.waitForTicket();
  assert.is((await printer.print(ticket)).printed, true);
  assert.equal((await arrived).text, EXPECTED_LINES);
});

test('the pty pair going away closes the port (offline); it reopens by itself when it is back', async () => {
  const { pair, fake, printer } = await rig();
  // The driver sees the read fail (disconnected) or, if the fd dies before a read is armed,
  // its next status query fail to write; either way the port is closed and reopened.
  const portLost = (s: DeviceState) => s.state === 'offline' && /disconnected|closed|cannot open/.test(s.detail);
  const offline = deviceState(printer, portLost);
  await pair.disconnect();
  await offline;
  assert.equal((await printer.print(ticket)).printed, false);
  await pair.reopen(); // new ptys at the same paths; driver and fake find them without help
  await deviceState(printer, 'ok');
  const arrived = fake.waitForTicket();
  assert.is((await printer.print(ticket)).printed, true);
  assert.equal((await arrived).text, EXPECTED_LINES);
});

test('the fake printer as a child process: tickets and paper state over stdin/stdout', async () => {
  pair = await openPtyPair('printer-proc');
  child = await spawnFakePrinter(pair.peerPath);
  printer = new SerialPrinter({ path: pair.devicePath, baudRate: 38400, statusPollMs: 200 });
  await printer.start();
  await deviceState(printer, 'ok');
  const arrived = child.waitForTicket();
  assert.is((await printer.print(ticket)).printed, true);
  assert.equal((await arrived).text, EXPECTED_LINES);
  await child.setPaper('out');
  await deviceState(printer, 'fault');
  await child.setPaper('ok');
  await deviceState(printer, 'ok');
  await child.unplug();
  await deviceState(printer, 'offline');
  await child.replug();
  await deviceState(printer, 'ok');
  assert.is(child.tickets.length, 1);
  const stats = await child.stats();
  assert.equal([stats.tickets, stats.open, stats.conditions.paper], [1, true, 'ok']);
  assert.ok(stats.statusQueries > 3 && stats.bytesReceived > layoutTicket(ticket).length);
});

test.run();
