import type { DeviceStateName } from '../device.js';

/**
 * Decoding of the answers to the real-time status queries `DLE EOT n` (10 04 n).
 * Each answer is one byte whose fixed bits are: bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0,
 * i.e. `(byte & 0x93) === 0x12`. A byte that breaks this is garbage (line noise, a stray byte of
 * something else) and is rejected rather than misread.
 *
 *   n = 1 printer status:   bit 3 offline
 *   n = 2 offline cause:    bit 2 cover open, bit 3 paper being fed by the feed button,
 *                           bit 5 printing stopped because paper ran out, bit 6 error
 *   n = 4 paper sensor:     bits 2–3 paper near end, bits 5–6 paper end
 */

/** The queries the driver sends, in order. */
export const STATUS_QUERIES = [1, 2, 4] as const;
export type StatusQueryNumber = (typeof STATUS_QUERIES)[number];

export interface PrinterStatus {
  online: boolean;
  coverOpen: boolean;
  paperNearEnd: boolean;
  paperOut: boolean;
  error: boolean;
  /** Paper is being fed with the feed button (the printer is briefly offline). */
  feedButton: boolean;
}

/** The raw answer bytes, one per query. */
export interface StatusAnswers {
  printer: number;
  offlineCause: number;
  paperSensor: number;
}

export type StatusDecoding = { ok: true; status: PrinterStatus } | { ok: false; reason: string };

const FIXED_MASK = 0x93;
const FIXED_VALUE = 0x12;

/** True when the byte has the fixed bits of a `DLE EOT` answer. */
export function isStatusByte(byte: number): boolean {
  return Number.isInteger(byte) && byte >= 0 && byte <= 0xff && (byte & FIXED_MASK) === FIXED_VALUE;
}

export function decodeStatus(answers: StatusAnswers): StatusDecoding {
  for (const [name, byte] of Object.entries(answers) as [keyof StatusAnswers, number][]) {
    if (!isStatusByte(byte)) {
      return { ok: false, reason: `invalid ${name} status byte 0x${hex(byte)}` };
    }
  }
  const { printer, offlineCause, paperSensor } = answers;
  return {
    ok: true,
    status: {
      online: (printer & 0x08) === 0,
      coverOpen: (offlineCause & 0x04) !== 0,
      feedButton: (offlineCause & 0x08) !== 0,
      error: (offlineCause & 0x40) !== 0,
      paperNearEnd: (paperSensor & 0x0c) !== 0,
      paperOut: (paperSensor & 0x60) !== 0 || (offlineCause & 0x20) !== 0,
    },
  };
}

export interface PrinterHealth {
  state: DeviceStateName;
  detail: string;
}

/**
 * Device state for a decoded status; `null` means the printer did not answer.
 * fault: paper out, cover open, error, or offline for no reason it tells; degraded: paper near end
 * or feeding paper by hand; otherwise ok.
 */
export function healthOf(status: PrinterStatus | null): PrinterHealth {
  if (status === null) return { state: 'offline', detail: 'no answer to status query' };
  const faults: string[] = [];
  if (status.paperOut) faults.push('paper out');
  if (status.coverOpen) faults.push('cover open');
  if (status.error) faults.push('printer error');
  if (faults.length > 0) return { state: 'fault', detail: faults.join(', ') };
  if (!status.online && !status.feedButton) return { state: 'fault', detail: 'printer reports offline' };
  const warnings: string[] = [];
  if (status.paperNearEnd) warnings.push('paper near end');
  if (status.feedButton) warnings.push('paper being fed');
  if (warnings.length > 0) return { state: 'degraded', detail: warnings.join(', ') };
  return { state: 'ok', detail: 'ready' };
}

/** Status bytes a printer in the given condition answers (used by the fake printer and tests). */
export function encodeStatus(status: Partial<PrinterStatus>): StatusAnswers {
  const s: PrinterStatus = {
    online: true,
    coverOpen: false,
    paperNearEnd: false,
    paperOut: false,
    error: false,
    feedButton: false,
    ...status,
  };
  // A real printer goes offline while the cover is open, paper is out, on error or while feeding.
  const offline = !s.online || s.coverOpen || s.paperOut || s.error || s.feedButton;
  return {
    printer: FIXED_VALUE | (offline ? 0x08 : 0),
    offlineCause:
      FIXED_VALUE | (s.coverOpen ? 0x04 : 0) | (s.feedButton ? 0x08 : 0) | (s.paperOut ? 0x20 : 0) | (s.error ? 0x40 : 0),
    paperSensor: FIXED_VALUE | (s.paperNearEnd || s.paperOut ? 0x0c : 0) | (s.paperOut ? 0x60 : 0),
  };
}

function hex(byte: number): string {
  return Number.isInteger(byte) && byte >= 0 ? byte.toString(16).padStart(2, '0') : String(byte);
}
