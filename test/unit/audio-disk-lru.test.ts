import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskLru } from '../../devices/audio/disk-lru.js';

const dirs: string[] = [];
test.after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'frontdesk-lru-'));
  dirs.push(dir);
  return dir;
}

const write = (dir: string, name: string, bytes: number, ageSec = 0) => {
  writeFileSync(join(dir, name), Buffer.alloc(bytes));
  const t = new Date(Date.now() - ageSec * 1000);
  utimesSync(join(dir, name), t, t);
};

test('past the cap, the least recently used files go first, down to 90 % of the cap', () => {
  const dir = folder();
  const lru = new DiskLru(dir, 1000);
  write(dir, 'a.wav', 300, 30);
  write(dir, 'b.wav', 300, 20);
  write(dir, 'c.wav', 300, 10);
  for (const name of ['a.wav', 'b.wav', 'c.wav']) lru.added(name);
  lru.touch('a.wav'); // a is used again: now the most recent
  write(dir, 'd.wav', 300);
  lru.added('d.wav');
  assert.equal(['a.wav', 'b.wav', 'c.wav', 'd.wav'].map((n) => existsSync(join(dir, n))), [true, false, true, true]);
  assert.is(lru.bytes, 900);
});

test('the order survives a restart (mtimes), and files it does not manage stay', () => {
  const dir = folder();
  write(dir, 'old.wav', 400, 100);
  write(dir, 'new.wav', 400, 1);
  write(dir, 'chime-v1.wav', 400, 1000);
  const lru = new DiskLru(dir, 500, (name) => name !== 'chime-v1.wav');
  assert.equal([existsSync(join(dir, 'old.wav')), existsSync(join(dir, 'new.wav')), existsSync(join(dir, 'chime-v1.wav'))], [false, true, true]);
  assert.is(lru.files, 1);
});

test('a file just added is never the one evicted, even when it alone is over the cap', () => {
  const dir = folder();
  const lru = new DiskLru(dir, 100);
  write(dir, 'big.wav', 500);
  lru.added('big.wav');
  assert.ok(existsSync(join(dir, 'big.wav')));
});

test.run();
