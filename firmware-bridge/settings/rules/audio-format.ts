export type AudioFormat = 'mp3' | 'wav' | 'ogg' | 'flac';

/**
 * The audio format a file's first bytes say it is, whatever its name: RIFF…WAVE, OggS, fLaC, an
 * ID3 tag or an MPEG audio frame sync. Null for anything else (a text file renamed .mp3, say).
 */
export function audioFormatOf(head: Uint8Array): AudioFormat | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...head.subarray(from, to));
  if (head.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WAVE') return 'wav';
  if (head.length >= 4 && ascii(0, 4) === 'OggS') return 'ogg';
  if (head.length >= 4 && ascii(0, 4) === 'fLaC') return 'flac';
  if (head.length >= 3 && ascii(0, 3) === 'ID3') return 'mp3';
  // MPEG-1/2 layer III frame header: 11 sync bits, a valid version, layer III, a valid bitrate.
  if (head.length >= 3 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0 && (head[1] & 0x18) !== 0x08 && (head[1] & 0x06) === 0x02 && (head[2] & 0xf0) !== 0xf0) return 'mp3';
  return null;
}

/** A safe file name for an uploaded track: letters, digits, CJK, "-", "_" and spaces; the extension its format's. */
export function trackFileName(wanted: string, format: AudioFormat): string | null {
  const stem = wanted
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .trim()
    .slice(0, 80);
  return stem ? `${stem}.${format}` : null;
}

/** Names the list and delete routes accept: what trackFileName makes (no paths, no dot files). */
export function isTrackFileName(name: string): boolean {
  return /^[\p{L}\p{N} _-]+\.(mp3|wav|ogg|flac)$/u.test(name);
}
