import { localParts } from '../../firmware-bridge/kernel/local-time.js';
import { EscPosEncoder, type Alignment } from './escpos-encoder.js';

export interface LocalizedText {
  zh: string;
  en: string;
}

/** Everything printed on a queue ticket; the printer knows nothing else about tickets. */
export interface TicketPrintout {
  siteName: LocalizedText;
  /** e.g. "A012" */
  number: string;
  serviceName: LocalizedText;
  /** ISO 8601 instant the ticket was issued. */
  issuedAt: string;
  /** IANA zone the time is printed in, e.g. "Asia/Shanghai". */
  timezone: string;
  /** Tickets waiting before this one. */
  ahead: number;
  estimatedWaitSec: number;
  /** Where the QR code leads (the ticket's status page). */
  qrUrl: string;
  /** Replaces the default polite closing lines. */
  footer?: LocalizedText;
}

/** The polite closing lines (docs/domain.md#service-wording: 您好、请、谢谢). */
export const DEFAULT_FOOTER: LocalizedText = {
  zh: '您好，请留意叫号，过号请重新取号。谢谢！',
  en: 'Please listen for your number; if missed, take a new one. Thank you!',
};

/**
 * QR module size in dots: 6 = 0.75 mm at 203 dpi, easy for a phone. A ticket under 600 bytes
 * leaves room for a URL of about 150 characters (QR version 8 at level M, 49 modules = 294 dots),
 * which still fits the 384 dots of 58 mm paper.
 */
const QR_MODULE_SIZE = 6;

type Block =
  | { text: string; align: Alignment; bold?: boolean; size?: number }
  | { qr: string }
  | { blank: true };

/** The ticket from top to bottom; both the bytes and the expected text are made from this. */
function ticketBlocks(ticket: TicketPrintout): Block[] {
  const footer = ticket.footer ?? DEFAULT_FOOTER;
  const ahead = Math.max(0, Math.trunc(Number.isFinite(ticket.ahead) ? ticket.ahead : 0));
  const minutes = waitMinutes(ticket.estimatedWaitSec);
  return [
    { text: ticket.siteName.zh, align: 'center', bold: true },
    { text: ticket.siteName.en, align: 'center' },
    { blank: true },
    { text: ticket.number, align: 'center', bold: true, size: 2 },
    { text: ticket.serviceName.zh, align: 'center' },
    { text: ticket.serviceName.en, align: 'center' },
    { blank: true },
    { text: `取号时间 Time: ${localTime(ticket.issuedAt, ticket.timezone)}`, align: 'left' },
    { text: `前面还有 ${ahead} 人 / ${ahead} ahead`, align: 'left' },
    { text: minutes === 0 ? '无需等待 / no wait' : `预计等待约 ${minutes} 分钟 / about ${minutes} min`, align: 'left' },
    { qr: ticket.qrUrl },
    { text: '扫码查看进度 / Scan for your turn', align: 'center' },
    { text: footer.zh, align: 'center' },
    { text: footer.en, align: 'center' },
  ];
}

/**
 * The text lines a ticket prints, in order, without empty lines: what the fake printer and the
 * simulator read back from the bytes (tests compare against this).
 */
export function ticketText(ticket: TicketPrintout): string[] {
  return ticketBlocks(ticket).flatMap((b) => ('text' in b && clean(b.text).length > 0 ? [clean(b.text)] : []));
}

/** The ESC/POS bytes of one ticket: text + native QR, fed and partially cut. */
export function layoutTicket(ticket: TicketPrintout): Buffer {
  const e = new EscPosEncoder().init().chineseMode(true);
  for (const block of ticketBlocks(ticket)) {
    if ('blank' in block) e.line();
    else if ('qr' in block) e.align('center').qr(block.qr, { moduleSize: QR_MODULE_SIZE, errorCorrection: 'M' });
    else {
      e.align(block.align);
      if (block.bold) e.bold(true);
      if (block.size) e.size(block.size);
      e.line(block.text);
      if (block.size) e.size(1);
      if (block.bold) e.bold(false);
    }
  }
  return e.feed(3).cut().encode();
}

/** What the encoder keeps of a text (it drops control characters). */
function clean(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, '');
}

/** Minutes shown for a wait: rounded up, so "about 1 min" for 20 s. */
export function waitMinutes(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds <= 0) return 0;
  return Math.ceil(seconds / 60);
}

/** "2026-11-24 09:30" in the given zone; the raw text when it is not a valid instant. */
export function localTime(iso: string, timezone: string): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return iso;
  try {
    const p = localParts(instant, timezone);
    return `${p.date} ${String(Math.floor(p.minutes / 60)).padStart(2, '0')}:${String(p.minutes % 60).padStart(2, '0')}`;
  } catch {
    return iso; // unknown time zone
  }
}
