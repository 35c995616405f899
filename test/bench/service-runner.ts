import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import net from 'node:net';
import { join, resolve } from 'node:path';
import { sleep } from './stats.js';
import { SERVICE_NODE_FLAGS } from '../../bin/node-flags.js';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

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

export interface RunningService {
  child: ChildProcess;
  port: number;
  url: string;
  /** performance.now() (this process) when the process was spawned. */
  spawnedAt: number;
  output(): string;
  stop(): Promise<void>;
}

export interface ServiceOptions {
  config: string;
  dataDir: string;
  env?: Record<string, string>;
  /** Run the TypeScript source through tsx instead of the compiled build. */
  fromSource?: boolean;
  readyTimeoutMs?: number;
}

/**
 * Starts `frontdesk serve` on a free loopback port and polls `GET /api/health` every 2 ms: the
 * moment it first answers is "ready" (the same yardstick as Node-RED's first HTTP answer).
 */
export async function startService(options: ServiceOptions): Promise<RunningService & { readyMs: number }> {
  const port = await freePort();
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...SERVICE_NODE_FLAGS, resolve('bin/frontdesk.js'), 'serve', '--config', options.config], {
    env: {
      ...process.env,
      ...(options.fromSource ? { FRONTDESK_FROM_SOURCE: '1' } : {}),
      FRONTDESK_HTTP_PORT: String(port),
      FRONTDESK_DATA_DIR: options.dataDir,
      FRONTDESK_LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr!.on('data', (d) => (output = (output + d).slice(-20_000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
  };
  const deadline = spawnedAt + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode} before answering:\n${output.slice(-2000)}`);
    if (performance.now() > deadline) {
      await stop();
      throw new Error(`service did not answer within ${options.readyTimeoutMs ?? 30_000} ms:\n${output.slice(-2000)}`);
    }
    const ok = await fetch(`${url}/api/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await sleep(2);
  }
  const readyMs = performance.now() - spawnedAt;
  return { child, port, url, spawnedAt, readyMs, output: () => output, stop };
}
