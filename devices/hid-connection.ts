import type { Clock, ClockTimer } from '../firmware-bridge/kernel/clock.js';
import { RestartBackoff } from './restart-backoff.js';

/** The part of node-hid's `HID` object our drivers use; tests hand in a fake that emits reports. */
export interface HidDeviceLike {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  close(): void;
}

export type HidOpener = () => HidDeviceLike | Promise<HidDeviceLike>;

/**
 * node-hid, loaded only when a HID device is configured. It opens generic HID devices (vendor-defined,
 * joystick/gamepad usage pages); keyboard- and mouse-class devices are claimed by the OS and cannot
 * be opened — such boxes and card readers are read as keystrokes in the UI instead.
 */
export function nodeHidOpener(device: { vendorId: number; productId: number; path?: string }): HidOpener {
  return async () => {
    const HID = (await import('node-hid')).default;
    const hid = device.path ? new HID.HID(device.path) : new HID.HID(device.vendorId, device.productId);
    return hid;
  };
}

export interface HidConnectionOptions {
  open: HidOpener;
  clock: Clock;
  backoff: RestartBackoff;
  /** What to call the device in state details, e.g. "HID button box". */
  name: string;
  onReport(report: Buffer): void;
  /** Opened (again): decoders start from a clean state. */
  onOpen(): void;
  /** Lost or not openable; `detail` says why and when the next try is. */
  onLost(detail: string): void;
}

/** Keeps one HID device open: forwards its reports, and reopens it with back-off after any error. */
export class HidConnection {
  private device: HidDeviceLike | undefined;
  private retry: ClockTimer | undefined;
  private stopped = true;

  constructor(private readonly options: HidConnectionOptions) {}

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.retry) this.options.clock.clearTimeout(this.retry);
    this.retry = undefined;
    this.closeDevice();
  }

  private async connect(): Promise<void> {
    try {
      const device = await this.options.open();
      if (this.stopped) return device.close();
      this.device = device;
      this.options.onOpen();
      device.on('data', (report) => this.options.onReport(report));
      device.on('error', (err) => this.lost(`${this.options.name}: read failed: ${err.message}`));
      this.options.backoff.reset();
    } catch (err) {
      this.lost(`cannot open ${this.options.name}: ${(err as Error).message}`);
    }
  }

  private lost(detail: string): void {
    this.closeDevice();
    if (this.stopped) return;
    const delay = this.options.backoff.next();
    this.options.onLost(`${detail}; retrying in ${Math.round(delay / 100) / 10} s`);
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
