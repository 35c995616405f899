import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Clock, ClockTimer } from '../../firmware-bridge/kernel/clock.js';
import { DeviceBase, type DeviceState } from '../device.js';
import type { BoardSettings, FromBoardMessage, ToBoardMessage } from './johnny-five-messages.js';
import type { Score } from '../../firmware-bridge/kernel/score.js';
import type { Panel, PanelPress } from './panel.js';
import { RestartBackoff } from '../restart-backoff.js';

export interface JohnnyFivePanelOptions {
  id: string;
  counter: string;
  port: string;
  buttons: Record<Score, number | string>;
  leds: Record<Score, number | string>;
  clock: Clock;
  /** How long the LEDs invite a rating after a ticket is finished (the acceptance window). */
  inviteMs: number;
  thankMs?: number;
  baudRate?: number;
  readyTimeoutMs?: number;
  restartBaseMs?: number;
  restartMaxMs?: number;
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
 * An Arduino (StandardFirmata) button panel driven by johnny-five in a supervised child process:
 * johnny-five cannot reconnect in-process after an unplug, so the board process exits on any
 * trouble and this class restarts it with back-off. The panel is ok while a board process
 * reports its board ready, offline otherwise.
 */
export class JohnnyFivePanel extends DeviceBase implements Panel {
  readonly counter: string;
  private child: ChildProcess | undefined;
  private restartTimer: ClockTimer | undefined;
  private stopped = true;
  private readonly backoff: RestartBackoff;
  /** Board processes started so far (1 = first start; more = restarts). */
  starts = 0;

  constructor(private readonly options: JohnnyFivePanelOptions) {
    super(options.id, 'panel', () => options.clock.now());
    this.counter = options.counter;
    this.backoff = new RestartBackoff(options.restartBaseMs ?? 500, options.restartMaxMs ?? 30_000);
  }

  override on(event: 'press', listener: (press: PanelPress) => void): this;
  override on(event: 'state', listener: (status: DeviceState) => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's own listener type
  override on(event: string, listener: (...args: any[]) => void): this {
    return super.on(event, listener);
  }

  async start(): Promise<void> {
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
    this.setState('offline', 'stopped');
  }

  invite(): void {
    this.send({ type: 'invite', ms: this.options.inviteMs });
  }

  thank(score: Score): void {
    this.send({ type: 'thank', score, ms: this.options.thankMs ?? 1500 });
  }

  private send(message: ToBoardMessage): void {
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
    this.setState('offline', `connecting to ${settings.port}`);
    const child = fork(file, [JSON.stringify(settings)], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'json' });
    this.child = child;
    let lastDetail = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.on('message', (message: FromBoardMessage) => {
      if (message.type === 'ready') {
        this.backoff.reset();
        this.setState('ok', message.detail);
      } else if (message.type === 'press') {
        this.emit('press', { score: message.score, counter: this.counter, at: this.options.clock.now() } satisfies PanelPress);
      } else if (message.type === 'down') {
        lastDetail = message.detail;
        this.setState('offline', message.detail);
      }
    });
    child.on('error', (err) => (lastDetail ||= err.message));
    child.on('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (this.stopped) return;
      const detail = lastDetail || `board process exited (${signal ?? code})${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`;
      const delay = this.backoff.next();
      this.setState('offline', `${detail}; retrying in ${Math.round(delay / 100) / 10} s`);
      this.options.onProblem?.(detail);
      this.restartTimer = this.options.clock.setTimeout(() => {
        this.restartTimer = undefined;
        if (!this.stopped) this.spawnBoard();
      }, delay);
    });
  }
}
