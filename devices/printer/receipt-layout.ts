import { EscPosEncoder } from './escpos-encoder.js';
import { localTime, type LocalizedText } from './ticket-layout.js';

/** A receipt (e.g. a card replacement fee): the same paper, encoder and GB18030 text as a queue ticket. */
export interface ReceiptPrintout {
  siteName: LocalizedText;
  title: LocalizedText;
  /** The receipt number, printed large and kept with the record. */
  number: string;
  /** ISO 8601 instant it was issued. */
  issuedAt: string;
  timezone: string;
  /** One "label: value" line each, in order. */
  items: { label: string; value: string }[];
  footer: LocalizedText;
}

type Block = { text: string; align: 'left' | 'center'; bold?: boolean; size?: number } | { blank: true };

function receiptBlocks(r: ReceiptPrintout): Block[] {
  return [
    { text: r.siteName.zh, align: 'center', bold: true },
    { text: r.siteName.en, align: 'center' },
    { blank: true },
    { text: `${r.title.zh} / ${r.title.en}`, align: 'center', bold: true },
    { text: `收据号 No. ${r.number}`, align: 'center', bold: true, size: 2 },
    { blank: true },
    { text: `时间 Time: ${localTime(r.issuedAt, r.timezone)}`, align: 'left' },
    ...r.items.map((i): Block => ({ text: `${i.label}: ${i.value}`, align: 'left' })),
    { blank: true },
    { text: r.footer.zh, align: 'center' },
    { text: r.footer.en, align: 'center' },
  ];
}

/** The text lines a receipt prints, in order, without empty lines (what a fake printer reads back). */
export function receiptText(r: ReceiptPrintout): string[] {
  return receiptBlocks(r).flatMap((b) => ('text' in b && b.text.replace(/[\u0000-\u001f\u007f]/g, '').length > 0 ? [b.text.replace(/[\u0000-\u001f\u007f]/g, '')] : []));
}

/** The ESC/POS bytes of one receipt: Chinese mode (GB18030), fed and partially cut. */
export function layoutReceipt(r: ReceiptPrintout): Buffer {
  const e = new EscPosEncoder().init().chineseMode(true);
  for (const block of receiptBlocks(r)) {
    if ('blank' in block) {
      e.line();
      continue;
    }
    e.align(block.align);
    if (block.bold) e.bold(true);
    if (block.size) e.size(block.size);
    e.line(block.text);
    if (block.size) e.size(1);
    if (block.bold) e.bold(false);
  }
  return e.feed(3).cut().encode();
}
