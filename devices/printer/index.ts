import type { PrinterConfig } from '../../config/schema/devices.js';
import type { Clock } from '../../firmware-bridge/kernel/clock.js';
import { DeviceBase, type Device } from '../device.js';
import { SerialPrinter, type PrintResult, type PrinterLog, type SerialPortClass } from './serial-printer.js';
import { SimPrinter } from './sim-printer.js';
import type { ReceiptPrintout } from './receipt-layout.js';
import type { TicketPrintout } from './ticket-layout.js';

export type { PrintResult, PrinterLog, SerialPortClass, SerialPortLike } from './serial-printer.js';
export { SerialPrinter } from './serial-printer.js';
export { SimPrinter, type SimCondition, type SimPrintout } from './sim-printer.js';
export { layoutReceipt, receiptText, type ReceiptPrintout } from './receipt-layout.js';
export { layoutTicket, ticketText, DEFAULT_FOOTER, type LocalizedText, type TicketPrintout } from './ticket-layout.js';
export { parseEscPos, EscPosStreamParser, type EscPosDocument, type EscPosLine, type EscPosPrintout, type EscPosQr } from './escpos-parser.js';
export { decodeStatus, encodeStatus, healthOf, isStatusByte, type PrinterStatus } from './status-decoder.js';

/** A ticket printer: a device with a state, that prints tickets (and receipts) and never throws doing so. */
export interface Printer extends Device {
  print(ticket: TicketPrintout): Promise<PrintResult>;
  printReceipt(receipt: ReceiptPrintout): Promise<PrintResult>;
}

export interface CreatePrinterOptions {
  /** Timers (status polls, reconnects, answer timeouts) and time; defaults to the system clock. */
  clock?: Clock;
  /** Time for state `since` stamps; defaults to the clock's. */
  now?: () => number;
  log?: PrinterLog;
  /** Unit tests: `SerialPortMock`. */
  SerialPortClass?: SerialPortClass;
}

/** The printer the config asks for: `sim`, `serial` (path, baud, statusPollMs) or `none`. */
export function createPrinter(config: PrinterConfig, options: CreatePrinterOptions = {}): Printer {
  const now = options.now ?? (options.clock ? () => options.clock!.now() : Date.now);
  switch (config.kind) {
    case 'sim':
      return new SimPrinter(now);
    case 'serial':
      return new SerialPrinter({
        path: config.path,
        baudRate: config.baud,
        statusPollMs: config.statusPollMs,
        clock: options.clock,
        now,
        log: options.log,
        SerialPortClass: options.SerialPortClass,
      });
    case 'none':
      return new NoPrinter(now);
  }
}

/** `none`: always offline, refuses every ticket. */
export class NoPrinter extends DeviceBase implements Printer {
  constructor(now: () => number = Date.now) {
    super('printer', 'printer', now);
    this.setDisabled('no printer configured'); // a hall may run without one: numbers on screen only
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  async print(): Promise<PrintResult> {
    return { printed: false, reason: 'no printer configured' };
  }

  async printReceipt(): Promise<PrintResult> {
    return { printed: false, reason: 'no printer configured' };
  }
}
