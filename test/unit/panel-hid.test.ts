import { EventEmitter } from 'node:events';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { buttonsDown, decodePresses, type HidButtonMap } from '../../devices/panel/hid-report-decoder.js';
import { HidPanel, type HidDeviceLike } from '../../devices/panel/hid-panel.js';
import type { PanelPress } from '../../devices/panel/panel.js';

// A three-button box (report id 1, buttons in byte 1, bits 0–2), as read from a real box with
// `node-hid`: idle, one button down, two down, back to idle; the box resends state every 8 ms.
const map: HidButtonMap = { satisfied: { byte: 1, mask: 0x01 }, average: { byte: 1, mask: 0x02 }, unsatisfied: { byte: 1, mask: 0x04 } };
const idle = [0x01, 0x00, 0x00, 0x00];
const satisfiedDown = [0x01, 0x01, 0x00, 0x00];
const satisfiedAndUnsatisfied = [0x01, 0x05, 0x00, 0x00];
const recorded = [idle, satisfiedDown, satisfiedDown, satisfiedDown, satisfiedAndUnsatisfied, satisfiedAndUnsatisfied, idle, satisfiedDown, idle].map((r) => Uint8Array.from(r));

test('buttonsDown reads each button from its byte and mask; short reports read as up', () => {
  assert.equal([...buttonsDown(map, Uint8Array.from(satisfiedAndUnsatisfied))], ['satisfied', 'unsatisfied']);
  assert.equal([...buttonsDown(map, Uint8Array.from([0x01]))], []);
  assert.equal([...buttonsDown(map, Uint8Array.from([0x01, 0xf8]))], [], 'other bits are not buttons');
});

test('presses are 0→1 edges only: a held button repeating its bit does not press again', () => {
  const presses: string[] = [];
  let previous: Uint8Array | null = null;
  for (const report of recorded) {
    presses.push(...decodePresses(map, previous, report));
    previous = report;
  }
  assert.equal(presses, ['satisfied', 'unsatisfied', 'satisfied']);
});

test('the first report after opening counts a button already down as a press', () => {
  assert.equal(decodePresses(map, null, Uint8Array.from(satisfiedDown)), ['satisfied']);
});

class FakeHid extends EventEmitter implements HidDeviceLike {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

test('HidPanel turns reports into presses, goes offline on a read error and reopens with back-off', async () => {
  const clock = new FakeClock();
  const opened: FakeHid[] = [];
  let failOpen = false;
  const panel = new HidPanel({
    id: 'panel',
    counter: '3',
    map,
    clock,
    restartBaseMs: 1000,
    open: () => {
      if (failOpen) throw new Error('could not open device');
      const d = new FakeHid();
      opened.push(d);
      return d;
    },
  });
  const presses: PanelPress[] = [];
  panel.on('press', (p) => presses.push(p));
  await panel.start();
  assert.is(panel.status.state, 'ok');
  for (const r of recorded.slice(0, 5)) opened[0].emit('data', Buffer.from(r));
  assert.equal(presses.map((p) => [p.score, p.counter]), [['satisfied', '3'], ['unsatisfied', '3']]);

  failOpen = true;
  opened[0].emit('error', new Error('read error'));
  assert.is(panel.status.state, 'offline');
  assert.ok(opened[0].closed);
  clock.advance(1000); // first retry fails …
  await Promise.resolve();
  assert.is(panel.status.state, 'offline');
  failOpen = false;
  clock.advance(2000); // … the doubled retry succeeds
  await new Promise((r) => setImmediate(r));
  assert.is(panel.status.state, 'ok');
  assert.is(opened.length, 2);
  await panel.stop();
  assert.is(panel.status.state, 'offline');
  assert.ok(opened[1].closed);
});

test.run();
