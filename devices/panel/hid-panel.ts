import type { Clock, ClockTimer } from '../../firmware-bridge/core/clock.js';
import { DeviceBase, type DeviceState } from '../device.js';
import { decodePresses, type HidButtonMap } from './hid-report-decoder.js';
import type { Panel, PanelPress, Score } from './panel.js';
import { RestartBackoff } from './restart-backoff.js';

/** The part of node-hid's `HID` object the panel uses; tests hand in a fake that emits reports. */
export interface HidDeviceLike {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  close(): void;
}

export type HidOpener = () => HidDeviceLike | Promise<HidDeviceLike>;

/**
 * Opens the box with node-hid (loaded only when a HID panel is configured). Works for boxes that
 * present as a generic HID device (vendor-defined or joystick/gamepad usage page): node-hid
 * cannot open keyboard- or mouse-class devices, which the OS claims for itself, so "USB keyboard"
 * button boxes (they type a key per button) do not work here. See devices/panel/README.md.
 */
export function nodeHidOpener(vendorId: number, productId: number): HidOpener {
  return async () => {
    const HID = (await import('node-hid')).default;
    return new HID.HID(vendorId, productId) as unknown as HidDeviceLike;
  };
}

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
  private device: HidDeviceLike | undefined;
  private previous: Uint8Array | null = null;
  private retry: ClockTimer | undefined;
  private stopped = true;
  private readonly backoff: RestartBackoff;

  constructor(private readonly options: HidPanelOptions) {
    super(options.id, 'panel', () => options.clock.now());
    this.counter = options.counter;
    this.backoff = new RestartBackoff(options.restartBaseMs ?? 1000, options.restartMaxMs ?? 30_000);
  }

  override on(event: 'press', listener: (press: PanelPress) => void): this;
  override on(event: 'state', listener: (status: DeviceState) => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's own listener type
  override on(event: string, listener: (...args: any[]) => void): this {
    return super.on(event, listener);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) this.options.clock.clearTimeout(this.retry);
    this.retry = undefined;
    this.closeDevice();
    this.setState('offline', 'stopped');
  }

  /** HID boxes have no lights we can drive in general; the screen does the inviting. */
  invite(): void {}

  thank(_score: Score): void {}

  private async connect(): Promise<void> {
    try {
      const device = await this.options.open();
      if (this.stopped) return device.close();
      this.device = device;
      this.previous = null;
      device.on('data', (report) => this.onReport(report));
      device.on('error', (err) => this.lost(`HID read failed: ${err.message}`));
      this.backoff.reset();
      this.setState('ok', 'HID button box open');
    } catch (err) {
      this.lost(`cannot open HID button box: ${(err as Error).message}`);
    }
  }

  private onReport(report: Buffer): void {
    const presses = decodePresses(this.options.map, this.previous, report);
    this.previous = Uint8Array.from(report);
    for (const score of presses) this.emit('press', { score, counter: this.counter, at: this.options.clock.now() } satisfies PanelPress);
  }

  private lost(detail: string): void {
    this.closeDevice();
    if (this.stopped) return;
    const delay = this.backoff.next();
    this.setState('offline', `${detail}; retrying in ${Math.round(delay / 100) / 10} s`);
    this.retry = this.options.clock.setTimeout(() => {
      this.retry = undefined;
      void this.connect();
    }, delay);
  }

  private closeDevice(): void {
    try {
      this.device?.close();
    } catch {
      // already gone with the unplug
    }
    this.device = undefined;
  }
}
