import { DeviceBase, type DeviceState } from '../device.js';
import type { PinBoard } from './pin-board.js';

export interface DigitalOutputOptions {
  /** Device id, e.g. "output-aircon". */
  id: string;
  board: PinBoard;
  pin: number | string;
  /** The relay switches on when the pin is LOW. */
  activeLow: boolean;
  now: () => number;
}

/**
 * One relay on a board pin, as a device: its state follows the board's (ok while the board is up,
 * offline with the board's reason otherwise) and its detail says whether it is on. The driver
 * knows levels only; plans and overrides are the outputs feature's.
 */
export class DigitalOutput extends DeviceBase {
  private switchedOn: boolean | null = null;
  private readonly follow = (status: DeviceState) => this.show(status);

  constructor(private readonly options: DigitalOutputOptions) {
    super(options.id, 'output', options.now);
  }

  /** null until first set. */
  get isOn(): boolean | null {
    return this.switchedOn;
  }

  async start(): Promise<void> {
    this.options.board.on('state', this.follow);
    this.show(this.options.board.status);
  }

  async stop(): Promise<void> {
    this.options.board.off('state', this.follow);
    this.setState('offline', 'stopped');
  }

  set(on: boolean): void {
    this.switchedOn = on;
    this.options.board.writePin(this.options.pin, on !== this.options.activeLow);
    this.show(this.options.board.status);
  }

  private show(board: DeviceState): void {
    const level = this.switchedOn === null ? '' : this.switchedOn ? '开 on' : '关 off';
    const where = `pin ${this.options.pin}`;
    if (board.state === 'ok') this.setState('ok', `${level || '—'} · ${where}`);
    else this.setState('offline', `${level ? `${level} (待板卡恢复 when the board is back) · ` : ''}${where}: ${board.detail}`);
  }
}
