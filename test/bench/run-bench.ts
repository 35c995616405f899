/**
 * `frontdesk bench [--json] [--quick]`: every benchmark in turn, each bounded in count and time,
 * loopback only. A figure that could not be measured is null with a `…Reason` beside it.
 * Never part of `npm test`. A full run takes about 3–5 minutes on 2 cores.
 */
import { spawn } from 'node:child_process';
import { cpus as cpuList, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { benchCallToAudio } from './call-to-audio.js';
import { benchDurable } from './durable.js';
import { benchOurMemory, benchOurStartup } from './memory-startup.js';
import { benchNodeRed } from './node-red.js';
import { benchPressToPrint } from './press-to-print.js';
import { benchReportsYear } from './reports-year.js';
import { ensureServerBuilt } from './service-runner.js';
import { killTrackedChildren, StageTimeout, trackChild, withTimeLimit } from './stage-limit.js';
import { errorReason, round } from './stats.js';
import { benchTelemetry } from './telemetry.js';
import { benchFleet } from './fleet.js';
import { benchUi } from './ui.js';

type Json = Record<string, unknown>;

async function attempt<T>(what: string, limitMs: number, log: (line: string) => void, run: () => Promise<T>): Promise<{ value: T } | { reason: string }> {
  log(`· ${what} (limit ${Math.round(limitMs / 1000)} s) …`);
  const t0 = performance.now();
  try {
    const value = await withTimeLimit(limitMs, run);
    log(`  ${what}: done in ${Math.round((performance.now() - t0) / 1000)} s`);
    return { value };
  } catch (err) {
    if (err instanceof StageTimeout) {
      const killed = await killTrackedChildren();
      log(`  ${what}: GIVEN UP after ${Math.round(limitMs / 1000)} s${killed ? ` (stopped ${killed} process${killed > 1 ? 'es' : ''})` : ''}`);
    } else log(`  ${what}: FAILED: ${errorReason(err)}`);
    return { reason: `${what}: ${errorReason(err)}` };
  }
}

/** Stage time limits: generous against each stage's own budget, so only a hang reaches them. */
const LIMIT_MS = {
  systemPackages: 600_000,
  pressToPrint: 180_000,
  durable: 120_000,
  bundle: 120_000,
  startup: 180_000,
  memory: 360_000,
  nodeRed: 420_000, // the first run installs Node-RED
  callToAudio: 120_000,
  telemetry: 150_000,
  fleet: 360_000,
  ui: 180_000,
  reports: 900_000, // simulating the year takes most of it
};

/** A 1-minute load average above the core count means the figures carry other people's work. */
function loadNote(cpus: number): { loadAvg: number[]; busy: boolean } {
  const loadAvg = loadavg().map((l) => round(l, 2));
  return { loadAvg, busy: loadAvg[0] > cpus };
}

/** `npm run build:bundle`: the service as one esbuild file (native modules and pino stay outside). */
function buildBundle(): Promise<string> {
  return new Promise((resolvePath, reject) => {
    const child = trackChild(spawn('npm', ['run', '-s', 'build:bundle'], { stdio: ['ignore', 'pipe', 'pipe'] }));
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolvePath(resolve('build/bundle/frontdesk.js')) : reject(new Error(`build:bundle exited with ${code}: ${output.trim().split('\n').slice(-2).join(' ')}`))));
  });
}

/** The same check and install as `npm test` (scripts/ensure-system-packages.sh): socat, espeak-ng, chromium… */
function ensureSystemPackages(): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = trackChild(spawn('bash', ['scripts/ensure-system-packages.sh'], { stdio: ['ignore', 'pipe', 'pipe'] }));
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.once('error', (err) => resolve({ ok: false, output: err.message }));
    child.once('exit', (code) => resolve({ ok: code === 0, output: output.trim() }));
  });
}

export async function runBenchCommand(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const quick = argv.includes('--quick');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const scale = quick ? 0.25 : 1;
  const n = (full: number) => Math.max(5, Math.round(full * scale));
  const began = performance.now();

  const cpus = cpuList().length;
  const atStart = loadNote(cpus);
  const warnings: string[] = [];
  const packages = await attempt('system packages (scripts/ensure-system-packages.sh)', LIMIT_MS.systemPackages, log, ensureSystemPackages);
  if ('reason' in packages || !packages.value.ok) warnings.push(`system packages: ${'reason' in packages ? packages.reason : packages.value.output.split('\n').slice(-2).join(' ')}`);
  const build = ensureServerBuilt();
  log(`service: ${build.note}`);
  const fromSource = !build.compiled;
  const result: Json = {
    machine: { cpus, node: process.version, loadAvgAtStart: atStart.loadAvg, busyAtStart: atStart.busy, service: build.note },
  };

  // Press to print
  const print = await attempt('press-to-print (pty + fake printer)', LIMIT_MS.pressToPrint, log, () => benchPressToPrint({ oneClientTickets: n(300), clients: 20, perClient: n(15), timeBudgetMs: 60_000 }));
  if ('value' in print) {
    const p = print.value;
    result.pressToPrint = {
      p50: p.oneClient?.p50 ?? null,
      p95: p.oneClient?.p95 ?? null,
      p99: p.oneClient?.p99 ?? null,
      ticketBytes: p.ticketBytes,
      ...(p.oneClient ? {} : { pressToPrintReason: 'no ticket could be matched to a serial write' }),
      clients20: p.twentyClients,
      roundTripOneClient: p.roundTripOneClient,
      ticketBytesMax: p.ticketBytesMax,
      wireMs: p.wireMs,
      tickets: { printed: p.ticketsPrinted, receivedByFakePrinter: p.ticketsReceivedByFakePrinter },
      notes: p.notes,
    };
  } else result.pressToPrint = { p50: null, p95: null, p99: null, ticketBytes: null, pressToPrintReason: print.reason };

  // Durable actions
  const durable = await attempt('durable actions (WAL + synchronous=FULL)', LIMIT_MS.durable, log, () => benchDurable({ rounds: 5, actions: n(3000), budgetMs: 3000 }));
  result.durable = 'value' in durable ? durable.value : { oursPerSec: null, barePerSec: null, durableReason: durable.reason };

  // Start-up and memory, ours and Node-RED
  const bundle = await attempt('esbuild bundle of serve (npm run build:bundle)', LIMIT_MS.bundle, log, buildBundle);
  const bundleEntry = 'value' in bundle ? bundle.value : null;
  const startup = await attempt('our start-up, compiled and bundled alternating (5 runs each)', LIMIT_MS.startup, log, () => benchOurStartup(quick ? 3 : 5, fromSource, bundleEntry));
  const memory = await attempt('our memory after 10,000 tickets + 10,000 ratings', LIMIT_MS.memory, log, () => benchOurMemory({ tickets: n(10_000), ratings: n(10_000), concurrency: 4, budgetMs: 240_000, fromSource }));
  const nodeRed = await attempt('idle Node-RED (install cached in .cache/node-red)', LIMIT_MS.nodeRed, log, () => benchNodeRed(3));
  const red = 'value' in nodeRed ? nodeRed.value : null;
  const redReason = red?.reason ?? ('reason' in nodeRed ? nodeRed.reason : null);
  const mem = 'value' in memory ? memory.value : null;
  result.memory = {
    oursRssMB: mem?.rssAfterLoadMB ?? null,
    oursRssIdleAfterLoadMB: mem?.rssAfterLoadIdleMB ?? null,
    ...(mem ? {} : { oursRssMBReason: 'reason' in memory ? memory.reason : '' }),
    noderedRssMB: red?.rssIdleMB ?? null,
    ...(red?.rssIdleMB ? {} : { noderedRssMBReason: redReason }),
    oursIdleRssMB: mem?.rssIdleMB ?? null,
    ratio: mem?.rssAfterLoadMB && red?.rssIdleMB ? round(mem.rssAfterLoadMB / red.rssIdleMB, 2) : null,
    load: mem ? { tickets: mem.tickets, ratings: mem.ratings, seconds: mem.loadSeconds, telemetry: mem.telemetry } : null,
    noderedVersion: red?.version ?? null,
  };
  const st = 'value' in startup ? startup.value.compiled : null;
  const sb = 'value' in startup ? startup.value.bundle : null;
  const ratioOf = (a: number | null | undefined, b: number | null | undefined) => (a && b ? round(a / b, 2) : null);
  result.startup = {
    oursMs: st?.medianMs ?? null,
    ...(st ? {} : { oursMsReason: 'reason' in startup ? startup.reason : '' }),
    noderedMs: red?.startupMs ?? null,
    ...(red?.startupMs ? {} : { noderedMsReason: redReason }),
    ratio: ratioOf(st?.medianMs, red?.startupMs),
    // CPU time used by the first HTTP answer: the figure to compare on a busy machine.
    oursCpuMs: st?.medianCpuMs ?? null,
    noderedCpuMs: red?.startupCpuMs ?? null,
    cpuRatio: ratioOf(st?.medianCpuMs, red?.startupCpuMs),
    bundleMs: sb?.medianMs ?? null,
    bundleCpuMs: sb?.medianCpuMs ?? null,
    ...(sb ? {} : { bundleMsReason: 'reason' in bundle ? bundle.reason : 'reason' in startup ? startup.reason : '' }),
    bundleRatio: ratioOf(sb?.medianMs, red?.startupMs),
    bundleCpuRatio: ratioOf(sb?.medianCpuMs, red?.startupCpuMs),
    bundleVsCompiledCpu: ratioOf(sb?.medianCpuMs, st?.medianCpuMs),
    oursRunsMs: st?.runsMs ?? [],
    oursRunsCpuMs: st?.runsCpuMs ?? [],
    bundleRunsMs: sb?.runsMs ?? [],
    bundleRunsCpuMs: sb?.runsCpuMs ?? [],
    noderedRunsMs: red?.startupRunsMs ?? [],
    noderedRunsCpuMs: red?.startupRunsCpuMs ?? [],
  };

  // Call → audio
  const audio = await attempt('call → audio (espeak-ng, sim player)', LIMIT_MS.callToAudio, log, () => benchCallToAudio({ calls: n(30) }));
  result.callToAudio =
    'value' in audio
      ? { cachedP95: audio.value.cached?.p95 ?? null, uncachedP95: audio.value.uncached?.p95 ?? null, cached: audio.value.cached, uncached: audio.value.uncached, uncachedRenderMs: audio.value.uncachedRenderMs, player: audio.value.player, note: audio.value.note }
      : { cachedP95: null, uncachedP95: null, callToAudioReason: audio.reason };

  // Telemetry
  const telemetry = await attempt('telemetry (own Mosquitto)', LIMIT_MS.telemetry, log, () => benchTelemetry({ events: n(500), queued: 5000, sites: 20, eventsPerSite: n(100) }));
  result.telemetry = 'value' in telemetry ? telemetry.value : { p50: null, p99: null, drainMs: null, telemetryReason: telemetry.reason };

  // Fleet: 1,000 desks at one event a second through Mosquitto into 2 central workers and PostgreSQL.
  const fleet = await attempt('fleet (Mosquitto → 2 central workers → PostgreSQL)', LIMIT_MS.fleet, log, () =>
    benchFleet({ sites: 1000, seconds: n(30), workers: 2, backlog: n(10_000), log }),
  );
  result.fleet = 'value' in fleet ? fleet.value : { sites: 1000, eventsPerSec: null, p99Ms: null, lost: null, duplicated: null, fleetReason: fleet.reason };

  // UI
  const ui = await attempt('UI (bundle sizes, headless Chromium)', LIMIT_MS.ui, log, () => benchUi({ samples: n(20) }));
  result.ui = 'value' in ui ? ui.value : { kioskGzipKB: null, uiReason: ui.reason };

  // A year of reports (--quick: two months)
  const reports = await attempt(`reports over a synthetic ${quick ? '60-day' : 'year'} history`, LIMIT_MS.reports, log, () => benchReportsYear(quick ? 60 : 365, log));
  result.reports = 'value' in reports ? reports.value : { yearMs: null, dbMB: null, reportsReason: reports.reason };

  result.seconds = round((performance.now() - began) / 1000, 0);
  const atEnd = loadNote(cpus);
  result.loadAvgAtEnd = atEnd.loadAvg;
  if (atStart.busy || atEnd.busy)
    warnings.push(`machine busy: 1-minute load ${atStart.loadAvg[0]} at start, ${atEnd.loadAvg[0]} at end, on ${cpus} cores; compare the ratios and paired figures, not absolute times`);
  result.warnings = warnings;
  for (const w of warnings) log(`WARNING: ${w}`);
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(formatTable(result));
  // A stage given up may have left sockets or timers behind: the run itself still ends.
  await killTrackedChildren();
  setTimeout(() => process.exit(0), 2000).unref();
  return 0;
}

// ---- the readable table ---------------------------------------------------------------------

const fmt = (v: unknown, unit = '') => (v === null || v === undefined ? 'null' : `${v}${unit}`);
const get = (o: unknown, path: string): unknown => path.split('.').reduce<unknown>((x, k) => (x && typeof x === 'object' ? (x as Json)[k] : undefined), o);
const verdict = (ok: boolean | null) => (ok === null ? '—' : ok ? 'met' : 'MISSED');

export function formatTable(r: Json): string {
  const rows: [string, string, string, string][] = [];
  const n = (path: string) => get(r, path) as number | null | undefined;
  const le = (path: string, limit: number) => (typeof n(path) === 'number' ? n(path)! <= limit : null);
  rows.push(['press → last byte, 1 client (p50/p95/p99)', `${fmt(n('pressToPrint.p50'))} / ${fmt(n('pressToPrint.p95'))} / ${fmt(n('pressToPrint.p99'), ' ms')}`, 'p99 ≤ 15 ms', verdict(le('pressToPrint.p99', 15))]);
  rows.push(['press → last byte, 20 clients', `${fmt(n('pressToPrint.clients20.p50'))} / ${fmt(n('pressToPrint.clients20.p95'))} / ${fmt(n('pressToPrint.clients20.p99'), ' ms')}`, '', '']);
  const wire = get(r, 'pressToPrint.wireMs') as Record<string, number> | null;
  rows.push(['ticket size; wire time 9600/38400/115200', `${fmt(n('pressToPrint.ticketBytes'), ' B')}; ${wire ? `${wire['9600']} / ${wire['38400']} / ${wire['115200']} ms` : 'null'}`, '< 600 B', verdict(typeof n('pressToPrint.ticketBytes') === 'number' ? n('pressToPrint.ticketBytes')! < 600 : null)]);
  const ratio = n('durable.ratio');
  rows.push(['durable actions/s, ours vs bare', `${fmt(n('durable.oursPerSec'))} vs ${fmt(n('durable.barePerSec'))} (×${fmt(ratio)})`, '≥ 0.8 × bare', verdict(typeof ratio === 'number' ? ratio >= 0.8 : null)]);
  const mr = n('memory.ratio');
  rows.push(['RSS after load vs idle Node-RED', `${fmt(n('memory.oursRssMB'))} vs ${fmt(n('memory.noderedRssMB'), ' MB')} (×${fmt(mr)})`, '≤ 80 MB, ≤ 0.7×', verdict(typeof n('memory.oursRssMB') === 'number' ? n('memory.oursRssMB')! <= 80 && (mr === null || mr! <= 0.7) : null)]);
  const sr = n('startup.ratio');
  rows.push(['start CPU time, ours / bundle vs Node-RED', `${fmt(n('startup.oursCpuMs'))} / ${fmt(n('startup.bundleCpuMs'))} vs ${fmt(n('startup.noderedCpuMs'), ' ms')} (×${fmt(n('startup.cpuRatio'))} / ×${fmt(n('startup.bundleCpuRatio'))})`, '≤ 0.3×', verdict(typeof n('startup.cpuRatio') === 'number' ? Math.min(n('startup.cpuRatio')!, n('startup.bundleCpuRatio') ?? Infinity) <= 0.3 : null)]);
  rows.push(['start → HTTP answers vs Node-RED', `${fmt(n('startup.oursMs'))} vs ${fmt(n('startup.noderedMs'), ' ms')} (×${fmt(sr)})`, '≤ 1 s, ≤ 0.3×', verdict(typeof n('startup.oursMs') === 'number' ? n('startup.oursMs')! <= 1000 && (sr === null || sr! <= 0.3) : null)]);
  rows.push(['call → audio p95, cached / uncached', `${fmt(n('callToAudio.cachedP95'))} / ${fmt(n('callToAudio.uncachedP95'), ' ms')}`, '≤ 150 ms cached', verdict(le('callToAudio.cachedP95', 150))]);
  rows.push(['telemetry event → broker p50/p99', `${fmt(n('telemetry.p50'))} / ${fmt(n('telemetry.p99'), ' ms')}`, '', '']);
  rows.push(['drain of 5,000 queued events', `${fmt(n('telemetry.drainMs'), ' ms')} (${fmt(n('telemetry.drainPerSec'))}/s)`, '', '']);
  rows.push(['central: 1,000 sites × 1 ev/s → 2 workers → PostgreSQL', `${fmt(n('fleet.eventsPerSec'))} ev/s, p99 ${fmt(n('fleet.p99Ms'), ' ms')}, lost ${fmt(n('fleet.lost'))}, dup ${fmt(n('fleet.duplicated'))}`, 'p99 ≤ 200 ms, 0, 0', '']);
  rows.push(['central ceiling (backlog drain per worker)', `${fmt(n('fleet.ceiling.eventsPerSecPerWorker'))} ev/s = sites per worker at 1 ev/s`, '', '']);
  rows.push(['fleet: 20 sites on one broker', `${fmt(n('telemetry.fleet.perSec'))} msg/s, p99 ${fmt(n('telemetry.fleet.p99Ms'), ' ms')}`, '', '']);
  rows.push(['kiosk JS gzipped', fmt(n('ui.kioskGzipKB'), ' KB'), '', '']);
  rows.push(['tap → confirmation painted p50/p95', `${fmt(n('ui.tapToConfirmation.p50'))} / ${fmt(n('ui.tapToConfirmation.p95'), ' ms')}`, '', '']);
  rows.push(['one-year report; database size', `${fmt(n('reports.yearMs'), ' ms')}; ${fmt(n('reports.dbMB'), ' MB')}`, '≤ 1000 ms', verdict(le('reports.yearMs', 1000))]);
  rows.push(['call → board updated p50/p95', `${fmt(n('ui.callToBoard.p50'))} / ${fmt(n('ui.callToBoard.p95'), ' ms')}`, '', '']);
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
  const lines = rows.map((row) => `${row[0].padEnd(w[0])}  ${row[1].padEnd(w[1])}  ${row[2].padEnd(w[2])}  ${row[3]}`);
  const reasons = Object.entries(flatten(r)).filter(([k]) => k.endsWith('Reason')).map(([k, v]) => `  ${k}: ${v}`);
  const screens = get(r, 'ui.screensGzipKB') as Record<string, number> | undefined;
  return [
    `frontdesk bench — ${get(r, 'machine.cpus')} cores, Node ${get(r, 'machine.node')}, load ${JSON.stringify(get(r, 'machine.loadAvgAtStart'))} → ${JSON.stringify(get(r, 'loadAvgAtEnd'))}, ${get(r, 'machine.service')}; ${r.seconds} s`,
    ...lines,
    ...(screens ? [`screens (gzipped JS at first load, KB): ${Object.entries(screens).map(([k, v]) => `${k} ${v}`).join(', ')}`] : []),
    ...(reasons.length ? ['not measured:', ...reasons] : []),
    ...((get(r, 'warnings') as string[] | undefined) ?? []).map((w) => `WARNING: ${w}`),
    '',
  ].join('\n');
}

function flatten(o: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (o && typeof o === 'object' && !Array.isArray(o)) for (const [k, v] of Object.entries(o)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else out[prefix] = o;
  return out;
}
