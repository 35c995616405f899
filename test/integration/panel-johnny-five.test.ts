import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { systemClock } from '../../firmware-bridge/kernel/clock.js';
import { JohnnyFivePanel } from '../../devices/panel/johnny-five-panel.js';
import type { PanelPress } from '../../devices/panel/panel.js';
import { FirmataBoard } from '../fixtures/firmata-board.js';
import { waitFor } from '../fixtures/wait.js';

const buttons = { satisfied: 2, average: 3, unsatisfied: 4 };
const leds = { satisfied: 9, average: 10, unsatisfied: 11 };

const test = suite<{ board: FirmataBoard; panel: JohnnyFivePanel; presses: PanelPress[] }>('panel johnny-five over a Firmata pty');

test.before(async (ctx) => {
  ctx.board = await FirmataBoard.plugged();
  ctx.presses = [];
  ctx.panel = new JohnnyFivePanel({ id: 'panel', counter: '2', port: ctx.board.path, buttons, leds, clock: systemClock, inviteMs: 60_000, thankMs: 60_000, restartBaseMs: 100, restartMaxMs: 400 });
  ctx.panel.on('press', (p) => ctx.presses.push(p));
  await ctx.panel.start();
  await waitFor(() => ctx.panel.status.state === 'ok', 'the board process to report ready');
});

test.after(async (ctx) => {
  await ctx.panel?.stop();
  await ctx.board?.close();
});

type Score = keyof typeof buttons;

/**
 * The presses counted so far, once every byte already sent has been read: a press of another
 * button is sent and awaited; the board's bytes and the IPC messages keep their order, so any
 * (wrong) press the earlier bytes would give has arrived before it. The marker is left out.
 */
async function pressesSoFar(ctx: { board: FirmataBoard; presses: PanelPress[] }, marker: Score): Promise<PanelPress[]> {
  const seen = ctx.presses.length;
  ctx.board.responder.press(buttons[marker]);
  await waitFor(() => ctx.presses.slice(seen).some((p) => p.score === marker), `the ${marker} marker press`);
  ctx.board.responder.release(buttons[marker]);
  const markerAt = ctx.presses.findIndex((p, i) => i >= seen && p.score === marker);
  return ctx.presses.slice(0, markerAt);
}

test('the board comes up and the panel reports ok', async (ctx) => {
  assert.is(ctx.panel.status.state, 'ok');
  assert.match(ctx.panel.status.detail, 'board ready');
  // johnny-five set the button pins to input and the LED pins to an output mode (bytes may trail "ready").
  await waitFor(() => ctx.board.responder.pinModes.has(2) && ctx.board.responder.pinModes.has(9), 'the pin modes');
  assert.is(ctx.board.responder.pinModes.get(2), 0);
  assert.ok(ctx.board.responder.pinModes.has(9));
});

test('a press gives one press event with the score of that button and the panel counter', async (ctx) => {
  ctx.presses.length = 0;
  ctx.board.responder.press(buttons.average);
  await waitFor(() => ctx.presses.length > 0, 'the press');
  ctx.board.responder.release(buttons.average);
  assert.equal((await pressesSoFar(ctx, 'satisfied')).map((p) => [p.score, p.counter]), [['average', '2']]);
});

test('a bouncing contact still gives one press', async (ctx) => {
  ctx.presses.length = 0;
  ctx.board.responder.bounce(buttons.unsatisfied, 7);
  await waitFor(() => ctx.presses.length > 0, 'the bounced press');
  ctx.board.responder.release(buttons.unsatisfied);
  assert.equal((await pressesSoFar(ctx, 'average')).map((p) => p.score), ['unsatisfied']);
});

test('invite lights every LED; thank lights only that button\'s LED', async (ctx) => {
  const r = ctx.board.responder;
  ctx.panel.invite();
  await waitFor(() => [9, 10, 11].every((pin) => r.output(pin) > 0), 'all LEDs on');
  ctx.panel.thank('satisfied');
  await waitFor(() => r.output(10) === 0 && r.output(11) === 0, 'the other LEDs off');
  assert.ok(r.output(9) > 0, 'the satisfied LED stays lit');
});

test('unplug: the panel goes offline; replug: the board process is restarted and presses work again', async (ctx) => {
  const startsBefore = ctx.panel.starts;
  await ctx.board.unplug();
  await waitFor(() => ctx.panel.status.state === 'offline', 'offline after unplug');
  assert.match(ctx.panel.status.detail, /closed|unplug|cannot open|exited/);

  await ctx.board.replug();
  await waitFor(() => ctx.panel.status.state === 'ok', 'ok after replug');
  assert.ok(ctx.panel.starts > startsBefore, 'a new board process was started');

  ctx.presses.length = 0;
  ctx.board.responder.press(buttons.satisfied);
  await waitFor(() => ctx.presses.length > 0, 'a press after replug');
  ctx.board.responder.release(buttons.satisfied);
  assert.equal((await pressesSoFar(ctx, 'average')).map((p) => p.score), ['satisfied']);
});

test.run();
