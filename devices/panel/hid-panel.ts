import type { Clock } from '../../firmware-bridge/kernel/clock.js';
import { HidConnection, type HidOpener } from '../hid-connection.js';
import { DeviceBase, type DeviceState } from '../device.js';
import { decodePresses, type HidButtonMap } from './hid-report-decoder.js';
import type { Score } from '../../firmware-bridge/kernel/score.js';
import type { Panel, PanelPress } from './panel.js';
import { RestartBackoff } from '../restart-backoff.js';

export { nodeHidOpener, type HidDeviceLike, type HidOpener } from '../hid-connection.js';

export interface HidPanelOptions {
  id: string;
  counter: string;
  map: HidButtonMap;
  open: HidOpener;
  clock: Clock;
  restartBaseMs?: number;
  restartMaxMs?: number;
}

/** A USB HID button box: thin transport around the pure report decoder; reopens after errors. */
export class HidPanel extends DeviceBase implements Panel {
  readonly counter: string;
  private previous: Uint8Array | null = null;
  private readonly connection: HidConnection;

  constructor(private readonly options: HidPanelOptions) {
    super(options.id, 'panel', () => options.clock.now());
    this.counter = options.counter;
    this.connection = new HidConnection({
      open: options.open,
      clock: options.clock,
      backoff: new RestartBackoff(options.restartBaseMs ?? 1000, options.restartMaxMs ?? 30_000),
      name: 'HID button box',
      onReport: (report) => this.onReport(report),
      onOpen: () => {
        this.previous = null;
        this.setState('ok', 'HID button box open');
      },
      onLost: (detail) => this.setState('offline', detail),
    });
  }

  override on(event: 'press', listener: (press: PanelPress) => void): this;
  override on(event: 'state', listener: (status: DeviceState) => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's own listener type
  override on(event: string, listener: (...args: any[]) => void): this {
    return super.on(event, listener);
  }

  async start(): Promise<void> {
    await this.connection.start();
  }

  async stop(): Promise<void> {
    this.connection.stop();
    this.setState('offline', 'stopped');
  }

  /** HID boxes have no lights we can drive in general; the screen does the inviting. */
  invite(): void {}

  thank(_score: Score): void {}

  private onReport(report: Buffer): void {
    const presses = decodePresses(this.options.map, this.previous, report);
    this.previous = Uint8Array.from(report);
    for (const score of presses) this.emit('press', { score, counter: this.counter, at: this.options.clock.now() } satisfies PanelPress);
  }
}
