import iconv from 'iconv-lite';
import type { Alignment, QrErrorCorrection } from './escpos-encoder.js';

/**
 * Reads an ESC/POS byte stream back into what a printer would put on paper: text lines (GB18030
 * in Chinese mode) with their alignment, bold and size, native QR codes, and cuts. It is what the
 * fake printer and the simulator use to "print".
 *
 * Safe on any bytes: it never throws, skips commands it does not know, never buffers more than one
 * QR store command (≤ 64 KiB), and skips long image data by counting instead of buffering. Feed
 * it in chunks with `EscPosStreamParser.push`, or a whole buffer with `parseEscPos`.
 */

export interface EscPosLine {
  text: string;
  align: Alignment;
  bold: boolean;
  /** Character width and height multipliers (1–8) in effect when the line began. */
  width: number;
  height: number;
}

export interface EscPosQr {
  data: string;
  model: number;
  moduleSize: number;
  errorCorrection: QrErrorCorrection;
}

/** What came out between two cuts (or before the first one). */
export interface EscPosPrintout {
  lines: EscPosLine[];
  /** Texts of the non-empty lines, in order. */
  text: string[];
  qr: EscPosQr[];
  cut: 'full' | 'partial' | null;
  /** Bytes received for this printout, without real-time commands (status queries). */
  bytes: number;
}

export type EscPosEvent =
  | { type: 'line'; line: EscPosLine }
  | { type: 'qr'; qr: EscPosQr }
  | { type: 'cut'; printout: EscPosPrintout }
  | { type: 'status-query'; n: number }
  | { type: 'init' };

export interface EscPosDocument {
  lines: EscPosLine[];
  text: string[];
  qr: EscPosQr[];
  cuts: number;
  /** One per cut; content after the last cut is in `lines`/`qr` but not here. */
  printouts: EscPosPrintout[];
  /** n of every `DLE EOT n` seen. */
  statusQueries: number[];
  /** Commands the parser did not know and skipped. */
  unknownCommands: number;
}

const ALIGNMENTS: Alignment[] = ['left', 'center', 'right'];
const ECC_NAMES: Record<number, QrErrorCorrection> = { 48: 'L', 49: 'M', 50: 'Q', 51: 'H' };
/** Longest command the parser waits for in full (GS ( k with a 16-bit length). */
const MAX_BUFFERED = 5 + 0xffff;

interface Segment {
  chinese: boolean;
  bytes: number[];
}

export class EscPosStreamParser {
  /** Bytes of an incomplete command, kept until the rest arrives. */
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes still to skip of a long command we do not interpret (images). */
  private skipRemaining = 0;
  private events: EscPosEvent[] = [];
  /** Set by step for real-time commands, which are not part of any printout. */
  private realtime = false;
  /** Set by step for a cut, applied by push after the cut's bytes are counted. */
  private cutPending: 'full' | 'partial' | null = null;

  // Print modes.
  private chinese: boolean;
  private align: Alignment = 'left';
  private bold = false;
  private width = 1;
  private height = 1;

  // The line being built, with the modes of its first character.
  private segments: Segment[] = [];
  private lineModes: Omit<EscPosLine, 'text'> | null = null;

  // QR settings and stored symbol data.
  private qrModel = 2;
  private qrModuleSize = 3;
  private qrEcc: QrErrorCorrection = 'L';
  private qrStored: Buffer | null = null;

  // The printout in progress.
  private lines: EscPosLine[] = [];
  private qrs: EscPosQr[] = [];
  private printoutBytes = 0;

  unknownCommands = 0;

  constructor(options: { chineseByDefault?: boolean } = {}) {
    this.defaultChinese = options.chineseByDefault ?? false;
    this.chinese = this.defaultChinese;
  }

  private readonly defaultChinese: boolean;

  /** Feed bytes; returns what they completed, in order. Never throws. */
  push(chunk: Uint8Array): EscPosEvent[] {
    this.events = [];
    try {
      let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      if (this.skipRemaining > 0) {
        const skipped = Math.min(this.skipRemaining, data.length);
        this.skipRemaining -= skipped;
        this.printoutBytes += skipped;
        data = data.subarray(skipped);
      }
      const buf = this.pending.length > 0 ? Buffer.concat([this.pending, data]) : data;
      let i = 0;
      while (i < buf.length) {
        this.realtime = false;
        const used = this.step(buf, i);
        if (used === 0) break; // incomplete: wait for more bytes
        const here = Math.min(used, buf.length - i);
        if (!this.realtime) this.printoutBytes += here;
        if (this.cutPending !== null) this.cut(this.cutPending);
        // A long command we skip (image data): the rest is counted and dropped as it arrives.
        if (used > here) this.skipRemaining = used - here;
        i += here;
      }
      this.pending = Buffer.from(buf.subarray(i));
      if (this.pending.length > MAX_BUFFERED) {
        // Cannot happen with the commands we wait for; a guard so memory stays bounded.
        this.unknownCommands++;
        this.pending = Buffer.alloc(0);
      }
    } catch {
      // A bug in a branch above must not take down the printer process: drop what is pending.
      this.unknownCommands++;
      this.pending = Buffer.alloc(0);
      this.skipRemaining = 0;
      this.cutPending = null;
    }
    return this.events;
  }

  /** End of stream: an incomplete command is dropped, an unfinished line is kept as a line. */
  finish(): EscPosEvent[] {
    this.events = [];
    if (this.pending.length > 0) {
      this.unknownCommands++;
      this.pending = Buffer.alloc(0);
    }
    this.skipRemaining = 0;
    this.flushLine(false);
    return this.events;
  }

  /** Lines and QR codes received since the last cut. */
  get unfinished(): EscPosPrintout {
    return this.snapshot(null);
  }

  /**
   * Interpret the command or text run at buf[i]. Returns the bytes it takes (possibly more than
   * are left, for skipped data), or 0 when more bytes are needed to know.
   */
  private step(buf: Buffer, i: number): number {
    const b = buf[i];
    const left = buf.length - i;
    if (b >= 0x20) {
      let j = i;
      while (j < buf.length && buf[j] >= 0x20) j++;
      this.addText(buf.subarray(i, j));
      return j - i;
    }
    switch (b) {
      case 0x0a: // LF
        this.flushLine(true);
        return 1;
      case 0x0c: // FF: print (page mode); treat like a line end
        this.flushLine(false);
        return 1;
      case 0x09: // HT: a space is the nearest plain-text rendering
        this.addText(Buffer.from(' '));
        return 1;
      case 0x10:
        return this.dle(buf, i, left);
      case 0x1b:
        return this.esc(buf, i, left);
      case 0x1c:
        return this.fs(buf, i, left);
      case 0x1d:
        return this.gs(buf, i, left);
      default: // CR, NUL and other controls print nothing
        return 1;
    }
  }

  private dle(buf: Buffer, i: number, left: number): number {
    if (left < 2) return 0;
    const fn = buf[i + 1];
    if (fn === 0x04 || fn === 0x05) {
      // DLE EOT n (status), DLE ENQ n (real-time request): real-time, not part of the printout
      if (left < 3) return 0;
      this.realtime = true;
      if (fn === 0x04) this.events.push({ type: 'status-query', n: buf[i + 2] });
      return 3;
    }
    if (fn === 0x14) {
      // DLE DC4 fn …: pulse / power-off / clear buffers
      if (left < 3) return 0;
      const total = buf[i + 2] === 8 ? 10 : 5;
      if (left < total) return 0;
      this.realtime = true;
      return total;
    }
    this.unknownCommands++;
    return 1;
  }

  private esc(buf: Buffer, i: number, left: number): number {
    if (left < 2) return 0;
    const fn = buf[i + 1];
    const n = left >= 3 ? buf[i + 2] : -1;
    const needs = (total: number) => (left < total ? 0 : total);
    switch (fn) {
      case 0x40: // @ init
        this.chinese = this.defaultChinese;
        this.align = 'left';
        this.bold = false;
        this.width = this.height = 1;
        this.segments = [];
        this.lineModes = null;
        this.events.push({ type: 'init' });
        return 2;
      case 0x61: // a n
        if (n < 0) return 0;
        this.align = ALIGNMENTS[n % 48] ?? 'left';
        return 3;
      case 0x45: // E n
        if (n < 0) return 0;
        this.bold = (n & 1) === 1;
        return 3;
      case 0x21: // ! n: print mode (bold, double height, double width)
        if (n < 0) return 0;
        this.bold = (n & 0x08) !== 0;
        this.height = n & 0x10 ? 2 : 1;
        this.width = n & 0x20 ? 2 : 1;
        return 3;
      case 0x64: // d n: print and feed n lines
      case 0x4a: // J n: print and feed n dots
      case 0x65: // e n: print and reverse feed
        if (n < 0) return 0;
        this.flushLine(false);
        return 3;
      case 0x69: // i: full cut (obsolete)
      case 0x6d: // m: partial cut (obsolete)
        this.cutPending = fn === 0x69 ? 'full' : 'partial';
        return 2;
      case 0x32: // 2: default line spacing
      case 0x3c: // <: return home
      case 0x4c: // L: page mode
      case 0x53: // S: standard mode
        return 2;
      case 0x2d: // - n underline
      case 0x47: // G n double strike
      case 0x33: // 3 n line spacing
      case 0x20: // SP n character spacing
      case 0x4d: // M n font
      case 0x52: // R n international set
      case 0x74: // t n code table
      case 0x7b: // { n upside down
      case 0x56: // V n rotate
      case 0x3d: // = n select peripheral
      case 0x72: // r n colour
      case 0x55: // U n unidirectional
      case 0x54: // T n page direction
      case 0x25: // % n user characters
      case 0x3f: // ? n cancel user character
      case 0x75: // u n
      case 0x76: // v
        return needs(3);
      case 0x24: // $ nL nH absolute position
      case 0x5c: // \ nL nH relative position
      case 0x42: // B n t beeper
        return needs(4);
      case 0x63: // c 3 n / c 4 n / c 5 n
        return needs(4);
      case 0x70: // p m t1 t2 drawer pulse
        return needs(5);
      case 0x57: // W: page mode area
        return needs(10);
      case 0x44: {
        // D n1 … NUL: tab positions (at most 32)
        for (let j = i + 2; j < Math.min(buf.length, i + 35); j++) if (buf[j] === 0) return j - i + 1;
        return left < 35 ? 0 : 35;
      }
      case 0x2a: {
        // * m nL nH d…: bit image
        if (left < 5) return 0;
        const dots = buf[i + 3] + buf[i + 4] * 256;
        const m = buf[i + 2];
        return 5 + dots * (m === 32 || m === 33 ? 3 : 1);
      }
      default:
        this.unknownCommands++;
        return 2;
    }
  }

  private fs(buf: Buffer, i: number, left: number): number {
    if (left < 2) return 0;
    const fn = buf[i + 1];
    const needs = (total: number) => (left < total ? 0 : total);
    switch (fn) {
      case 0x26: // & Chinese mode on
        this.chinese = true;
        return 2;
      case 0x2e: // . Chinese mode off
        this.chinese = false;
        return 2;
      case 0x21: // ! n Chinese print mode
      case 0x2d: // - n Chinese underline
      case 0x43: // C n character code system
      case 0x57: // W n Chinese quadruple size
        return needs(3);
      case 0x53: // S n1 n2 Chinese spacing
      case 0x70: // p n m print NV image
        return needs(4);
      case 0x32: // 2 c1 c2 d1…d72 user-defined Chinese character
        return 76;
      case 0x28: {
        // ( x pL pH …
        if (left < 5) return 0;
        return 5 + buf[i + 3] + buf[i + 4] * 256;
      }
      default:
        this.unknownCommands++;
        return 2;
    }
  }

  private gs(buf: Buffer, i: number, left: number): number {
    if (left < 2) return 0;
    const fn = buf[i + 1];
    const n = left >= 3 ? buf[i + 2] : -1;
    const needs = (total: number) => (left < total ? 0 : total);
    switch (fn) {
      case 0x21: // ! n size
        if (n < 0) return 0;
        this.width = ((n >> 4) & 7) + 1;
        this.height = (n & 7) + 1;
        return 3;
      case 0x56: {
        // V m [n] cut
        if (n < 0) return 0;
        const withFeed = n === 65 || n === 66 || n === 97 || n === 98 || n === 103 || n === 104;
        if (withFeed && left < 4) return 0;
        if (n === 0 || n === 48 || n === 65 || n === 97 || n === 103) this.cutPending = 'full';
        else if (n === 1 || n === 49 || n === 66 || n === 98 || n === 104) this.cutPending = 'partial';
        else this.unknownCommands++;
        return withFeed ? 4 : 3;
      }
      case 0x28: {
        // ( x pL pH …
        if (left < 5) return 0;
        const length = buf[i + 3] + buf[i + 4] * 256;
        if (buf[i + 2] !== 0x6b) return 5 + length; // not a 2-D code: skip
        if (left < 5 + length) return 0;
        this.qrCommand(buf.subarray(i + 5, i + 5 + length));
        return 5 + length;
      }
      case 0x42: // B n reverse
      case 0x48: // H n HRI position
      case 0x68: // h n barcode height
      case 0x77: // w n barcode width
      case 0x66: // f n HRI font
      case 0x61: // a n status back
      case 0x72: // r n transmit status
      case 0x49: // I n printer id
      case 0x62: // b n smoothing
      case 0x54: // T n
      case 0x2f: // / m print downloaded image
        return needs(3);
      case 0x4c: // L nL nH left margin
      case 0x57: // W nL nH print area width
      case 0x50: // P x y motion units
      case 0x24: // $ nL nH
      case 0x5c: // \ nL nH
        return needs(4);
      case 0x5e: // ^ r t m
        return needs(5);
      case 0x3a: // : macro
        return 2;
      case 0x6b: {
        // k m …: barcode
        if (n < 0) return 0;
        if (n <= 6) {
          for (let j = i + 3; j < Math.min(buf.length, i + 259); j++) if (buf[j] === 0) return j - i + 1;
          return left < 259 ? 0 : 259;
        }
        if (left < 4) return 0;
        return 4 + buf[i + 3];
      }
      case 0x76: {
        // v 0 m xL xH yL yH d…: raster image
        if (left < 8) return 0;
        return 8 + (buf[i + 4] + buf[i + 5] * 256) * (buf[i + 6] + buf[i + 7] * 256);
      }
      case 0x2a: {
        // * x y d…: downloaded bit image
        if (left < 4) return 0;
        return 4 + buf[i + 2] * buf[i + 3] * 8;
      }
      case 0x38: {
        // 8 L p1 p2 p3 p4 …: long graphics commands
        if (left < 7) return 0;
        return 7 + buf[i + 3] + buf[i + 4] * 0x100 + buf[i + 5] * 0x10000 + buf[i + 6] * 0x1000000;
      }
      default:
        this.unknownCommands++;
        return 2;
    }
  }

  /** The cn fn … part of GS ( k. */
  private qrCommand(body: Buffer): void {
    if (body.length < 2 || body[0] !== 0x31) {
      this.unknownCommands++; // PDF417 and other symbols are not ours
      return;
    }
    const fn = body[1];
    switch (fn) {
      case 0x41: // 165 model
        if (body.length >= 3) this.qrModel = body[2] === 0x31 ? 1 : body[2] === 0x33 ? 3 : 2;
        return;
      case 0x43: // 167 module size
        if (body.length >= 3) this.qrModuleSize = body[2];
        return;
      case 0x45: // 169 error correction
        if (body.length >= 3) this.qrEcc = ECC_NAMES[body[2]] ?? this.qrEcc;
        return;
      case 0x50: // 180 store
        this.qrStored = Buffer.from(body.subarray(3));
        return;
      case 0x51: {
        // 181 print: prints the stored symbol (and prints nothing when none is stored)
        if (this.qrStored === null || this.qrStored.length === 0) return;
        this.flushLine(false);
        const qr: EscPosQr = {
          data: this.qrStored.toString('utf8'),
          model: this.qrModel,
          moduleSize: this.qrModuleSize,
          errorCorrection: this.qrEcc,
        };
        this.qrs.push(qr);
        this.events.push({ type: 'qr', qr });
        return;
      }
      default:
        return; // size info and the like
    }
  }

  private addText(bytes: Buffer): void {
    if (this.lineModes === null) {
      this.lineModes = { align: this.align, bold: this.bold, width: this.width, height: this.height };
    }
    const last = this.segments[this.segments.length - 1];
    if (last && last.chinese === this.chinese) {
      for (const byte of bytes) last.bytes.push(byte);
    } else {
      this.segments.push({ chinese: this.chinese, bytes: Array.from(bytes) });
    }
  }

  /** End the line being built; with `evenIfEmpty` (LF) an empty line is a line too. */
  private flushLine(evenIfEmpty: boolean): void {
    if (this.segments.length === 0 && !evenIfEmpty) return;
    const text = this.segments
      .map((s) => (s.chinese ? iconv.decode(Buffer.from(s.bytes), 'gb18030') : Buffer.from(s.bytes).toString('latin1')))
      .join('');
    const modes = this.lineModes ?? { align: this.align, bold: this.bold, width: this.width, height: this.height };
    const line: EscPosLine = { text, ...modes };
    this.segments = [];
    this.lineModes = null;
    this.lines.push(line);
    this.events.push({ type: 'line', line });
  }

  /** Called by push once the cut command's bytes are counted into the printout it ends. */
  private cut(kind: 'full' | 'partial'): void {
    this.cutPending = null;
    this.flushLine(false);
    const printout = this.snapshot(kind);
    this.lines = [];
    this.qrs = [];
    this.printoutBytes = 0;
    this.events.push({ type: 'cut', printout });
  }

  private snapshot(cut: 'full' | 'partial' | null): EscPosPrintout {
    return {
      lines: [...this.lines],
      text: this.lines.map((l) => l.text).filter((t) => t.length > 0),
      qr: [...this.qrs],
      cut,
      bytes: this.printoutBytes,
    };
  }
}

/** Parse a whole byte buffer. Never throws. */
export function parseEscPos(bytes: Uint8Array, options: { chineseByDefault?: boolean } = {}): EscPosDocument {
  const parser = new EscPosStreamParser(options);
  const events = [...parser.push(bytes), ...parser.finish()];
  const doc: EscPosDocument = { lines: [], text: [], qr: [], cuts: 0, printouts: [], statusQueries: [], unknownCommands: 0 };
  for (const e of events) {
    if (e.type === 'line') {
      doc.lines.push(e.line);
      if (e.line.text.length > 0) doc.text.push(e.line.text);
    } else if (e.type === 'qr') doc.qr.push(e.qr);
    else if (e.type === 'cut') {
      doc.cuts++;
      doc.printouts.push(e.printout);
    } else if (e.type === 'status-query') doc.statusQueries.push(e.n);
  }
  doc.unknownCommands = parser.unknownCommands;
  return doc;
}
