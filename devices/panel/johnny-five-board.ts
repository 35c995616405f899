import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Clock, ClockTimer } from '../../firmware-bridge/kernel/clock.js';
import type { BoardSettings, FromBoardMessage, ToBoardMessage } from './johnny-five-messages.js';
import type { Score } from '../../firmware-bridge/kernel/score.js';
import { RestartBackoff } from '../restart-backoff.js';

export interface JohnnyFiveBoardOptions {
  port: string;
  /** The panel's buttons and LEDs; absent on a board that only drives outputs. */
  buttons?: Record<Score, number | string>;
  leds?: Record<Score, number | string>;
  clock: Clock;
  baudRate?: number;
  readyTimeoutMs?: number;
  restartBaseMs?: number;
  restartMaxMs?: number;
  onState: (state: 'ok' | 'offline', detail: string) => void;
  onPress?: (score: Score) => void;
  /** Where board-process trouble is reported (the service's logger). */
  onProblem?: (detail: string) => void;
}

/** The board process file: the compiled .js in a build, the .ts (run through tsx) from source. */
function boardProcessFile(): { file: string; execArgv: string[] } {
  const js = fileURLToPath(new URL('./johnny-five-board-process.js', import.meta.url));
  if (existsSync(js)) return { file: js, execArgv: [] };
  // Resolve tsx from here, so the child finds it whatever the working directory is.
  return { file: fileURLToPath(new URL('./johnny-five-board-process.ts', import.meta.url)), execArgv: ['--import', import.meta.resolve('tsx')] };
}

/**
 * One Arduino (StandardFirmata) driven by johnny-five in a supervised child process: johnny-five
 * cannot reconnect in-process after an unplug, so the board process exits on any trouble and this
 * class restarts it with back-off. Output pin levels are held here and written again each time a
 * board process reports ready, so a relay is back in its state after an unplug or a restart.
 */
export class JohnnyFiveBoard {
  private child: ChildProcess | undefined;
  private restartTimer: ClockTimer | undefined;
  private stopped = true;
  private ready = false;
  private readonly backoff: RestartBackoff;
  private readonly levels = new Map<string, { pin: number | string; high: boolean }>();
  /** Board processes started so far (1 = first start; more = restarts). */
  starts = 0;

  constructor(private readonly options: JohnnyFiveBoardOptions) {
    this.backoff = new RestartBackoff(options.restartBaseMs ?? 500, options.restartMaxMs ?? 30_000);
  }

  get port(): string {
    return this.options.port;
  }

  start(): void {
    this.stopped = false;
    this.spawnBoard();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.restartTimer) this.options.clock.clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      this.send({ type: 'stop' });
      const kill = setTimeout(() => child.kill('SIGKILL'), 1000);
      await exited;
      clearTimeout(kill);
    }
  }

  /** Drive an output pin to an electrical level, now if the board is up, else as soon as it is. */
  writePin(pin: number | string, high: boolean): void {
    this.levels.set(String(pin), { pin, high });
    if (this.ready) this.send({ type: 'write', pin, high });
  }

  send(message: ToBoardMessage): void {
    const child = this.child;
    if (child?.connected) child.send(message, () => {});
  }

  private spawnBoard(): void {
    const settings: BoardSettings = {
      port: this.options.port,
      baudRate: this.options.baudRate ?? 57600,
      buttons: this.options.buttons,
      leds: this.options.leds,
      readyTimeoutMs: this.options.readyTimeoutMs ?? 10_000,
    };
    const { file, execArgv } = boardProcessFile();
    this.starts++;
    this.ready = false;
    this.options.onState('offline', `connecting to ${settings.port}`);
    const child = fork(file, [JSON.stringify(settings)], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
    this.child = child;
    let lastDetail = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('message', (message: FromBoardMessage) => {
      if (message.type === 'ready') {
        this.backoff.reset();
        this.ready = true;
        for (const { pin, high } of this.levels.values()) this.send({ type: 'write', pin, high });
        this.options.onState('ok', message.detail);
      } else if (message.type === 'press') {
        this.options.onPress?.(message.score);
      } else if (message.type === 'down') {
        lastDetail = message.detail;
        this.ready = false;
        this.options.onState('offline', message.detail);
      }
    });
    child.on('error', (err) => (lastDetail ||= err.message));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      this.ready = false;
      if (this.stopped) return;
      const detail = lastDetail || `board process exited (${signal ?? code})${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`;
      const delay = this.backoff.next();
      this.options.onState('offline', `${detail}; retrying in ${Math.round(delay / 100) / 10} s`);
      this.options.onProblem?.(detail);
      this.restartTimer = this.options.clock.setTimeout(() => {
        this.restartTimer = undefined;
        if (!this.stopped) this.spawnBoard();
      }, delay);
    });
  }
}
