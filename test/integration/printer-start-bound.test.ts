import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { close, mkdtempSync, open, openSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { queueFeature } from '../../firmware-bridge/queue/queue-feature.js';
import { startApp, type RunningApp } from '../../firmware-bridge/runtime/app.js';
import { silentLogger } from '../../firmware-bridge/runtime/logger.js';
import { FakePrinter } from '../fixtures/fake-printer.js';
import { openPtyPair, type PtyPair } from '../fixtures/pty-pair.js';
import { testLoadedConfig } from '../fixtures/test-config.js';

/**
 * A serial printer must never hold the desk's start-up or its HTTP answers hostage. serialport
 * opens the port on libuv's thread pool; on a Pi at boot that pool can be busy (a slow SD card,
 * a USB-serial adapter whose driver stalls in open()). Here every pool thread is really blocked —
 * each one opening a FIFO that has no writer yet — while the desk starts with its printer on a
 * real pty: the desk must answer HTTP within the printer's start bound, and the printer must come
 * up by itself once the pool is free.
 */

const POOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
/** The driver's start bound is 2 s; the rest is slack for a loaded test machine. */
const STARTED_WITHIN_MS = 8000;

let pty: PtyPair;
let fake: FakePrinter;
let fifoDir: string;
let app: RunningApp | null = null;
const loaded = (path: string) => testLoadedConfig({ devices: { printer: { kind: 'serial', path, baud: 38400 } } });
let config: ReturnType<typeof loaded>;

test.before(async () => {
  pty = await openPtyPair('start-bound');
  fake = new FakePrinter(pty.peerPath);
  await fake.start(); // opened before the pool is blocked: the printer on the far end is there
  config = loaded(pty.devicePath);
  fifoDir = mkdtempSync(join(tmpdir(), 'frontdesk-busy-pool-'));
});

test.after(async () => {
  await app?.close();
  await fake.stop();
  await pty.close();
  config.cleanup();
  rmSync(fifoDir, { recursive: true, force: true });
});

/** Occupies every libuv pool thread with an open() that waits for a writer; returns the release. */
function blockThreadPool(): () => void {
  const fifos = Array.from({ length: POOL_SIZE }, (_, i) => join(fifoDir, `fifo-${i}`));
  execFileSync('mkfifo', fifos);
  for (const fifo of fifos) open(fifo, 'r', (err, fd) => !err && close(fd, () => {}));
  return () => {
    // Opening the write end lets each waiting open() return, which frees its thread.
    for (const fifo of fifos) closeSync(openSync(fifo, 'w'));
  };
}

test('the desk answers HTTP while the printer port cannot be opened yet; the printer comes up by itself afterwards', async () => {
  const release = blockThreadPool();
  const began = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const started = await Promise.race([
    startApp(config, { log: silentLogger, features: [queueFeature()], uiDir: join(fifoDir, 'no-ui') }),
    new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), STARTED_WITHIN_MS))),
  ]);
  clearTimeout(timer);
  if (!started) {
    release(); // let the hung start finish so the process can end
    assert.unreachable(`startApp did not finish within ${STARTED_WITHIN_MS} ms while the printer port was opening`);
    return;
  }
  app = started;
  const startMs = performance.now() - began;
  try {
    const health = await fetch(`${app.url}/api/health`);
    assert.is(health.status, 200);
    const body = (await health.json()) as { devices: { printer: { state: string; detail: string } } };
    assert.is(body.devices.printer.state, 'offline', 'still connecting: shown as offline, not ok');
    // A press while the printer is not there yet is refused or issued unprinted, never left hanging.
    const early = await fetch(`${app.url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'transaction' }) });
    assert.ok(early.status < 500, `an early press is answered (${early.status})`);
  } finally {
    release();
  }
  assert.ok(startMs < STARTED_WITHIN_MS, `started in ${Math.round(startMs)} ms`);

  // The connection went on in the background: the printer turns ok and prints.
  const deadline = performance.now() + 10_000;
  let state = '';
  while (performance.now() < deadline) {
    state = ((await (await fetch(`${app.url}/api/health`)).json()) as { devices: { printer: { state: string } } }).devices.printer.state;
    if (state === 'ok') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.is(state, 'ok', 'the printer reports ok once its port could be opened');
  const printed = fake.waitForTicket(5000);
  const res = await fetch(`${app.url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ service: 'transaction' }) });
  assert.is(res.status, 201);
  const ticket = (await res.json()) as { ticket: { number: string; printed: boolean } };
  assert.ok(ticket.ticket.printed, 'printed');
  const paper = await printed;
  assert.ok(paper.text.includes(ticket.ticket.number), `the fake printer got ${ticket.ticket.number}`);
});

test.run();
