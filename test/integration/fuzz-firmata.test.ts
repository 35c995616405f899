import { test } from 'uvu';
import * as assert from 'uvu/assert';
import fc from 'fast-check';
import type { SerialPort } from 'serialport';
import { systemClock } from '../../firmware-bridge/kernel/clock.js';
import { JohnnyFivePanel } from '../../devices/panel/johnny-five-panel.js';
import type { PanelPress } from '../../devices/panel/panel.js';
import { FirmataBoard } from '../fixtures/firmata-board.js';
import { waitFor } from '../fixtures/wait.js';

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

/** Writes bytes from the board end and resolves once they have left for the pty (no fixed pause). */
const writeFromBoard = (port: SerialPort, bytes: number[]) => new Promise<void>((resolve, reject) => port.write(Buffer.from(bytes), (err) => (err ? reject(err) : port.drain(() => resolve()))));

test('600 generated Firmata frames from the board: the service process is untouched, and the panel counts a press again without the board being re-plugged', async () => {
  const rawPort = (board.responder as unknown as { port: SerialPort }).port;
  const frames = fc.sample(frame, { numRuns: 600, seed: 5 });
  const startsBefore = panel.starts;
  for (let i = 0; i < frames.length; i += 20) await writeFromBoard(rawPort, frames.slice(i, i + 20).flat());
  // The board stays plugged in: the panel must come back by itself (restarting its board process
  // if the garbage killed it) and count a real press. Garbage port messages may have counted
  // presses of their own, so only presses of the button we hold down from now on count.
  presses.length = 0;
  await waitFor(
    () => {
      if (presses.some((p) => p.score === 'unsatisfied')) return true;
      // Press again each round: a press sent while a board process restarts is lost, as on a real desk.
      board.responder.release(buttons.unsatisfied);
      board.responder.press(buttons.unsatisfied);
      return false;
    },
    'a counted press after the garbage, with the board never re-plugged',
    { timeoutMs: 20_000, everyMs: 250 },
  );
  board.responder.release(buttons.unsatisfied);
  assert.is(panel.status.state, 'ok');
  assert.ok(rawPort.isOpen, 'the board end was never closed');
  assert.equal(problems, [], 'no exception reached the service process');
  console.log(`firmata fuzz: 600 frames; board process ${panel.starts > startsBefore ? 'exited and was restarted by the panel' : 'survived'}; starts ${startsBefore} → ${panel.starts}`);
});

test.run();
