import type { HidCardReaderConfig } from '../../config/schema/keys.js';

/** What the decoder needs from the reader's config. */
export type CardReportFormat = Pick<HidCardReaderConfig, 'format' | 'reportIdByte' | 'uidOffset' | 'uidLength' | 'uidEncoding' | 'uidByteOrder'>;

/** Carried between reports: the digits typed so far, or the card currently on the reader. */
export interface DecoderState {
  buffer: string;
  keysDown: readonly number[];
  currentUid: string | null;
}

export const initialDecoderState: DecoderState = { buffer: '', keysDown: [], currentUid: null };

const MAX_CARD_LENGTH = 64;
const ENTER = new Set([0x28, 0x58]);

/** HID keyboard usage ids (usage page 0x07) → characters a card number can hold. */
function usageToChar(usage: number): string | null {
  if (usage >= 0x04 && usage <= 0x1d) return String.fromCharCode(0x41 + usage - 0x04); // A–Z
  if (usage >= 0x1e && usage <= 0x26) return String(usage - 0x1d); // 1–9
  if (usage === 0x27 || usage === 0x62) return '0';
  if (usage >= 0x59 && usage <= 0x61) return String(usage - 0x58); // keypad 1–9
  if (usage === 0x2d || usage === 0x56) return '-';
  return null;
}

/**
 * Pure: one report in, the new state and any complete card numbers out. Tested on recorded reports.
 * - `scancodes`: keyboard-style reports `[modifier, 0, k1…k6]`; a key counts when it goes down
 *   (held keys repeat in every report), Enter ends the card number.
 * - `uid`: every report carries the card's UID at a fixed place; all zero means no card. A card
 *   left on the reader is read once.
 */
export function decodeCardReport(format: CardReportFormat, state: DecoderState, report: Uint8Array): { state: DecoderState; cards: string[] } {
  const body = format.reportIdByte ? report.subarray(1) : report;
  return format.format === 'uid' ? decodeUid(format, state, body) : decodeScancodes(state, body);
}

function decodeScancodes(state: DecoderState, body: Uint8Array): { state: DecoderState; cards: string[] } {
  const keys = [...body.subarray(2, 8)].filter((k) => k > 0x03); // 0 = none, 1–3 = rollover/errors
  const pressed = keys.filter((k) => !state.keysDown.includes(k));
  const cards: string[] = [];
  let buffer = state.buffer;
  for (const usage of pressed) {
    if (ENTER.has(usage)) {
      if (buffer) cards.push(buffer);
      buffer = '';
      continue;
    }
    const ch = usageToChar(usage);
    if (ch === null) continue;
    buffer = buffer.length >= MAX_CARD_LENGTH ? '' : buffer + ch; // runaway input: start over
  }
  return { state: { ...state, buffer, keysDown: keys }, cards };
}

function decodeUid(format: CardReportFormat, state: DecoderState, body: Uint8Array): { state: DecoderState; cards: string[] } {
  const bytes = body.subarray(format.uidOffset, format.uidOffset + format.uidLength);
  if (bytes.length < format.uidLength || bytes.every((b) => b === 0)) return { state: { ...state, currentUid: null }, cards: [] };
  const ordered = format.uidByteOrder === 'little' ? [...bytes].reverse() : [...bytes];
  const hex = ordered.map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
  const card = format.uidEncoding === 'hex' ? hex : BigInt(`0x${hex}`).toString().padStart(10, '0');
  if (card === state.currentUid) return { state, cards: [] };
  return { state: { ...state, currentUid: card }, cards: [card] };
}
