import iconv from 'iconv-lite';

/**
 * Our own ESC/POS encoder: text (GB18030 in Chinese mode) and the printer's native QR code.
 * Bytes out only, no I/O. Every method appends to the buffer and returns `this`.
 *
 * Command reference (Epson ESC/POS, which the common 58/80 mm Chinese thermal printers follow):
 *   ESC @        init                      1B 40
 *   FS &  / FS . Chinese character mode on / off   1C 26 / 1C 2E
 *   ESC a n      alignment 0 left 1 centre 2 right 1B 61 n
 *   ESC E n      bold on/off               1B 45 n
 *   GS ! n       character size: high nibble = width-1, low nibble = height-1   1D 21 n
 *   LF           print the line and feed   0A
 *   ESC d n      print and feed n lines    1B 64 n
 *   GS ( k       QR code (fn 165 model, 167 module size, 169 error correction, 180 store, 181 print)
 *   GS V 66 n    feed n units and partial cut   1D 56 42 n
 */

export const ESC = 0x1b;
export const FS = 0x1c;
export const GS = 0x1d;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

export type Alignment = 'left' | 'center' | 'right';
export type QrErrorCorrection = 'L' | 'M' | 'Q' | 'H';

const ALIGN_CODE: Record<Alignment, number> = { left: 0, center: 1, right: 2 };
const ECC_CODE: Record<QrErrorCorrection, number> = { L: 48, M: 49, Q: 50, H: 51 };

/** The most a QR code symbol (version 40) can hold in byte mode at the lowest correction level. */
export const QR_MAX_DATA_BYTES = 2953;

export interface QrOptions {
  /** Module (dot) size 1–16; 4–6 reads well on 58 mm paper. */
  moduleSize?: number;
  errorCorrection?: QrErrorCorrection;
}

export class EscPosEncoder {
  private readonly chunks: Buffer[] = [];
  private chinese = false;

  /** ESC @ — reset the printer to its power-on modes (also leaves Chinese mode). */
  init(): this {
    this.chinese = false;
    return this.raw([ESC, 0x40]);
  }

  /** FS & / FS . — Chinese character mode; text is then encoded as GB18030. */
  chineseMode(on = true): this {
    this.chinese = on;
    return this.raw(on ? [FS, 0x26] : [FS, 0x2e]);
  }

  /** ESC a n */
  align(alignment: Alignment): this {
    return this.raw([ESC, 0x61, ALIGN_CODE[alignment]]);
  }

  /** ESC E n */
  bold(on = true): this {
    return this.raw([ESC, 0x45, on ? 1 : 0]);
  }

  /** GS ! n — character width and height multipliers, 1–8 each. */
  size(width = 1, height = width): this {
    const w = clampInt(width, 1, 8) - 1;
    const h = clampInt(height, 1, 8) - 1;
    return this.raw([GS, 0x21, (w << 4) | h]);
  }

  /**
   * Text without a line feed. Control characters are dropped (they would be read as commands);
   * outside Chinese mode, characters beyond ASCII print as '?'.
   */
  text(value: string): this {
    const clean = value.replace(/[\u0000-\u001f\u007f]/g, '');
    if (clean.length === 0) return this;
    if (this.chinese) return this.raw(iconv.encode(clean, 'gb18030'));
    return this.raw(Buffer.from(clean.replace(/[^\u0020-\u007e]/g, '?'), 'latin1'));
  }

  /** Text then LF. `line()` alone prints an empty line. */
  line(value = ''): this {
    return this.text(value).raw([LF]);
  }

  /** ESC d n — print what is buffered and feed n lines. */
  feed(lines = 1): this {
    return this.raw([ESC, 0x64, clampInt(lines, 0, 255)]);
  }

  /**
   * The printer's own QR code (model 2): set module size and error correction, store the data,
   * print it. Data is sent as UTF-8 bytes (a URL is plain ASCII).
   */
  qr(data: string, options: QrOptions = {}): this {
    const payload = Buffer.from(data, 'utf8');
    if (payload.length === 0) throw new RangeError('QR data is empty');
    if (payload.length > QR_MAX_DATA_BYTES) throw new RangeError(`QR data is ${payload.length} bytes; at most ${QR_MAX_DATA_BYTES}`);
    const moduleSize = clampInt(options.moduleSize ?? 5, 1, 16);
    const ecc = ECC_CODE[options.errorCorrection ?? 'M'];
    const storeLength = payload.length + 3;
    this.raw([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]); // fn 165: model 2
    this.raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, moduleSize]); // fn 167: module size
    this.raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, ecc]); // fn 169: error correction
    this.raw([GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30]); // fn 180: store
    this.raw(payload);
    return this.raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]); // fn 181: print
  }

  /** GS V 66 n — feed n motion units to the cutter, then partial cut (one point left uncut). */
  cut(feedUnits = 0): this {
    return this.raw([GS, 0x56, 0x42, clampInt(feedUnits, 0, 255)]);
  }

  /** Append bytes as they are. */
  raw(bytes: ArrayLike<number> | Buffer): this {
    this.chunks.push(Buffer.isBuffer(bytes) ? bytes : Buffer.from(Array.from(bytes)));
    return this;
  }

  /** All bytes so far. */
  encode(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** DLE EOT n — real-time status query (n = 1 printer, 2 offline cause, 3 error cause, 4 paper sensor). */
export function statusQuery(n: 1 | 2 | 3 | 4): Buffer {
  return Buffer.from([DLE, EOT, n]);
}

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
