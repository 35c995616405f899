/**
 * Where the service's memory goes under load: `node --import tsx test/bench/heap-profile.ts
 * [TICKETS] [RATINGS] [ENV=VALUE…] [--v8-flag…]` (defaults 10,000 + 10,000; e.g. MALLOC_ARENA_MAX=2
 * or --optimize-for-size to try a setting). Runs the compiled service as the memory stage does (sim devices, embedded
 * broker) and prints, idle and after the load: RSS split into anonymous and file-backed, the
 * service's own process.memoryUsage() and V8 heap spaces (test/bench/memory-probe.mjs), and the
 * object groups that grew most between heap snapshots (`--heapsnapshot-signal`).
 * Snapshots are written to a temp folder and removed. A diagnostic, not a timed figure.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { freePort } from '../fixtures/http.js';
import { waitFor } from '../fixtures/wait.js';
import { startService } from './service-runner.js';
import { loadOverrides, writeBenchConfig } from './bench-config.js';
import { sleep } from './stats.js';

interface ProcMemory {
  rssMB: number;
  anonMB: number;
  fileMB: number;
}

function procMemory(pid: number): ProcMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024;
  return { rssMB: Math.round(kb('VmRSS') * 10) / 10, anonMB: Math.round(kb('RssAnon') * 10) / 10, fileMB: Math.round(kb('RssFile') * 10) / 10 };
}

/** Self size per "type:name" group (constructor for objects, "(string)" for strings…). */
export function heapGroups(file: string): { totalMB: number; groups: Map<string, { count: number; bytes: number }> } {
  const snapshot = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const groups = new Map<string, { count: number; bytes: number }>();
  let total = 0;
  for (let i = 0; i < snapshot.nodes.length; i += width) {
    const type = types[snapshot.nodes[i + typeAt]];
    const size = snapshot.nodes[i + sizeAt];
    total += size;
    const name = type === 'object' || type === 'closure' || type === 'native' ? snapshot.strings[snapshot.nodes[i + nameAt]].slice(0, 60) : '';
    const key = `${type}${name ? `:${name}` : ''}`;
    const g = groups.get(key) ?? { count: 0, bytes: 0 };
    g.count++;
    g.bytes += size;
    groups.set(key, g);
  }
  return { totalMB: Math.round((total / 1048576) * 10) / 10, groups };
}

async function snapshotNow(pid: number, dir: string): Promise<string> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGURG');
  const file = await waitFor(() => readdirSync(dir).find((f) => f.endsWith('.heapsnapshot') && !before.has(f)), 'the heap snapshot', { timeoutMs: 120_000, everyMs: 100 });
  // Written in pieces, slowly on a busy machine: done when its size holds and it ends the JSON.
  const path = join(dir, file);
  let last = -1;
  await waitFor(
    () => {
      const data = readFileSync(path);
      const done = data.length > 0 && data.length === last && data.subarray(-8).toString().trimEnd().endsWith('}');
      last = data.length;
      return done;
    },
    'the heap snapshot to be written',
    { timeoutMs: 300_000, everyMs: 1000 },
  );
  return path;
}

/** The service's own memory figures, through memory-probe.mjs (no snapshot, so no distortion). */
async function probeMemory(pid: number, out: string, n: number): Promise<unknown> {
  process.kill(pid, 'SIGUSR2');
  const file = `${out}.${n}.json`;
  return waitFor(() => (existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined), 'the memory probe', { timeoutMs: 60_000, everyMs: 100 });
}

async function deskService(snapDir: string, extraEnv: Record<string, string>, nodeFlags: string[]) {
  const cfg = writeBenchConfig('heap', { ...loadOverrides(), mqtt: { url: 'auto', embeddedPort: await freePort() }, queue: { maxNumber: 9999 } });
  const probes = ['no-local-broker-probe.mjs', 'memory-probe.mjs'].map((f) => `--import ${pathToFileURL(resolve('test/bench', f)).href}`).join(' ');
  const service = await startService({
    config: cfg.file,
    dataDir: cfg.dataDir,
    env: { NODE_OPTIONS: `${probes} --heapsnapshot-signal=SIGURG --diagnostic-dir=${snapDir}`, FRONTDESK_BENCH_MEMORY_OUT: join(snapDir, 'memory'), ...extraEnv },
    readyTimeoutMs: 60_000,
    nodeFlags,
  });
  return { service, cfg };
}

/**
 * Service A: memory idle, the load, memory after it, then a heap snapshot. Service B, fresh on the
 * same config: its idle snapshot is the "before" (a snapshot taken in A while idle would have
 * inflated A's RSS for the rest of the run).
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const nodeFlags = argv.filter((a) => a.startsWith('--'));
  const args = argv.filter((a) => !a.includes('=') && !a.startsWith('--'));
  const extraEnv = Object.fromEntries(argv.filter((a) => a.includes('=') && !a.startsWith('--')).map((a) => a.split('=', 2)));
  const tickets = Number(args[0] ?? 10_000);
  const ratings = Number(args[1] ?? 10_000);
  const snapDir = mkdtempSync(join(tmpdir(), 'frontdesk-heap-'));
  const a = await deskService(snapDir, extraEnv, nodeFlags);
  const pid = a.service.child.pid!;
  try {
    await sleep(1500);
    const idle = { proc: procMemory(pid), service: await probeMemory(pid, join(snapDir, 'memory'), 0) };
    const services = ['transaction', 'consultation', 'complaint', 'priority'];
    const scores = ['satisfied', 'average', 'unsatisfied'];
    let k = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (;;) {
          const i = k++;
          if (i >= tickets + ratings) return;
          const [path, body] = i < tickets ? ['/api/tickets', { service: services[i % 4] }] : ['/api/ratings', { counter: String((i % 3) + 1), score: scores[i % 3] }];
          const res = await fetch(`${a.service.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
          await res.arrayBuffer();
          if (res.status !== 201) throw new Error(`${path} answered ${res.status}`);
        }
      }),
    );
    const loadS = Math.round((performance.now() - t0) / 100) / 10;
    await sleep(2000);
    const loaded = { proc: procMemory(pid), service: await probeMemory(pid, join(snapDir, 'memory'), 1) };
    // V8's memory reducer gives pages back once the process has been idle a while, as a desk is between presses.
    await sleep(30_000);
    const idleAfterLoad = { proc: procMemory(pid), service: await probeMemory(pid, join(snapDir, 'memory'), 2) };
    const loadedSnap = heapGroups(await snapshotNow(pid, snapDir));
    await a.service.stop();
    const b = await deskService(snapDir, extraEnv, nodeFlags);
    await sleep(1500);
    const idleSnap = heapGroups(await snapshotNow(b.service.child.pid!, snapDir));
    await b.service.stop();
    rmSync(b.cfg.dir, { recursive: true, force: true });
    const rows = [...loadedSnap.groups]
      .map(([key, g]) => {
        const before = idleSnap.groups.get(key) ?? { count: 0, bytes: 0 };
        return { key, countDelta: g.count - before.count, kbDelta: Math.round((g.bytes - before.bytes) / 1024), kbAfter: Math.round(g.bytes / 1024) };
      })
      .sort((x, y) => y.kbDelta - x.kbDelta)
      .slice(0, 12);
    console.log(JSON.stringify({ load: { tickets, ratings, seconds: loadS, env: extraEnv, nodeFlags }, idle, afterLoad: loaded, idle30sAfterLoad: idleAfterLoad, snapshotHeapMB: { idle: idleSnap.totalMB, afterLoad: loadedSnap.totalMB }, grewMost: rows }, null, 1));
  } finally {
    await a.service.stop();
    rmSync(a.cfg.dir, { recursive: true, force: true });
    rmSync(snapDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]).endsWith('heap-profile.ts')) await main();
