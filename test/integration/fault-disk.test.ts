import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requestJson } from '../fixtures/http.js';
import { serveUntilExit, startServiceProcess, type ServiceProcess } from '../fixtures/service-process.js';
import { databasePath } from '../../firmware-bridge/store/database.js';

/**
 * Disk faults at start: a clear one-line message and an exit code systemd is told not to restart
 * on (deploy/frontdesk.service RestartPreventExitStatus) — never a stack trace, never a crash loop
 * that touches the data. A disk that fills while the desk runs refuses writes with 503 and the
 * desk carries on when space is back.
 */
const root = mkdtempSync(join(tmpdir(), 'frontdesk-disk-'));
const tmpfs = join(root, 'small-disk');
let mounted = false;
let service: ServiceProcess | null = null;

test.after(async () => {
  await service?.stop('SIGKILL');
  if (mounted) execFileSync('umount', [tmpfs]);
  rmSync(root, { recursive: true, force: true });
});

function assertOneClearLine(output: string, pattern: RegExp, what: string): void {
  assert.not.match(output, /\n\s+at /, `${what}: no stack trace:\n${output}`);
  assert.not.match(output, /ready at/, `${what}: it did not claim to be ready`);
  assert.match(output, pattern, `${what}: says what is wrong:\n${output}`);
}

const restartPrevented = () => {
  const unit = readFileSync('deploy/frontdesk.service', 'utf8');
  return (/^RestartPreventExitStatus=(.*)$/m.exec(unit)?.[1] ?? '').split(/\s+/).map(Number);
};

test('data dir is a file (not writable): exit 73, one line, and systemd will not restart it', async () => {
  const file = join(root, 'not-a-dir');
  writeFileSync(file, 'x');
  const { code, output } = await serveUntilExit({ dataDir: file });
  assert.is(code, 73);
  assertOneClearLine(output, /dataDir: .*not-a-dir is not writable .*FRONTDESK_DATA_DIR/, 'file as data dir');
  assert.ok(restartPrevented().includes(73));
});

test('the database path is a directory: exit 73 with the path in the message', async () => {
  const dir = join(root, 'db-is-dir');
  mkdirSync(databasePath(dir), { recursive: true });
  const { code, output } = await serveUntilExit({ dataDir: dir });
  assert.is(code, 73);
  assertOneClearLine(output, /frontdesk\.sqlite: cannot write the database/, 'directory as database');
});

test('a full disk on a fresh install: exit 74 "the disk is full"', async () => {
  const dir = join(root, 'fresh-full');
  mkdirSync(dir);
  symlinkSync('/dev/full', databasePath(dir)); // every write answers ENOSPC
  const { code, output } = await serveUntilExit({ dataDir: dir });
  assert.is(code, 74);
  assertOneClearLine(output, /the disk is full/, 'fresh full disk');
  assert.ok(restartPrevented().includes(74));
});

test('a file that is not a database: exit 70 three starts in a row, and the file is never touched', async () => {
  const dir = join(root, 'garbage');
  mkdirSync(dir);
  const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251));
  writeFileSync(databasePath(dir), garbage);
  for (let attempt = 1; attempt <= 3; attempt++) {
    const { code, output } = await serveUntilExit({ dataDir: dir });
    assert.is(code, 70, `attempt ${attempt}`);
    assertOneClearLine(output, /database check failed/, 'garbage database');
  }
  assert.ok(readFileSync(databasePath(dir)).equals(garbage), 'the bytes are as they were');
  assert.ok(restartPrevented().includes(70));
});

test('the port is taken: exit 75 naming the key to change', async () => {
  const blocker = net.createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
  const { port } = blocker.address() as net.AddressInfo;
  try {
    const { code, output } = await serveUntilExit({ dataDir: join(root, 'port'), port });
    assert.is(code, 75);
    assertOneClearLine(output, /http\.port: .* already in use/, 'port in use');
    assert.ok(restartPrevented().includes(75));
  } finally {
    await new Promise((r) => blocker.close(r));
  }
});

test('a small disk with a day of data: full at start → exit 74 (data intact); fills while running → 503, no loss; space back → numbering goes on', async () => {
  mkdirSync(tmpfs);
  try {
    // Room for the first run (database, its WAL while running, the speech cache, the week's report
    // files: ≈ 1.8 MB today) so it closes cleanly; a disk that filled while running keeps its WAL and
    // needs nothing new at the next start, which is the running case further down, not this one.
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', tmpfs]);
  } catch (err) {
    throw new Error(`this test mounts a 4 MB tmpfs and needs root (CAP_SYS_ADMIN): ${(err as Error).message}`);
  }
  mounted = true;
  const dataDir = join(tmpfs, 'data');
  const filler = join(tmpfs, 'filler');
  const fill = () => {
    try {
      execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k'], { stdio: 'ignore' });
    } catch {
      /* dd stops with ENOSPC: that is the point */
    }
  };
  const post = (url: string) => requestJson(`${url}/api/tickets`, 'POST', { service: 'transaction' });

  service = await startServiceProcess({ dataDir });
  const issued: string[] = [];
  for (let i = 0; i < 5; i++) issued.push((await post(service.url)).body.ticket.number);
  await service.stop('SIGTERM');
  service = null;

  fill();
  for (let attempt = 1; attempt <= 3; attempt++) {
    const { code, output } = await serveUntilExit({ dataDir });
    assert.is(code, 74, `full at start, attempt ${attempt}: ${output}`);
    assertOneClearLine(output, /the disk is full/, 'full at start');
  }
  rmSync(filler);

  service = await startServiceProcess({ dataDir });
  const queue = (await requestJson(`${service.url}/api/queue`)).body;
  assert.is(queue.services.find((s: { id: string }) => s.id === 'transaction').waiting, 5, 'the five tickets survived the failed starts');
  fill();
  const refused = [];
  for (let i = 0; i < 5; i++) refused.push(await post(service.url));
  assert.ok(refused.some((r) => r.status === 503), `a write on a full disk is refused: ${JSON.stringify(refused.map((r) => r.status))}`);
  for (const r of refused) if (r.status !== 201) assert.equal([r.status, r.body.error.code], [503, 'storage_full']);
  for (const r of refused) if (r.status === 201) issued.push(r.body.ticket.number);
  assert.is((await fetch(`${service.url}/api/queue`)).status, 200, 'reads go on');
  rmSync(filler);
  const after = await post(service.url);
  assert.is(after.status, 201, 'space back: the desk takes numbers again without a restart');
  issued.push(after.body.ticket.number);
  const expected = issued.map((_, i) => `A${String(i + 1).padStart(3, '0')}`);
  assert.equal(issued, expected, 'no number skipped or repeated by the refused writes');
  await service.stop('SIGTERM');
  service = null;
});

test.run();
