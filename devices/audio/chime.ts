import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The two-tone chime said before a queue call (E6 then C6), made once with sox into the cache. */
export async function ensureChime(cacheDir: string, sox = 'sox'): Promise<string> {
  const file = join(cacheDir, 'chime-v1.wav');
  if (existsSync(file)) return file;
  const high = join(cacheDir, `chime-high.${process.pid}.wav`);
  const low = join(cacheDir, `chime-low.${process.pid}.wav`);
  try {
    await sox_(sox, ['-n', '-r', '22050', '-c', '1', '-b', '16', high, 'synth', '0.35', 'sine', '1318.5', 'fade', 'q', '0.01', '0.35', '0.25', 'vol', '0.5']);
    await sox_(sox, ['-n', '-r', '22050', '-c', '1', '-b', '16', low, 'synth', '0.6', 'sine', '1046.5', 'fade', 'q', '0.01', '0.6', '0.45', 'vol', '0.5']);
    await sox_(sox, [high, low, file]);
  } finally {
    rmSync(high, { force: true });
    rmSync(low, { force: true });
  }
  return file;
}

async function sox_(sox: string, args: string[]): Promise<void> {
  await promisify(execFile)(sox, args, { timeout: 10_000, killSignal: 'SIGKILL' });
}
