import { readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Keeps a folder of cached files under a byte cap, least recently used out first. Call numbers
 * differ every ticket, so without a cap the speech cache would fill a Pi's SD card in months.
 * Use times live in the files' mtimes, so the order survives restarts.
 */
export class DiskLru {
  /** `order` grows with every use: a strict least-recent order even within one millisecond. */
  private readonly entries = new Map<string, { bytes: number; order: number }>();
  private totalBytes = 0;
  private uses = 0;

  constructor(
    private readonly dir: string,
    private readonly maxBytes: number,
    /** Which files it manages (others in the folder, e.g. the chime, are left alone). */
    private readonly keep: (name: string) => boolean = (name) => name.endsWith('.wav'),
  ) {
    const found: { name: string; bytes: number; mtimeMs: number }[] = [];
    for (const name of readdirSync(dir)) {
      if (!keep(name)) continue;
      try {
        const stat = statSync(join(dir, name));
        found.push({ name, bytes: stat.size, mtimeMs: stat.mtimeMs });
      } catch {
        // vanished meanwhile
      }
    }
    for (const f of found.sort((a, b) => a.mtimeMs - b.mtimeMs)) {
      this.entries.set(f.name, { bytes: f.bytes, order: ++this.uses });
      this.totalBytes += f.bytes;
    }
    this.evict();
  }

  get bytes(): number {
    return this.totalBytes;
  }

  get files(): number {
    return this.entries.size;
  }

  /** A cached file was used: it becomes the most recent. */
  touch(name: string): void {
    const entry = this.entries.get(name);
    if (!entry) return;
    entry.order = ++this.uses;
    try {
      utimesSync(join(this.dir, name), new Date(), new Date());
    } catch {
      // a read-only moment must not stop the speech
    }
  }

  /** A new file was written: count it, then drop the least recently used past the cap. */
  added(name: string): void {
    try {
      const bytes = statSync(join(this.dir, name)).size;
      const previous = this.entries.get(name);
      this.totalBytes += bytes - (previous?.bytes ?? 0);
      this.entries.set(name, { bytes, order: ++this.uses });
    } catch {
      return;
    }
    this.evict(name);
  }

  private evict(keepName?: string): void {
    if (this.totalBytes <= this.maxBytes) return;
    // Down to 90 % of the cap, so eviction runs in batches, not on every new file.
    const target = this.maxBytes * 0.9;
    const oldestFirst = [...this.entries.entries()].sort((a, b) => a[1].order - b[1].order);
    for (const [name, entry] of oldestFirst) {
      if (this.totalBytes <= target) break;
      if (name === keepName) continue;
      rmSync(join(this.dir, name), { force: true });
      this.entries.delete(name);
      this.totalBytes -= entry.bytes;
    }
  }
}
