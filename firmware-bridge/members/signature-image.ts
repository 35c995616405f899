import { createHash } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

/** A signature drawn on the touchscreen, as the canvas gives it: a PNG data URL. */
const DATA_URL = /^data:image\/png;base64,([A-Za-z0-9+/]+={0,2})$/;
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A drawing bigger than this is not a signature from the pad. */
export const MAX_SIGNATURE_BYTES = 160 * 1024;

export type SignatureImage = { png: Buffer; sha256: string } | { problem: 'not_png' | 'blank' };

/**
 * Reads the pad's PNG: a real PNG (signature and IHDR), and not blank. The pad draws dark ink on a
 * transparent canvas, so an empty pad's pixels are all zero; any ink makes some filtered byte non-zero
 * (every PNG filter maps zero rows to zero and is invertible).
 */
export function readSignature(dataUrl: string): SignatureImage {
  const m = DATA_URL.exec(dataUrl);
  if (!m) return { problem: 'not_png' };
  const png = Buffer.from(m[1], 'base64');
  if (png.length > MAX_SIGNATURE_BYTES || png.length < 45 || !png.subarray(0, 8).equals(PNG_MAGIC)) return { problem: 'not_png' };
  const idat: Buffer[] = [];
  let width = 0;
  let height = 0;
  let bytesPerPixel = 0;
  for (let at = 8; at + 8 <= png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (data.length !== length) return { problem: 'not_png' };
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const bitDepth = data[8];
      const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[data[9] as 0 | 2 | 4 | 6];
      if (bitDepth !== 8 || !channels) return { problem: 'not_png' }; // a canvas gives 8-bit RGBA
      bytesPerPixel = channels;
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!width || !height || idat.length === 0 || width * height > 4_000_000) return { problem: 'not_png' };
  let raw: Buffer;
  try {
    raw = inflateSync(Buffer.concat(idat));
  } catch {
    return { problem: 'not_png' };
  }
  const stride = width * bytesPerPixel + 1;
  if (raw.length < stride * height) return { problem: 'not_png' };
  let ink = false;
  for (let row = 0; row < height && !ink; row++) {
    for (let i = row * stride + 1; i < (row + 1) * stride; i++) {
      if (raw[i] !== 0) {
        ink = true;
        break;
      }
    }
  }
  if (!ink) return { problem: 'blank' };
  return { png, sha256: createHash('sha256').update(png).digest('hex') };
}

/** Keeps the signature in the data dir (signatures/<id>.png), on disk before the record that names it is committed. */
export function storeSignature(dataDir: string, id: string, png: Buffer): string {
  const dir = join(dataDir, 'signatures');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${id}.png`);
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, png);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
  return `signatures/${id}.png`;
}
