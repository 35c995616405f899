import { EventEmitter } from 'node:events';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { decodeCardReport, initialDecoderState, type CardReportFormat } from '../../devices/card-reader/hid-card-report-decoder.js';
import { HidCardReader, type HidDeviceLike } from '../../devices/card-reader/card-reader.js';
import type { HidCardReaderConfig } from '../../config/schema/keys.js';

const scancodes: CardReportFormat = { format: 'scancodes', reportIdByte: false, uidOffset: 0, uidLength: 4, uidEncoding: 'decimal', uidByteOrder: 'little' };
const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

/**
 * A swipe of card 0004567890 in the boot-keyboard report layout a scancode-mode reader sends:
 * one press and one release report per digit, then Enter. Hand-built from the HID usage tables —
 * no reader was attached to these machines; add a capture from the site's reader when one is.
 */
const recordedSwipe = [
  '00 00 27 00 00 00 00 00', '00 00 00 00 00 00 00 00', // 0
  '00 00 27 00 00 00 00 00', '00 00 00 00 00 00 00 00', // 0
  '00 00 27 00 00 00 00 00', '00 00 00 00 00 00 00 00', // 0
  '00 00 21 00 00 00 00 00', '00 00 00 00 00 00 00 00', // 4
  '00 00 22 00 00 00 00 00', '00 00 00 00 00 00 00 00', // 5
  '00 00 23 00 00 00 00 00', '00 00 00 00 00 00 00 00', // 6
  '00 00 24 00 00 00 00 00', '00 00 00 00 00 00 00 00', // 7
  '00 00 25 00 00 00 00 00', '00 00 00 00 00 00 00 00', // 8
  '00 00 26 00 00 00 00 00', '00 00 00 00 00 00 00 00', // 9
  '00 00 27 00 00 00 00 00', '00 00 00 00 00 00 00 00', // 0
  '00 00 28 00 00 00 00 00', '00 00 00 00 00 00 00 00', // Enter
].map(hex);

function feed(format: CardReportFormat, reports: Uint8Array[]): string[] {
  let state = initialDecoderState;
  const cards: string[] = [];
  for (const r of reports) {
    const out = decodeCardReport(format, state, r);
    state = out.state;
    cards.push(...out.cards);
  }
  return cards;
}

const decoder = suite('HID card report decoder');
decoder('a recorded swipe decodes to its card number at Enter', () => {
  assert.equal(feed(scancodes, recordedSwipe), ['0004567890']);
  assert.equal(feed(scancodes, recordedSwipe.slice(0, -2)), [], 'nothing before Enter');
});
decoder('held keys repeat in every report but count once; rollover reports and modifiers are ignored', () => {
  const reports = ['02 00 04 00 00 00 00 00', '02 00 04 00 00 00 00 00', '00 00 04 1e 00 00 00 00', '00 00 01 01 01 01 01 01', '00 00 00 00 00 00 00 00', '00 00 58 00 00 00 00 00'].map(hex);
  assert.equal(feed(scancodes, reports), ['A1']);
});
decoder('a report id byte is skipped when configured; two swipes give two cards', () => {
  const withId = [...recordedSwipe, ...recordedSwipe].map((r) => Uint8Array.from([0x01, ...r]));
  assert.equal(feed({ ...scancodes, reportIdByte: true }, withId), ['0004567890', '0004567890']);
});
decoder('uid readers: little-endian UID as 10-digit decimal or hex, read once while the card stays', () => {
  const uid: CardReportFormat = { ...scancodes, format: 'uid', uidOffset: 1, uidLength: 4 };
  const present = hex('00 d2 02 96 49 00 00 00'); // UID bytes d2 02 96 49 → 0x499602D2 = 1234567890
  const none = hex('00 00 00 00 00 00 00 00');
  assert.equal(feed(uid, [present, present, present, none, present]), ['1234567890', '1234567890']);
  assert.equal(feed({ ...uid, uidEncoding: 'hex', uidByteOrder: 'big' }, [present]), ['D2029649']);
  assert.equal(feed(uid, [hex('00 d2 02')]), [], 'a short report is no card');
});
decoder.run();

class FakeHid extends EventEmitter implements HidDeviceLike {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

const driver = suite('HID card reader driver');
const config: HidCardReaderConfig = { kind: 'hid', vendorId: 0xffff, productId: 0x0035, format: 'scancodes', reportIdByte: false, uidOffset: 0, uidLength: 4, uidEncoding: 'decimal', uidByteOrder: 'little' };
driver('emits cards, goes offline on a read error and reopens with back-off', async () => {
  const clock = new FakeClock();
  const opened: FakeHid[] = [];
  let failNext = false;
  const reader = new HidCardReader(config, () => {
    if (failNext) throw new Error('could not open device');
    const d = new FakeHid();
    opened.push(d);
    return d;
  }, clock, 1000, 8000);
  const cards: string[] = [];
  reader.on('card', (r) => cards.push(r.card));
  await reader.start();
  assert.is(reader.status.state, 'ok');
  for (const r of recordedSwipe) opened[0].emit('data', Buffer.from(r));
  assert.equal(cards, ['0004567890']);
  assert.equal(reader.lastRead(), { seq: 1, card: '0004567890', at: clock.now() });

  failNext = true;
  opened[0].emit('error', new Error('device unplugged'));
  assert.is(opened[0].closed, true);
  assert.is(reader.status.state, 'offline');
  assert.match(reader.status.detail, /device unplugged; retrying in 1 s/);
  clock.advance(1000);
  await Promise.resolve();
  assert.match(reader.status.detail, /cannot open card reader ffff:0035: could not open device; retrying in 2 s/);
  failNext = false;
  clock.advance(2000);
  await Promise.resolve();
  assert.is(reader.status.state, 'ok');
  assert.is(opened.length, 2);
  await reader.stop();
  assert.is(opened[1].closed, true);
  assert.is(clock.pendingTimers(), 0);
});
driver.run();
