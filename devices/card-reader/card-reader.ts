import type { HidCardReaderConfig } from '../../config/schema/keys.js';
import type { Clock, ClockTimer } from '../../firmware-bridge/core/clock.js';
import { DeviceBase, type Device, type DeviceState } from '../device.js';
import { decodeCardReport, initialDecoderState, type DecoderState } from './hid-card-report-decoder.js';

/** A card swipe from a reader attached to the service (not a keyboard wedge). */
export interface CardRead {
  seq: number;
  card: string;
  at: number;
}

export interface CardReaderDevice extends Device {
  /** The latest read, so a screen that polls can pick it up once (`seq` grows). */
  lastRead(): CardRead | null;
  on(event: 'card', listener: (read: CardRead) => void): this;
  on(event: 'state', listener: (status: DeviceState) => void): this;
}

/** The part of node-hid's `HID` object the reader uses; tests hand in a fake that emits reports. */
export interface HidDeviceLike {
  on(event: 'data', listener: (report: Buffer) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  close(): void;
}

export type HidOpener = () => HidDeviceLike | Promise<HidDeviceLike>;

/** node-hid, loaded only when a HID reader is configured. Keyboard-class readers cannot be opened (an OS rule). */
export function nodeHidOpener(config: HidCardReaderConfig): HidOpener {
  return async () => {
    const HID = (await import('node-hid')).default;
    const device = config.path ? new HID.HID(config.path) : new HID.HID(config.vendorId, config.productId);
    return device as unknown as HidDeviceLike;
  };
}

/** Thin transport around the pure decoder: opens, decodes, reopens with doubling back-off. */
export class HidCardReader extends DeviceBase implements CardReaderDevice {
  private device: HidDeviceLike | undefined;
  private decoder: DecoderState = initialDecoderState;
  private last: CardRead | null = null;
  private seq = 0;
  private retry: ClockTimer | undefined;
  private delay: number;
  private stopped = true;

  constructor(
    private readonly config: HidCardReaderConfig,
    private readonly open: HidOpener,
    private readonly clock: Clock,
    private readonly retryBaseMs = 1000,
    private readonly retryMaxMs = 30_000,
  ) {
    super('card-reader', 'card-reader', () => clock.now());
    this.delay = retryBaseMs;
  }

  override on(event: 'card', listener: (read: CardRead) => void): this;
  override on(event: 'state', listener: (status: DeviceState) => void): this;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- EventEmitter's own listener type
  override on(event: string, listener: (...args: any[]) => void): this {
    return super.on(event, listener);
  }

  lastRead(): CardRead | null {
    return this.last;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) this.clock.clearTimeout(this.retry);
    this.retry = undefined;
    this.closeDevice();
    this.setState('offline', 'stopped');
  }

  private async connect(): Promise<void> {
    try {
      const device = await this.open();
      if (this.stopped) return device.close();
      this.device = device;
      this.decoder = initialDecoderState;
      device.on('data', (report) => this.onReport(report));
      device.on('error', (err) => this.lost(`HID read failed: ${err.message}`));
      this.delay = this.retryBaseMs;
      this.setState('ok', `card reader ${hex4(this.config.vendorId)}:${hex4(this.config.productId)} open`);
    } catch (err) {
      this.lost(`cannot open card reader ${hex4(this.config.vendorId)}:${hex4(this.config.productId)}: ${(err as Error).message}`);
    }
  }

  private onReport(report: Buffer): void {
    const { state, cards } = decodeCardReport(this.config, this.decoder, report);
    this.decoder = state;
    for (const card of cards) {
      this.last = { seq: ++this.seq, card, at: this.clock.now() };
      this.emit('card', this.last);
    }
  }

  private lost(detail: string): void {
    this.closeDevice();
    if (this.stopped) return;
    const delay = this.delay;
    this.delay = Math.min(this.delay * 2, this.retryMaxMs);
    this.setState('offline', `${detail}; retrying in ${Math.round(delay / 100) / 10} s`);
    this.retry = this.clock.setTimeout(() => {
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

const hex4 = (n: number) => n.toString(16).padStart(4, '0');
