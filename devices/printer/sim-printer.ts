import { DeviceBase } from '../device.js';
import { parseEscPos, type EscPosLine, type EscPosQr } from './escpos-parser.js';
import type { PrintResult } from './serial-printer.js';
import { healthOf } from './status-decoder.js';
import { layoutReceipt, type ReceiptPrintout } from './receipt-layout.js';
import { layoutTicket, type TicketPrintout } from './ticket-layout.js';

/** One simulated ticket, read back from the bytes the real printer would have received. */
export interface SimPrintout {
  /** ISO time it was printed. */
  at: string;
  number: string;
  bytes: number;
  /** Non-empty text lines as printed. */
  text: string[];
  /** Lines with alignment, bold and size, for drawing the ticket on screen. */
  lines: EscPosLine[];
  qr: EscPosQr[];
  cut: boolean;
}

export type SimCondition = 'ok' | 'paper_near_end' | 'paper_out' | 'cover_open' | 'offline';

/**
 * The demo printer: it lays the ticket out exactly as the serial printer would, parses the bytes
 * back, and keeps the last N printouts so the UI can show "the simulated ticket". Always ok unless
 * told otherwise with `simulate`. Emits 'printout' with each SimPrintout.
 */
export class SimPrinter extends DeviceBase {
  private readonly printouts: SimPrintout[] = [];
  private condition: SimCondition = 'ok';
  private running = false;

  constructor(
    now: () => number = Date.now,
    private readonly keep = 20,
    id = 'printer',
  ) {
    super(id, 'printer', now);
  }

  async start(): Promise<void> {
    this.running = true;
    this.apply();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.setState('offline', 'stopped');
  }

  /** Put the simulated printer in a condition (the demo's "paper out" button). */
  simulate(condition: SimCondition): void {
    this.condition = condition;
    if (this.running) this.apply();
  }

  /** The most recent printouts, newest first (at most `keep`). */
  lastPrintouts(): SimPrintout[] {
    return [...this.printouts].reverse();
  }

  async print(ticket: TicketPrintout): Promise<PrintResult> {
    return this.printLaidOut(() => layoutTicket(ticket), ticket.number, 'ticket');
  }

  /** A receipt goes the same way; its printout's `number` is the receipt number. */
  async printReceipt(receipt: ReceiptPrintout): Promise<PrintResult> {
    return this.printLaidOut(() => layoutReceipt(receipt), receipt.number, 'receipt');
  }

  private printLaidOut(layout: () => Buffer, number: string, what: string): PrintResult {
    if (!this.running) return { printed: false, reason: 'printer stopped' };
    const { state, detail } = this.status;
    if (state === 'offline' || state === 'fault') return { printed: false, reason: `printer ${state}: ${detail}` };
    let bytes: Buffer;
    try {
      bytes = layout();
    } catch (err) {
      return { printed: false, reason: `${what} could not be laid out: ${(err as Error).message}` };
    }
    const doc = parseEscPos(bytes);
    const printout: SimPrintout = {
      at: new Date(this.now()).toISOString(),
      number,
      bytes: bytes.length,
      text: doc.text,
      lines: doc.lines,
      qr: doc.qr,
      cut: doc.cuts > 0,
    };
    this.printouts.push(printout);
    while (this.printouts.length > this.keep) this.printouts.shift();
    this.emit('printout', printout);
    return { printed: true, bytes: bytes.length };
  }

  private apply(): void {
    switch (this.condition) {
      case 'offline':
        this.setState('offline', 'simulated printer switched off');
        return;
      case 'paper_out':
      case 'cover_open':
      case 'paper_near_end': {
        const health = healthOf({
          online: this.condition === 'paper_near_end',
          coverOpen: this.condition === 'cover_open',
          paperOut: this.condition === 'paper_out',
          paperNearEnd: this.condition === 'paper_near_end',
          error: false,
          feedButton: false,
        });
        this.setState(health.state, `${health.detail} (simulated)`);
        return;
      }
      default:
        this.setState('ok', 'simulated printer');
    }
  }
}
