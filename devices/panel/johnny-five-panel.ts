import type { Clock } from '../../firmware-bridge/kernel/clock.js';
import { DeviceBase, type DeviceState } from '../device.js';
import { JohnnyFiveBoard } from './johnny-five-board.js';
import type { Score } from '../../firmware-bridge/kernel/score.js';
import type { Panel, PanelPress } from './panel.js';

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

/**
 * An Arduino (StandardFirmata) button panel on a supervised johnny-five board process
 * (johnny-five-board.ts). The panel is ok while a board process reports its board ready, offline
 * otherwise. Relays wired to spare pins of the same board are driven through `writePin`: one
 * serial port has one owner.
 */
export class JohnnyFivePanel extends DeviceBase implements Panel {
  readonly counter: string;
  private readonly board: JohnnyFiveBoard;

  constructor(private readonly options: JohnnyFivePanelOptions) {
    super(options.id, 'panel', () => options.clock.now());
    this.counter = options.counter;
    this.board = new JohnnyFiveBoard({
      port: options.port,
      buttons: options.buttons,
      leds: options.leds,
      clock: options.clock,
      baudRate: options.baudRate,
      readyTimeoutMs: options.readyTimeoutMs,
      restartBaseMs: options.restartBaseMs,
      restartMaxMs: options.restartMaxMs,
      onState: (state, detail) => this.setState(state, detail),
      onPress: (score) => this.emit('press', { score, counter: this.counter, at: this.options.clock.now() } satisfies PanelPress),
      onProblem: options.onProblem,
    });
  }

  /** The serial port of the board (outputs on the same port share it). */
  get port(): string {
    return this.options.port;
  }

  /** Board processes started so far (1 = first start; more = restarts). */
  get starts(): number {
    return this.board.starts;
  }

  override on(event: 'press', listener: (press: PanelPress) => void): this;
  override on(event: 'state', listener: (status: DeviceState) => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's own listener type
  override on(event: string, listener: (...args: any[]) => void): this {
    return super.on(event, listener);
  }

  async start(): Promise<void> {
    this.board.start();
  }

  async stop(): Promise<void> {
    await this.board.stop();
    this.setState('offline', 'stopped');
  }

  invite(): void {
    this.board.send({ type: 'invite', ms: this.options.inviteMs });
  }

  thank(score: Score): void {
    this.board.send({ type: 'thank', score, ms: this.options.thankMs ?? 1500 });
  }

  /** Drive a spare pin of the panel's board (a relay); held and rewritten after a reconnect. */
  writePin(pin: number | string, high: boolean): void {
    this.board.writePin(pin, high);
  }
}
