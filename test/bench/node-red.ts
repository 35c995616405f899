import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../fixtures/http.js';
import { waitFor } from '../fixtures/wait.js';
import { trackChild } from './stage-limit.js';
import { cpuMs, median, round, rssMB, sleep } from './stats.js';

export interface NodeRedResult {
  startupMs: number | null;
  startupRunsMs: number[];
  /** CPU time (all threads) used by its first HTTP answer. */
  startupCpuMs: number | null;
  startupRunsCpuMs: number[];
  rssIdleMB: number | null;
  version: string | null;
  reason: string | null;
}

const prefix = resolve('.cache/node-red');
const redJs = join(prefix, 'node_modules/node-red/red.js');

/**
 * Node-RED, idle with an empty flow: what a Pi user would otherwise build a desk from. Installed at
 * bench time into .cache/node-red (gitignored, kept between runs); never a project dependency.
 */
export async function ensureNodeRed(): Promise<{ ok: true; version: string } | { ok: false; reason: string }> {
  if (!existsSync(redJs)) {
    mkdirSync(prefix, { recursive: true });
    // Asynchronous, so the stage's time limit can stop a slow install (spawnSync would block it).
    const install = await runTracked('npm', ['install', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', 'node-red']);
    if (install.code !== 0 || !existsSync(redJs)) return { ok: false, reason: `npm install node-red failed: ${install.output.split('\n').filter(Boolean).slice(-2).join(' ')}` };
  }
  const pkg = JSON.parse(readFileSync(join(prefix, 'node_modules/node-red/package.json'), 'utf8')) as { version: string };
  return { ok: true, version: pkg.version };
}

function runTracked(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = trackChild(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }));
    let output = '';
    child.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
    child.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
    child.once('error', (err) => resolve({ code: null, output: err.message }));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function startOnce(idleMs: number | null): Promise<{ readyMs: number; readyCpuMs: number | null; rss: number | null }> {
  const userDir = mkdtempSync(join(tmpdir(), 'frontdesk-bench-nodered-'));
  const port = await freePort();
  writeFileSync(join(userDir, 'settings.js'), `module.exports = { uiHost: '127.0.0.1', uiPort: ${port}, flowFile: 'flows.json', credentialSecret: false, logging: { console: { level: 'warn' } }, telemetry: { enabled: false } };\n`);
  const t0 = performance.now();
  const child = trackChild(spawn(process.execPath, [redJs, '--userDir', userDir, '--settings', join(userDir, 'settings.js')], { stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-4000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  try {
    await waitFor(
      () => {
        if (child.exitCode !== null) throw new Error(`node-red exited with ${child.exitCode}: ${output.slice(-500)}`);
        return fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false);
      },
      'node-red to answer',
      { timeoutMs: 60_000, everyMs: 2 },
    );
    const readyMs = performance.now() - t0;
    const readyCpuMs = cpuMs(child.pid!);
    let rss: number | null = null;
    if (idleMs !== null) {
      await sleep(idleMs);
      rss = rssMB(child.pid!);
    }
    return { readyMs, readyCpuMs, rss };
  } finally {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(userDir, { recursive: true, force: true });
  }
}

export async function benchNodeRed(runs: number): Promise<NodeRedResult> {
  const installed = await ensureNodeRed();
  if (!installed.ok) return { startupMs: null, startupRunsMs: [], startupCpuMs: null, startupRunsCpuMs: [], rssIdleMB: null, version: null, reason: installed.reason };
  const startupRunsMs: number[] = [];
  const startupRunsCpuMs: number[] = [];
  let rssIdleMB: number | null = null;
  for (let i = 0; i < runs; i++) {
    const last = i === runs - 1;
    const r = await startOnce(last ? 3000 : null);
    startupRunsMs.push(round(r.readyMs, 0));
    if (r.readyCpuMs !== null) startupRunsCpuMs.push(r.readyCpuMs);
    if (last) rssIdleMB = r.rss;
  }
  return { startupMs: median(startupRunsMs), startupRunsMs, startupCpuMs: median(startupRunsCpuMs), startupRunsCpuMs, rssIdleMB, version: installed.version, reason: null };
}
