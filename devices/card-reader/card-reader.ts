import type { HidCardReaderConfig } from '../../config/schema/keys.js';
import type { Clock } from '../../firmware-bridge/kernel/clock.js';
import { HidConnection, type HidOpener } from '../hid-connection.js';
import { RestartBackoff } from '../restart-backoff.js';
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

export { type HidDeviceLike, type HidOpener } from '../hid-connection.js';

/** Thin transport around the pure decoder: opens, decodes, reopens with doubling back-off. */
export class HidCardReader extends DeviceBase implements CardReaderDevice {
  private decoder: DecoderState = initialDecoderState;
  private last: CardRead | null = null;
  private seq = 0;
  private readonly connection: HidConnection;

  constructor(
    private readonly config: HidCardReaderConfig,
    open: HidOpener,
    private readonly clock: Clock,
    retryBaseMs = 1000,
    retryMaxMs = 30_000,
  ) {
    super('card-reader', 'card-reader', () => clock.now());
    const name = `card reader ${hex4(config.vendorId)}:${hex4(config.productId)}`;
    this.connection = new HidConnection({
      open,
      clock,
      backoff: new RestartBackoff(retryBaseMs, retryMaxMs),
      name,
      onReport: (report) => this.onReport(report),
      onOpen: () => {
        this.decoder = initialDecoderState;
        this.setState('ok', `${name} open`);
      },
      onLost: (detail) => this.setState('offline', detail),
    });
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
    await this.connection.start();
  }

  async stop(): Promise<void> {
    this.connection.stop();
    this.setState('offline', 'stopped');
  }

  private onReport(report: Buffer): void {
    const { state, cards } = decodeCardReport(this.config, this.decoder, report);
    this.decoder = state;
    for (const card of cards) {
      this.last = { seq: ++this.seq, card, at: this.clock.now() };
      this.emit('card', this.last);
    }
  }
}

const hex4 = (n: number) => n.toString(16).padStart(4, '0');
