import { DeviceBase, type DeviceState } from '../device.js';
import type { Score } from '../../firmware-bridge/kernel/score.js';
import type { Panel, PanelPress } from './panel.js';

/**
 * A panel without hardware. `sim` stands in for a button box (tests and the demo press it);
 * `screen` is the on-screen buttons of the kiosk/tablet UI, whose presses arrive through
 * `POST /api/ratings` and whose invitation is drawn by the UI from the live `ticket.finished` event.
 * Both serve any counter and remember what they were asked to light, for tests and the demo.
 */
export class VirtualPanel extends DeviceBase implements Panel {
  readonly counter = null;
  readonly invitations: number[] = [];
  readonly thanks: Score[] = [];

  constructor(
    id: string,
    readonly mode: 'sim' | 'screen',
    private readonly clock: { now(): number },
  ) {
    super(id, 'panel', () => clock.now());
  }

  override on(event: 'press', listener: (press: PanelPress) => void): this;
  override on(event: 'state', listener: (status: DeviceState) => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's own listener type
  override on(event: string, listener: (...args: any[]) => void): this {
    return super.on(event, listener);
  }

  async start(): Promise<void> {
    this.setState('ok', this.mode === 'sim' ? 'simulated panel' : 'on-screen rating buttons');
  }

  async stop(): Promise<void> {
    this.setState('offline', 'stopped');
  }

  /** A customer pressed a button at `counter` (the sim's test hook). */
  press(score: Score, counter: string): void {
    this.emit('press', { score, counter, at: this.clock.now() } satisfies PanelPress);
  }

  invite(): void {
    this.invitations.push(this.clock.now());
  }

  thank(score: Score): void {
    this.thanks.push(score);
  }
}
