/**
 * `frontdesk bench [--json] [--quick]`: every benchmark in turn, each bounded in count and time,
 * loopback only. A figure that could not be measured is null with a `…Reason` beside it.
 * Never part of `npm test`. A full run takes about 3–5 minutes on 2 cores.
 */
import { loadavg } from 'node:os';
import { benchCallToAudio } from './call-to-audio.js';
import { benchDurable } from './durable.js';
import { benchOurMemory, benchOurStartup } from './memory-startup.js';
import { benchNodeRed } from './node-red.js';
import { benchPressToPrint } from './press-to-print.js';
import { ensureServerBuilt } from './service-runner.js';
import { errorReason, round } from './stats.js';
import { benchTelemetry } from './telemetry.js';
import { benchUi } from './ui.js';

type Json = Record<string, unknown>;

async function attempt<T>(what: string, log: (line: string) => void, run: () => Promise<T>): Promise<{ value: T } | { reason: string }> {
  log(`· ${what} …`);
  const t0 = performance.now();
  try {
    const value = await run();
    log(`  ${what}: done in ${Math.round((performance.now() - t0) / 1000)} s`);
    return { value };
  } catch (err) {
    log(`  ${what}: FAILED: ${errorReason(err)}`);
    return { reason: `${what} failed: ${errorReason(err)}` };
  }
}

export async function runBenchCommand(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const quick = argv.includes('--quick');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const scale = quick ? 0.25 : 1;
  const n = (full: number) => Math.max(5, Math.round(full * scale));
  const began = performance.now();

  const build = ensureServerBuilt();
  log(`service: ${build.note}`);
  const fromSource = !build.compiled;
  const result: Json = {
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version, loadAvgAtStart: loadavg().map((l) => round(l, 2)), service: build.note },
  };

  // Press to print
  const print = await attempt('press-to-print (pty + fake printer)', log, () => benchPressToPrint({ oneClientTickets: n(300), clients: 20, perClient: n(15), timeBudgetMs: 60_000 }));
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
  const durable = await attempt('durable actions (WAL + synchronous=FULL)', log, () => benchDurable({ rounds: 5, actions: n(3000), budgetMs: 3000 }));
  result.durable = 'value' in durable ? durable.value : { oursPerSec: null, barePerSec: null, durableReason: durable.reason };

  // Start-up and memory, ours and Node-RED
  const startup = await attempt('our start-up (5 runs)', log, () => benchOurStartup(quick ? 3 : 5, fromSource));
  const memory = await attempt('our memory after 10,000 tickets + 10,000 ratings', log, () => benchOurMemory({ tickets: n(10_000), ratings: n(10_000), concurrency: 4, budgetMs: 240_000, fromSource }));
  const nodeRed = await attempt('idle Node-RED (install cached in .cache/node-red)', log, () => benchNodeRed(3));
  const red = 'value' in nodeRed ? nodeRed.value : null;
  const redReason = red?.reason ?? ('reason' in nodeRed ? nodeRed.reason : null);
  const mem = 'value' in memory ? memory.value : null;
  result.memory = {
    oursRssMB: mem?.rssAfterLoadMB ?? null,
    ...(mem ? {} : { oursRssMBReason: 'reason' in memory ? memory.reason : '' }),
    noderedRssMB: red?.rssIdleMB ?? null,
    ...(red?.rssIdleMB ? {} : { noderedRssMBReason: redReason }),
    oursIdleRssMB: mem?.rssIdleMB ?? null,
    ratio: mem?.rssAfterLoadMB && red?.rssIdleMB ? round(mem.rssAfterLoadMB / red.rssIdleMB, 2) : null,
    load: mem ? { tickets: mem.tickets, ratings: mem.ratings, seconds: mem.loadSeconds, telemetry: mem.telemetry } : null,
    noderedVersion: red?.version ?? null,
  };
  const st = 'value' in startup ? startup.value : null;
  result.startup = {
    oursMs: st?.medianMs ?? null,
    ...(st ? {} : { oursMsReason: 'reason' in startup ? startup.reason : '' }),
    noderedMs: red?.startupMs ?? null,
    ...(red?.startupMs ? {} : { noderedMsReason: redReason }),
    ratio: st?.medianMs && red?.startupMs ? round(st.medianMs / red.startupMs, 2) : null,
    oursRunsMs: st?.runsMs ?? [],
    noderedRunsMs: red?.startupRunsMs ?? [],
  };

  // Call → audio
  const audio = await attempt('call → audio (espeak-ng, sim player)', log, () => benchCallToAudio({ calls: n(30) }));
  result.callToAudio =
    'value' in audio
      ? { cachedP95: audio.value.cached?.p95 ?? null, uncachedP95: audio.value.uncached?.p95 ?? null, cached: audio.value.cached, uncached: audio.value.uncached, uncachedRenderMs: audio.value.uncachedRenderMs, player: audio.value.player, note: audio.value.note }
      : { cachedP95: null, uncachedP95: null, callToAudioReason: audio.reason };

  // Telemetry
  const telemetry = await attempt('telemetry (own Mosquitto)', log, () => benchTelemetry({ events: n(500), queued: 5000, sites: 20, eventsPerSite: n(100) }));
  result.telemetry = 'value' in telemetry ? telemetry.value : { p50: null, p99: null, drainMs: null, telemetryReason: telemetry.reason };

  // UI
  const ui = await attempt('UI (bundle sizes, headless Chromium)', log, () => benchUi({ samples: n(20) }));
  result.ui = 'value' in ui ? ui.value : { kioskGzipKB: null, uiReason: ui.reason };

  result.seconds = round((performance.now() - began) / 1000, 0);
  result.loadAvgAtEnd = loadavg().map((l) => round(l, 2));
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(formatTable(result));
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
  rows.push(['start → HTTP answers vs Node-RED', `${fmt(n('startup.oursMs'))} vs ${fmt(n('startup.noderedMs'), ' ms')} (×${fmt(sr)})`, '≤ 1 s, ≤ 0.3×', verdict(typeof n('startup.oursMs') === 'number' ? n('startup.oursMs')! <= 1000 && (sr === null || sr! <= 0.3) : null)]);
  rows.push(['call → audio p95, cached / uncached', `${fmt(n('callToAudio.cachedP95'))} / ${fmt(n('callToAudio.uncachedP95'), ' ms')}`, '≤ 150 ms cached', verdict(le('callToAudio.cachedP95', 150))]);
  rows.push(['telemetry event → broker p50/p99', `${fmt(n('telemetry.p50'))} / ${fmt(n('telemetry.p99'), ' ms')}`, '', '']);
  rows.push(['drain of 5,000 queued events', `${fmt(n('telemetry.drainMs'), ' ms')} (${fmt(n('telemetry.drainPerSec'))}/s)`, '', '']);
  rows.push(['fleet: 20 sites on one broker', `${fmt(n('telemetry.fleet.perSec'))} msg/s, p99 ${fmt(n('telemetry.fleet.p99Ms'), ' ms')}`, '', '']);
  rows.push(['kiosk JS gzipped', fmt(n('ui.kioskGzipKB'), ' KB'), '', '']);
  rows.push(['tap → confirmation painted p50/p95', `${fmt(n('ui.tapToConfirmation.p50'))} / ${fmt(n('ui.tapToConfirmation.p95'), ' ms')}`, '', '']);
  rows.push(['call → board updated p50/p95', `${fmt(n('ui.callToBoard.p50'))} / ${fmt(n('ui.callToBoard.p95'), ' ms')}`, '', '']);
  const w = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i].length)));
  const lines = rows.map((row) => `${row[0].padEnd(w[0])}  ${row[1].padEnd(w[1])}  ${row[2].padEnd(w[2])}  ${row[3]}`);
  const reasons = Object.entries(flatten(r)).filter(([k]) => k.endsWith('Reason')).map(([k, v]) => `  ${k}: ${v}`);
  const screens = get(r, 'ui.screensGzipKB') as Record<string, number> | undefined;
  return [
    `frontdesk bench — ${get(r, 'machine.cpus')} cores, Node ${get(r, 'machine.node')}, load ${JSON.stringify(get(r, 'machine.loadAvgAtStart'))}, ${get(r, 'machine.service')}; ${r.seconds} s`,
    ...lines,
    ...(screens ? [`screens (gzipped JS at first load, KB): ${Object.entries(screens).map(([k, v]) => `${k} ${v}`).join(', ')}`] : []),
    ...(reasons.length ? ['not measured:', ...reasons] : []),
    '',
  ].join('\n');
}

function flatten(o: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (o && typeof o === 'object' && !Array.isArray(o)) for (const [k, v] of Object.entries(o)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  else out[prefix] = o;
  return out;
}
