/**
 * The Arduino panel's board process. johnny-five cannot reconnect in-process after an unplug, so
 * the service runs the board here and restarts this process (with back-off) whenever it exits.
 * It exits on any trouble — port missing, handshake timeout, unplug — and never retries itself.
 */
import { SerialPort } from 'serialport';
import five from 'johnny-five';
import { scores, type Score } from '../../firmware-bridge/kernel/score.js';
import type { BoardSettings, FromBoardMessage, ToBoardMessage } from './johnny-five-messages.js';

const settings = JSON.parse(process.argv[2] ?? '{}') as BoardSettings;

function send(message: FromBoardMessage): void {
  process.send?.(message);
}

function fail(detail: string): never {
  send({ type: 'down', detail });
  // Let the IPC message leave before exiting.
  setTimeout(() => process.exit(1), 20);
  throw new Error(detail);
}

// The service went away (or stopped us): nothing to supervise us any more.
process.on('disconnect', () => process.exit(0));

let stopping = false;
let lightsOut: () => void = () => {};
process.on('message', (message: ToBoardMessage) => {
  if (message.type !== 'stop') return;
  stopping = true;
  lightsOut();
  // Give the LED writes a moment to drain, then leave; the OS closes the port.
  setTimeout(() => process.exit(0), 50);
});

const port = new SerialPort({ path: settings.port, baudRate: settings.baudRate, autoOpen: false });
port.on('close', () => stopping || safely(() => fail(`port ${settings.port} closed (unplugged?)`)));
port.on('error', (err) => safely(() => fail(`port ${settings.port}: ${err.message}`)));

port.open((err) => {
  if (err) return safely(() => fail(`cannot open ${settings.port}: ${err.message}`));
  const options = { port, repl: false, debug: false, timeout: settings.readyTimeoutMs, sigint: false };
  const board = new five.Board(options);
  board.on('error', (e: Error) => safely(() => fail(`board: ${e.message}`)));
  board.on('ready', () => stopping || start(board));
});

function start(board: five.Board): void {
  const panel = settings.buttons && settings.leds ? startPanel(board, settings.buttons, settings.leds) : null;
  lightsOut = () => panel?.light([], 0);
  process.on('message', (message: ToBoardMessage) => {
    if (message.type === 'invite') panel?.light(scores, message.ms);
    else if (message.type === 'thank') panel?.light([message.score], message.ms);
    else if (message.type === 'write') writeOutput(board, message.pin, message.high);
  });
  send({ type: 'ready', detail: `board ready on ${settings.port}` });
}

function startPanel(board: five.Board, buttonPins: Record<Score, number | string>, ledPins: Record<Score, number | string>) {
  const leds = Object.fromEntries(scores.map((s) => [s, new five.Led({ pin: ledPins[s], board })])) as Record<Score, five.Led>;
  let lightsOff: NodeJS.Timeout | undefined;

  const light = (which: readonly Score[], ms: number) => {
    clearTimeout(lightsOff);
    for (const s of scores) {
      if (which.includes(s)) leds[s].on();
      else leds[s].off();
    }
    if (which.length > 0) lightsOff = setTimeout(() => light([], 0), ms);
  };

  for (const score of scores) {
    // johnny-five's Button debounces contact bounce (7 ms) before 'press'.
    const button = new five.Button({ pin: buttonPins[score], board });
    button.on('press', () => send({ type: 'press', score }));
  }
  return { light };
}

/** Output pins, by name or number, made outputs on their first write. */
const outputPins = new Map<string, five.Pin>();

/**
 * A relay pin: mode and level leave in the same tick, microseconds apart, far below the
 * milliseconds a relay needs to pull in, so an active-low relay does not click on while set up.
 */
function writeOutput(board: five.Board, pin: number | string, high: boolean): void {
  let output = outputPins.get(String(pin));
  if (!output) {
    output = new five.Pin({ pin, type: 'digital', mode: five.Pin.OUTPUT, board } as five.PinOption);
    outputPins.set(String(pin), output);
  }
  if (high) output.high();
  else output.low();
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // fail() throws only to stop the current handler; the exit is already scheduled.
  }
}
