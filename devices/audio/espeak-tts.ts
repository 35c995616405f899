import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { DiskLru } from './disk-lru.js';
import { espeakSpeedForCpm } from './speech-rate.js';
import { wavDurationSec } from './wav-duration.js';

export interface RenderedSpeech {
  file: string;
  durationSec: number;
  cached: boolean;
  /** Wall time spent in espeak-ng (0 when cached). */
  renderMs: number;
}

export interface EspeakOptions {
  cacheDir: string;
  binary?: string;
  /** A render taking longer is killed. */
  timeoutMs?: number;
  /** The cache folder is kept under this many bytes, least recently used out first. */
  cacheMaxBytes?: number;
}

/**
 * Offline speech with espeak-ng, cached on disk by text + voice + speed, so a phrase said before (or
 * pre-rendered at start) is handed to the player at once. Chinese uses `-v cmn-latn-pinyin` (plain
 * `cmn` reads some characters as English pinyin).
 */
export class EspeakTts {
  private readonly inflight = new Map<string, Promise<RenderedSpeech>>();
  private readonly lru: DiskLru;
  readonly binary: string;

  constructor(private readonly options: EspeakOptions) {
    this.binary = options.binary ?? 'espeak-ng';
    mkdirSync(options.cacheDir, { recursive: true });
    // Only the rendered phrases (hash-named) are evicted; the chime and other files stay.
    this.lru = new DiskLru(options.cacheDir, options.cacheMaxBytes ?? 100 * 1024 * 1024, (name) => /^[0-9a-f]{32}\.wav$/.test(name));
  }

  /** Resolves to null when espeak-ng is usable, else the reason it is not. */
  async problem(): Promise<string | null> {
    try {
      await run(this.binary, ['--version'], 5000);
      return null;
    } catch (err) {
      return `espeak-ng unavailable (${this.binary}): ${(err as Error).message.split('\n')[0]}`;
    }
  }

  cacheFile(text: string, voice: string, cpm: number): string {
    const speed = espeakSpeedForCpm(cpm);
    const key = createHash('sha256').update(JSON.stringify(['espeak-ng', voice, speed, text])).digest('hex').slice(0, 32);
    return join(this.options.cacheDir, `${key}.wav`);
  }

  render(text: string, voice: string, cpm: number): Promise<RenderedSpeech> {
    const file = this.cacheFile(text, voice, cpm);
    if (existsSync(file)) {
      this.lru.touch(basename(file));
      return Promise.resolve({ file, durationSec: wavDurationSec(file), cached: true, renderMs: 0 });
    }
    let pending = this.inflight.get(file);
    if (!pending) {
      pending = this.renderToCache(text, voice, cpm, file).finally(() => this.inflight.delete(file));
      this.inflight.set(file, pending);
    }
    return pending;
  }

  private async renderToCache(text: string, voice: string, cpm: number, file: string): Promise<RenderedSpeech> {
    // Write beside, then rename: a crash mid-render never leaves a truncated phrase in the cache.
    const partial = `${file}.${process.pid}.part`;
    const started = performance.now();
    try {
      await run(this.binary, ['-v', voice, '-s', String(espeakSpeedForCpm(cpm)), '-w', partial, '--', text], this.options.timeoutMs ?? 10_000);
      renameSync(partial, file);
      this.lru.added(basename(file));
    } catch (err) {
      rmSync(partial, { force: true });
      throw err;
    }
    return { file, durationSec: wavDurationSec(file), cached: false, renderMs: performance.now() - started };
  }
}

async function run(binary: string, args: string[], timeoutMs: number): Promise<string> {
  const { stdout } = await promisify(execFile)(binary, args, { timeout: timeoutMs, killSignal: 'SIGKILL' });
  return stdout;
}
