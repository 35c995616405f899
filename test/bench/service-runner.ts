import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort } from '../fixtures/http.js';
import { spawnService, type ServiceProcess } from '../fixtures/service-process.js';
import { waitFor } from '../fixtures/wait.js';
import { trackChild } from './stage-limit.js';
import { cpuMs } from './stats.js';

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestIn(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The compiled service is what a Pi runs (`npm start` builds first), so start-up and memory are
 * measured on it. Rebuilds build/ when a server source is newer; says why when it cannot.
 */
export function ensureServerBuilt(): { compiled: boolean; note: string } {
  const cli = resolve('build/firmware-bridge/cli/cli.js');
  const built = existsSync(cli) ? statSync(cli).mtimeMs : 0;
  const newest = Math.max(...['firmware-bridge', 'devices', 'config'].map((d) => newestIn(resolve(d))));
  if (built >= newest) return { compiled: true, note: 'compiled build (up to date)' };
  const began = performance.now();
  const result = spawnSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { encoding: 'utf8', timeout: 180_000 });
  // tsc emits even with type errors elsewhere; what matters is a fresh cli.js.
  if (existsSync(cli) && statSync(cli).mtimeMs >= newest)
    return { compiled: true, note: `compiled build (rebuilt in ${Math.round(performance.now() - began)} ms${result.status ? ', with type errors in the tree' : ''})` };
  return { compiled: false, note: `build failed, measured from source through tsx: ${(result.stdout + result.stderr).split('\n')[0]}` };
}

export interface ServiceOptions {
  config: string;
  dataDir: string;
  env?: Record<string, string>;
  /** Run the TypeScript source through tsx instead of the compiled build. */
  fromSource?: boolean;
  /** Another entry point taking the same arguments (the esbuild bundle); default bin/frontdesk.js. */
  entry?: string;
  /** Node/V8 flags to try beside the service's own (those NODE_OPTIONS refuses, e.g. --optimize-for-size). */
  nodeFlags?: string[];
  readyTimeoutMs?: number;
}

/**
 * Starts `frontdesk serve` on a free loopback port and polls `GET /api/health` every 2 ms: the
 * moment it first answers is "ready" (the same yardstick as Node-RED's first HTTP answer), with
 * the CPU time the process had used by then.
 */
export async function startService(options: ServiceOptions): Promise<ServiceProcess & { readyMs: number; readyCpuMs: number | null }> {
  const spawnedAt = performance.now();
  const service = spawnService({ ...options, fromSource: options.fromSource ?? false, port: await freePort() });
  trackChild(service.child); // a stage over its time limit stops it
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  try {
    await waitFor(
      () => {
        if (service.child.exitCode !== null) throw new Error(`service exited with ${service.child.exitCode} before answering:\n${service.output().slice(-2000)}`);
        return fetch(`${service.url}/api/health`).then((r) => r.ok, () => false);
      },
      'the service to answer GET /api/health',
      { timeoutMs, everyMs: 2 },
    );
  } catch (err) {
    await stopWithin(service, 5000);
    throw err;
  }
  const readyMs = performance.now() - spawnedAt;
  return { ...service, readyMs, readyCpuMs: cpuMs(service.child.pid!), stop: (signal) => stopWithin(service, 5000, signal) };
}

/** SIGTERM (or `signal`), then SIGKILL if the service has not exited within `ms`. */
async function stopWithin(service: ServiceProcess, ms: number, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  const killer = setTimeout(() => service.child.kill('SIGKILL'), ms);
  try {
    return await service.stop(signal);
  } finally {
    clearTimeout(killer);
  }
}
