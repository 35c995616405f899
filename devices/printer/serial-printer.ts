import { systemClock, type Clock, type ClockTimer } from '../../firmware-bridge/kernel/clock.js';
import { DeviceBase, type DeviceStateName } from '../device.js';
import { statusQuery } from './escpos-encoder.js';
import { decodeStatus, healthOf, isStatusByte, STATUS_QUERIES, type PrinterStatus, type StatusQueryNumber } from './status-decoder.js';
import { layoutReceipt, type ReceiptPrintout } from './receipt-layout.js';
import { layoutTicket, type TicketPrintout } from './ticket-layout.js';

export type PrintResult = { printed: true; bytes: number } | { printed: false; reason: string };

/** The log calls a driver makes (a pino logger fits). */
export interface PrinterLog {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentPrinterLog: PrinterLog = { debug() {}, info() {}, warn() {}, error() {} };

type PortCallback = (err: Error | null | undefined) => void;

/** The part of a serialport 13 `SerialPort` (or `SerialPortMock`) the driver uses. */
export interface SerialPortLike {
  readonly isOpen: boolean;
  open(callback: PortCallback): void;
  close(callback?: PortCallback): void;
  write(data: Buffer, callback?: PortCallback): boolean;
  drain(callback: PortCallback): void;
  on(event: 'data', listener: (data: Buffer) => void): this;
  on(event: 'close', listener: (err: (Error & { disconnected?: boolean }) | null) => void): this;
  on(event: 'error', listener: (err: Error) => void): this;
  removeAllListeners(event?: string): this;
}

/** `SerialPort` from 'serialport' by default; `SerialPortMock` in unit tests. */
export type SerialPortClass = new (options: { path: string; baudRate: number; autoOpen: false }) => SerialPortLike;

export interface SerialPrinterOptions {
  path: string;
  baudRate: number;
  /** Time between status polls while idle. */
  statusPollMs: number;
  /** An unanswered status query means offline after this long. */
  answerTimeoutMs?: number;
  /** Reconnect back-off: starts here, doubles, capped at reconnectMaxMs. */
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** A ticket not handed to the port by then is reported as not printed. */
  writeTimeoutMs?: number;
  /**
   * `start()` waits at most this long for the port and the first status (default: three
   * unanswered queries and half a second); the connection goes on in the background after that.
   */
  startWaitMs?: number;
  SerialPortClass?: SerialPortClass;
  clock?: Clock;
  now?: () => number;
  log?: PrinterLog;
  id?: string;
}

interface Waiter {
  resolve(answer: number | 'timeout' | Error): void;
  timer: NodeJS.Timeout;
}

/**
 * ESC/POS ticket printer on a serial port (USB-serial, or a socat pty in tests).
 *
 * - Opens the port and keeps it open; when the port cannot be opened or closes under us (a read
 *   error closes it with `err.disconnected`), it is offline and reopens by itself with back-off.
 * - Polls `DLE EOT 1, 2, 4` every `statusPollMs` and right after each ticket; a query without a
 *   valid answer within `answerTimeoutMs` means offline (e.g. the printer is switched off).
 * - One port operation at a time: prints and status polls never interleave; prints run in order.
 * - Time: the poll and reconnect schedules run on the injected clock (unref'd: they never keep the
 *   process alive); the short waits of an operation in flight (a status answer, a ticket write)
 *   use real timers, as they measure the wire, not the time of day.
 * - `print` never throws: it refuses while the printer is offline or in fault.
 */
export class SerialPrinter extends DeviceBase {
  private readonly options: Required<Omit<SerialPrinterOptions, 'id' | 'now' | 'SerialPortClass'>> & { SerialPortClass: SerialPortClass | null };
  private readonly clock: Clock;
  private readonly log: PrinterLog;

  private port: SerialPortLike | null = null;
  private running = false;
  private connecting = false;
  private reconnectDelay: number;
  private reconnectTimer: ClockTimer | null = null;
  private pollTimer: ClockTimer | null = null;
  private waiter: Waiter | null = null;
  /** Serialises everything that talks to the port. */
  private ioChain: Promise<unknown> = Promise.resolve();
  private lastStatus: PrinterStatus | null = null;

  constructor(options: SerialPrinterOptions) {
    const clock = options.clock ?? systemClock;
    super(options.id ?? 'printer', 'printer', options.now ?? (() => clock.now()));
    this.clock = clock;
    this.log = options.log ?? silentPrinterLog;
    this.options = {
      path: options.path,
      baudRate: options.baudRate,
      statusPollMs: options.statusPollMs,
      answerTimeoutMs: options.answerTimeoutMs ?? 500,
      reconnectMinMs: options.reconnectMinMs ?? 250,
      reconnectMaxMs: options.reconnectMaxMs ?? 2000,
      writeTimeoutMs: options.writeTimeoutMs ?? 0,
      startWaitMs: options.startWaitMs ?? (options.answerTimeoutMs ?? 500) * 3 + 500,
      SerialPortClass: options.SerialPortClass ?? null,
      clock,
      log: this.log,
    };
    this.reconnectDelay = this.options.reconnectMinMs;
  }

  /** The last decoded status (null before the first answer or while offline). */
  get printerStatus(): PrinterStatus | null {
    return this.lastStatus;
  }

  /**
   * Opens the port and reads the status once, so the state is usually known when this resolves.
   * Never longer than `startWaitMs`: serialport opens the port on libuv's thread pool, which a
   * stalled USB-serial driver or a busy SD card can hold for any time, and the desk must start
   * and answer HTTP regardless; the connection then goes on in the background (state `offline`
   * until it is done). A port that cannot be opened is retried; start itself never fails.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    const { path, startWaitMs } = this.options;
    this.report('offline', `connecting to ${path}`);
    const outcome = await this.withTimeout(this.connect(), startWaitMs);
    if (outcome === 'timeout' && this.running && this.status.state === 'offline') {
      this.log.warn({ path, waitedMs: startWaitMs }, 'printer still connecting; the desk starts without it');
      this.report('offline', `still connecting to ${path} (no answer within ${startWaitMs} ms)`);
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    this.clearTimer('reconnectTimer');
    this.clearTimer('pollTimer');
    this.answer('timeout');
    const port = this.port;
    this.port = null;
    if (port) {
      await new Promise<void>((resolve) => {
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      });
      port.removeAllListeners();
      port.on('error', () => {}); // late errors of a closed port must not crash the process
    }
    this.report('offline', 'stopped');
  }

  /** Prints one ticket; resolves when the last byte is handed to the port, or with a reason. */
  print(ticket: TicketPrintout): Promise<PrintResult> {
    return this.printLaidOut(() => layoutTicket(ticket), 'ticket');
  }

  /** Prints one receipt, in turn with the tickets. */
  printReceipt(receipt: ReceiptPrintout): Promise<PrintResult> {
    return this.printLaidOut(() => layoutReceipt(receipt), 'receipt');
  }

  private printLaidOut(layout: () => Buffer, what: string): Promise<PrintResult> {
    return new Promise<PrintResult>((resolve) => {
      void this.exclusive(async () => {
        let result: PrintResult;
        try {
          result = await this.printNow(layout, what);
        } catch (err) {
          this.log.error({ err: (err as Error).message }, 'printing failed');
          result = { printed: false, reason: `printer error: ${(err as Error).message}` };
        }
        resolve(result);
        // Right after a ticket: find out at once whether paper ran out.
        if (result.printed) await this.statusCycle();
      });
    });
  }

  private async printNow(layout: () => Buffer, what: string): Promise<PrintResult> {
    if (!this.running) return { printed: false, reason: 'printer stopped' };
    const { state, detail } = this.status;
    if (state === 'offline' || state === 'fault') return { printed: false, reason: `printer ${state}: ${detail}` };
    const port = this.port;
    if (!port || !port.isOpen) return { printed: false, reason: `printer offline: port ${this.options.path} not open` };
    let bytes: Buffer;
    try {
      bytes = layout();
    } catch (err) {
      return { printed: false, reason: `${what} could not be laid out: ${(err as Error).message}` };
    }
    const error = await this.withTimeout(this.writeAndDrain(port, bytes), this.writeTimeout(bytes.length));
    if (error === 'timeout') {
      this.log.warn({ path: this.options.path, bytes: bytes.length }, `printer did not take the ${what} in time`);
      return { printed: false, reason: `printer did not take the ${what} in time` };
    }
    if (error) return { printed: false, reason: `write to printer failed: ${error.message}` };
    return { printed: true, bytes: bytes.length };
  }

  private writeAndDrain(port: SerialPortLike, bytes: Buffer): Promise<Error | null> {
    return new Promise((resolve) => {
      port.write(bytes, (writeErr) => {
        if (writeErr) return resolve(writeErr);
        port.drain((drainErr) => resolve(drainErr ?? null));
      });
    });
  }

  private writeTimeout(bytes: number): number {
    if (this.options.writeTimeoutMs > 0) return this.options.writeTimeoutMs;
    // Ten bits a byte on the wire, three times over, never under 2 s.
    return Math.max(2000, Math.ceil(((bytes * 10) / this.options.baudRate) * 1000 * 3));
  }

  // --- connection -------------------------------------------------------------------------

  private async connect(): Promise<void> {
    if (!this.running || this.connecting || this.port) return;
    this.connecting = true;
    const { path, baudRate } = this.options;
    let port: SerialPortLike;
    try {
      // serialport (and its native binding) loads only when a serial printer is configured.
      const PortClass = this.options.SerialPortClass ?? (await import('serialport')).SerialPort;
      port = new PortClass({ path, baudRate, autoOpen: false });
    } catch (err) {
      this.connecting = false;
      this.report('offline', `cannot open ${path}: ${(err as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    // Never let an 'error' event go unhandled: it would crash the whole service.
    port.on('error', (err) => this.log.warn({ path, err: err.message }, 'printer port error'));
    const openErr = await new Promise<Error | null>((resolve) => port.open((err) => resolve(err ?? null)));
    this.connecting = false;
    if (openErr || !this.running) {
      if (openErr) {
        this.report('offline', `cannot open ${path}: ${openErr.message}`);
        this.scheduleReconnect();
      } else if (port.isOpen) port.close();
      return;
    }
    this.log.info({ path, baudRate }, 'printer port open');
    this.port = port;
    this.reconnectDelay = this.options.reconnectMinMs;
    port.on('data', (data) => this.onData(data));
    port.on('close', (err) => this.onClose(port, err));
    await this.pollNow();
  }

  private onClose(port: SerialPortLike, err: (Error & { disconnected?: boolean }) | null): void {
    if (port !== this.port) return;
    this.port = null;
    this.lastStatus = null;
    this.answer('timeout');
    // A failed write destroys the stream ('close' without an error) but may leave the file
    // descriptor open underneath: release it; a fresh port object is made on reconnect.
    if (port.isOpen) {
      try {
        port.close(() => {});
      } catch {
        // already closing
      }
    }
    if (!this.running) return;
    const why = err?.disconnected ? 'disconnected' : 'closed';
    this.report('offline', `port ${this.options.path} ${why}${err ? `: ${err.message}` : ''}`);
    this.clearTimer('pollTimer');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.running || this.reconnectTimer) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(this.reconnectDelay * 2, this.options.reconnectMaxMs);
    this.reconnectTimer = this.clock.setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
  }

  // --- status -----------------------------------------------------------------------------

  /** Queue a status cycle now (the poll timer is re-armed after it); resolves when it is done. */
  private pollNow(): Promise<void> {
    this.clearTimer('pollTimer');
    return this.exclusive(() => this.statusCycle());
  }

  private schedulePoll(): void {
    this.clearTimer('pollTimer');
    if (!this.running || !this.port) return;
    this.pollTimer = this.clock.setTimeout(() => {
      this.pollTimer = null;
      void this.pollNow();
    }, this.options.statusPollMs);
  }

  /** DLE EOT 1, 2, 4; must run inside `exclusive`. */
  private async statusCycle(): Promise<void> {
    if (!this.running || !this.port) return;
    const bytes: Partial<Record<StatusQueryNumber, number>> = {};
    for (const n of STATUS_QUERIES) {
      const byte = await this.query(n);
      if (typeof byte !== 'number') {
        if (this.port) {
          this.lastStatus = null;
          if (byte === 'timeout') {
            // The port is open but nobody answers: printer off, cable out, or the wrong port.
            const health = healthOf(null);
            this.report(health.state, health.detail);
          } else {
            this.report('offline', `cannot write to ${this.options.path}: ${byte.message}`);
          }
        }
        this.schedulePoll();
        return;
      }
      bytes[n] = byte;
    }
    const decoded = decodeStatus({ printer: bytes[1]!, offlineCause: bytes[2]!, paperSensor: bytes[4]! });
    if (decoded.ok) {
      this.lastStatus = decoded.status;
      const health = healthOf(decoded.status);
      this.report(health.state, health.detail);
    }
    this.schedulePoll();
  }

  /** One query: the first valid status byte after it, 'timeout', or the write error. */
  private query(n: StatusQueryNumber): Promise<number | 'timeout' | Error> {
    const port = this.port;
    if (!port) return Promise.resolve('timeout');
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.answer('timeout'), this.options.answerTimeoutMs);
      this.waiter = { resolve, timer };
      port.write(statusQuery(n), (err) => {
        if (err) this.answer(err);
      });
    });
  }

  private onData(data: Buffer): void {
    for (const byte of data) {
      if (!this.waiter) continue; // unsolicited bytes are dropped
      if (isStatusByte(byte)) this.answer(byte);
      else this.log.debug({ byte }, 'printer sent a byte that is not a status answer');
    }
  }

  private answer(answer: number | 'timeout' | Error): void {
    const waiter = this.waiter;
    if (!waiter) return;
    this.waiter = null;
    clearTimeout(waiter.timer);
    waiter.resolve(answer);
  }

  // --- helpers ----------------------------------------------------------------------------

  private exclusive<T>(job: () => Promise<T>): Promise<T> {
    const run = this.ioChain.then(job, job);
    this.ioChain = run.catch((err: Error) => this.log.error({ err: err.message }, 'printer job failed'));
    return run;
  }

  private withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | 'timeout'> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => resolve('timeout'), ms);
      promise.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (err: Error) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  }

  private clearTimer(name: 'reconnectTimer' | 'pollTimer'): void {
    const timer = this[name];
    if (timer) this.clock.clearTimeout(timer);
    this[name] = null;
  }

  private report(state: DeviceStateName, detail: string): void {
    const before = this.status;
    this.setState(state, detail);
    if (before.state !== state) {
      const level = state === 'ok' ? 'info' : 'warn';
      this.log[level]({ path: this.options.path, state, detail, was: before.state }, 'printer state');
    }
  }
}
