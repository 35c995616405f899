import type { Clock } from '../../firmware-bridge/kernel/clock.js';
import { DeviceBase, type DeviceState } from '../device.js';
import { JohnnyFiveBoard } from '../panel/johnny-five-board.js';

/** A board whose digital pins can be driven: a johnny-five panel's board, an outputs-only board, or none (sim). */
export interface PinBoard {
  readonly port: string;
  readonly status: DeviceState;
  /** Electrical level; the board holds it and writes it again after a reconnect. */
  writePin(pin: number | string, high: boolean): void;
  on(event: 'state', listener: (status: DeviceState) => void): this;
  off(event: 'state', listener: (status: DeviceState) => void): this;
}

/** Any device that can drive pins (a JohnnyFivePanel is one). */
export function isPinBoard(device: unknown): device is PinBoard {
  const d = device as Partial<PinBoard> | null;
  return typeof d?.writePin === 'function' && typeof d.port === 'string';
}

/**
 * An Arduino that only drives outputs (no panel on its port): the same supervised johnny-five
 * board process as the panel, without buttons or LEDs. Not a registered device itself: each
 * output on it is, and shows the board's state.
 */
export class OutputBoard extends DeviceBase implements PinBoard {
  private readonly board: JohnnyFiveBoard;

  constructor(
    readonly port: string,
    clock: Clock,
    options: { restartBaseMs?: number; restartMaxMs?: number; readyTimeoutMs?: number; onProblem?: (detail: string) => void } = {},
  ) {
    super(`board:${port}`, 'output', () => clock.now());
    this.board = new JohnnyFiveBoard({ port, clock, ...options, onState: (state, detail) => this.setState(state, detail) });
  }

  /** Board processes started so far (1 = first start; more = restarts). */
  get starts(): number {
    return this.board.starts;
  }

  async start(): Promise<void> {
    this.board.start();
  }

  async stop(): Promise<void> {
    await this.board.stop();
    this.setState('offline', 'stopped');
  }

  writePin(pin: number | string, high: boolean): void {
    this.board.writePin(pin, high);
  }
}

/** No hardware: remembers the levels it was asked for (the demo and tests read them). */
export class SimPinBoard extends DeviceBase implements PinBoard {
  readonly port = 'sim';
  readonly levels = new Map<string, boolean>();

  constructor(clock: { now(): number }) {
    super('board:sim', 'output', () => clock.now());
  }

  async start(): Promise<void> {
    this.setState('ok', 'simulated relays');
  }

  async stop(): Promise<void> {
    this.setState('offline', 'stopped');
  }

  writePin(pin: number | string, high: boolean): void {
    this.levels.set(String(pin), high);
  }
}
