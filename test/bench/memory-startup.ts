import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadOverrides, writeBenchConfig } from './bench-config.js';
import { freePort } from '../fixtures/http.js';
import { startService } from './service-runner.js';
import { median, round, rssMB, sleep } from './stats.js';
import { requestJson, requestOk } from '../fixtures/http.js';

export interface OursMemoryStartup {
  startupMs: number | null;
  startupRunsMs: number[];
  rssIdleMB: number | null;
  rssAfterLoadMB: number | null;
  /** 30 s later, idle: V8 has given back the load's garbage (the figure a desk between presses shows). */
  rssAfterLoadIdleMB: number | null;
  tickets: number;
  ratings: number;
  loadSeconds: number | null;
  telemetry: string;
}

/** Demo desk as a Pi would run it: sim printer/panel/audio, `mqtt: auto` → the embedded broker. */
async function deskConfig(name: string) {
  const embeddedPort = await freePort();
  const cfg = writeBenchConfig(name, { ...loadOverrides(), mqtt: { url: 'auto', embeddedPort }, queue: { maxNumber: 9999 } });
  const env = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${pathToFileURL(resolve('test/bench/no-local-broker-probe.mjs')).href}`.trim() };
  return { cfg, env };
}

export interface StartupRuns {
  medianMs: number | null;
  runsMs: number[];
  /** CPU time (all threads) used by the moment HTTP first answered: steadier than wall time when the machine is shared. */
  medianCpuMs: number | null;
  runsCpuMs: number[];
}

/**
 * Process spawned → `GET /api/health` answers, on a fresh data dir each run (migrations included).
 * With a bundle entry, the compiled build and the bundle alternate run by run, so both see the
 * same machine.
 */
export async function benchOurStartup(runs: number, fromSource: boolean, bundleEntry: string | null = null): Promise<{ compiled: StartupRuns; bundle: StartupRuns | null }> {
  const compiled = { runsMs: [] as number[], runsCpuMs: [] as number[] };
  const bundle = { runsMs: [] as number[], runsCpuMs: [] as number[] };
  const once = async (entry: string | undefined, into: typeof compiled) => {
    const { cfg, env } = await deskConfig('startup');
    // bin/frontdesk.js would pick the bundle when it is built: name the compiled tree explicitly.
    const service = await startService({ config: cfg.file, dataDir: cfg.dataDir, fromSource: entry ? false : fromSource, entry: entry ?? (fromSource ? undefined : resolve('build/firmware-bridge/cli/cli.js')), env });
    into.runsMs.push(round(service.readyMs, 0));
    if (service.readyCpuMs !== null) into.runsCpuMs.push(service.readyCpuMs);
    await service.stop();
    rmSync(cfg.dir, { recursive: true, force: true });
  };
  for (let i = 0; i < runs; i++) {
    await once(undefined, compiled);
    if (bundleEntry) await once(bundleEntry, bundle);
  }
  const summary = (r: typeof compiled): StartupRuns => ({ medianMs: median(r.runsMs), runsMs: r.runsMs, medianCpuMs: median(r.runsCpuMs), runsCpuMs: r.runsCpuMs });
  return { compiled: summary(compiled), bundle: bundleEntry ? summary(bundle) : null };
}

/** RSS once HTTP answers, then after `tickets` tickets and `ratings` ratings over HTTP. */
export async function benchOurMemory(options: { tickets: number; ratings: number; concurrency: number; budgetMs: number; fromSource: boolean }): Promise<OursMemoryStartup> {
  const { cfg, env } = await deskConfig('memory');
  const service = await startService({ config: cfg.file, dataDir: cfg.dataDir, fromSource: options.fromSource, env });
  try {
    await sleep(1000);
    const health = (await requestJson(`${service.url}/api/health`)).body as { devices?: Record<string, { state: string }> };
    const telemetry = health.devices?.mqtt?.state ?? 'unknown';
    const rssIdleMB = rssMB(service.child.pid!);
    const services = ['transaction', 'consultation', 'complaint', 'priority'];
    const scores = ['satisfied', 'average', 'unsatisfied'];
    let tickets = 0;
    let ratings = 0;
    const t0 = performance.now();
    const deadline = t0 + options.budgetMs;
    const post = (path: string, body: object) => requestOk(`${service.url}${path}`, 'POST', body);
    let i = 0;
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        while (performance.now() < deadline) {
          const k = i++;
          if (k < options.tickets) {
            await post('/api/tickets', { service: services[k % services.length] });
            tickets++;
          } else if (k < options.tickets + options.ratings) {
            await post('/api/ratings', { counter: String((k % 3) + 1), score: scores[k % 3] });
            ratings++;
          } else return;
        }
      }),
    );
    const loadSeconds = round((performance.now() - t0) / 1000, 1);
    await sleep(2000); // let telemetry drain its outbox to the embedded broker
    const rssAfterLoadMB = rssMB(service.child.pid!);
    await sleep(30_000);
    return {
      startupMs: null,
      startupRunsMs: [],
      rssIdleMB,
      rssAfterLoadMB,
      rssAfterLoadIdleMB: rssMB(service.child.pid!),
      tickets,
      ratings,
      loadSeconds,
      telemetry: `mqtt device ${telemetry} (embedded broker)`,
    };
  } finally {
    await service.stop();
    rmSync(cfg.dir, { recursive: true, force: true });
  }
}

