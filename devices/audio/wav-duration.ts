import { openSync, readSync, closeSync, fstatSync } from 'node:fs';

/** Duration of a PCM WAV file from its header (espeak-ng and sox write plain RIFF/WAVE). */
export function wavDurationSec(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(Math.min(size, 4096));
    readSync(fd, head, 0, head.length, 0);
    if (head.toString('ascii', 0, 4) !== 'RIFF' || head.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${file}: not a WAV file`);
    let offset = 12;
    let byteRate = 0;
    while (offset + 8 <= head.length) {
      const id = head.toString('ascii', offset, offset + 4);
      const length = head.readUInt32LE(offset + 4);
      if (id === 'fmt ') byteRate = head.readUInt32LE(offset + 16);
      if (id === 'data') {
        if (!byteRate) break;
        // espeak-ng writing to a pipe leaves 0x7fffffff-ish sizes: trust the file size instead.
        const dataBytes = Math.min(length, size - offset - 8);
        return dataBytes / byteRate;
      }
      offset += 8 + length + (length % 2);
    }
    throw new Error(`${file}: WAV header without fmt/data`);
  } finally {
    closeSync(fd);
  }
}
