import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import type { SerialPort } from 'serialport';
import { systemClock } from '../../firmware-bridge/kernel/clock.js';
import { JohnnyFivePanel } from '../../devices/panel/johnny-five-panel.js';
import type { PanelPress } from '../../devices/panel/panel.js';
import { FirmataBoard, waitFor } from '../fixtures/firmata-board.js';

/**
 * Garbage from the panel board: generated Firmata frames (sysex with any command and payload,
 * port and analog messages, stray bytes) written by the board end of a real pty. The Firmata
 * parser is third-party (firmata-io) and throws on some malformed sysex replies (PIN_STATE,
 * ANALOG_MAPPING, REPORT_FIRMWARE); that is why it runs in a supervised board process. The
 * service process must never see an exception, and the panel must come back and count presses.
 */
const buttons = { satisfied: 2, average: 3, unsatisfied: 4 };
const leds = { satisfied: 9, average: 10, unsatisfied: 11 };
let board: FirmataBoard;
let panel: JohnnyFivePanel;
const presses: PanelPress[] = [];
const problems: unknown[] = [];
const onProblem = (err: unknown) => problems.push(err);

test.before(async () => {
  process.on('uncaughtException', onProblem);
  process.on('unhandledRejection', onProblem);
  board = await FirmataBoard.plugged();
  panel = new JohnnyFivePanel({ id: 'panel', counter: '2', port: board.path, buttons, leds, clock: systemClock, inviteMs: 60_000, thankMs: 60_000, restartBaseMs: 100, restartMaxMs: 400 });
  panel.on('press', (p) => presses.push(p));
  await panel.start();
  await waitFor(() => panel.status.state === 'ok', 'the board ready');
});

test.after(async () => {
  await panel?.stop();
  await board?.close();
  process.off('uncaughtException', onProblem);
  process.off('unhandledRejection', onProblem);
});

const byte7 = fc.integer({ min: 0, max: 127 });
const frame = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(byte7, fc.array(byte7, { maxLength: 24 })).map(([command, data]) => [0xf0, command, ...data, 0xf7]) },
  { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 0, max: 15 }), byte7, byte7).map(([port, lsb, msb]) => [0x90 | port, lsb, msb]) },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 15 }), byte7, byte7).map(([pin, lsb, msb]) => [0xe0 | pin, lsb, msb]) },
  { weight: 2, arbitrary: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) },
);

test('600 generated Firmata frames from the board: the service process is untouched, the panel comes back and counts a press', async () => {
  const rawPort = (board.responder as unknown as { port: SerialPort }).port;
  const frames = fc.sample(frame, { numRuns: 600, seed: 5 });
  const startsBefore = panel.starts;
  for (let i = 0; i < frames.length; i += 20) {
    rawPort.write(Buffer.from(frames.slice(i, i + 20).flat()));
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 500));
  const crashed = panel.status.state !== 'ok' || panel.starts > startsBefore;
  // A real Arduino resets when its port is opened again and announces itself: re-seat the board.
  await board.unplug();
  await board.replug();
  await waitFor(() => panel.status.state === 'ok', 'the panel ok again');
  presses.length = 0;
  board.responder.press(buttons.unsatisfied);
  await waitFor(() => presses.length > 0, 'a press after the garbage');
  board.responder.release(buttons.unsatisfied);
  assert.is(presses[0].score, 'unsatisfied');
  assert.equal(problems, [], 'no exception reached the service process');
  console.log(`firmata fuzz: 600 frames; board process ${crashed ? 'exited and was restarted by the panel' : 'survived'}; starts ${startsBefore} → ${panel.starts}`);
});

test.run();
