import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openPtyPair } from '../fixtures/pty-pair.js';
import { spawnFakePrinter } from '../fixtures/fake-printer.js';
import { loadOverrides, writeBenchConfig } from './bench-config.js';
import { startService } from './service-runner.js';
import { percentiles, round, type Percentiles } from './stats.js';
import { requestJson } from '../fixtures/http.js';
import { waitFor } from '../fixtures/wait.js';

export const BAUDS = [9600, 38_400, 115_200] as const;

export interface PressToPrintResult {
  oneClient: Percentiles | null;
  twentyClients: Percentiles | null;
  /** Client-side round trip (request sent → 201 read), one client: includes the printed-event commit. */
  roundTripOneClient: Percentiles | null;
  ticketBytes: number | null;
  ticketBytesMax: number | null;
  /** Computed: 10 bits a byte (8N1); a pty has no baud timing. */
  wireMs: Record<string, number> | null;
  ticketsPrinted: number;
  ticketsReceivedByFakePrinter: number;
  notes: string[];
}

interface Probe {
  arrivals: Record<string, number>;
  writes: { bytes: number; number: string | null; writtenAt: number; drainedAt: number | null }[];
}

/**
 * HTTP `POST /api/tickets` arrives → last ticket byte written to the serial port, on a real socat
 * pty with the fake ESC/POS printer reading (and answering status queries) on the other end.
 */
export async function benchPressToPrint(options: { oneClientTickets: number; clients: number; perClient: number; timeBudgetMs: number }): Promise<PressToPrintResult> {
  const notes: string[] = [];
  const pty = await openPtyPair('bench-printer');
  const printer = await spawnFakePrinter(pty.peerPath);
  const cfg = writeBenchConfig('print', loadOverrides());
  const probeOut = join(cfg.dir, 'probe.json');
  const probeUrl = pathToFileURL(resolve('test/bench/print-timing-probe.mjs')).href;
  let service: Awaited<ReturnType<typeof startService>> | null = null;
  try {
    service = await startService({
      config: cfg.file,
      dataDir: cfg.dataDir,
      env: {
        FRONTDESK_PRINTER: `serial:${pty.devicePath}@38400`,
        FRONTDESK_MQTT_URL: 'off',
        FRONTDESK_BENCH_PROBE_OUT: probeOut,
        // Plain JS preload, no TypeScript loader: the service runs as on a Pi (see the probe's header).
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import ${probeUrl}`.trim(),
      },
    });
    const url = service.url;
    await waitFor(async () => (await requestJson(`${url}/api/health`)).body.devices.printer.state === 'ok', 'the printer to report ok');

    let nextId = 0;
    const numberOf = new Map<string, string>();
    const roundTrips: number[] = [];
    let printed = 0;
    const issue = async (service: string, phase: string) => {
      const id = `${phase}-${nextId++}`;
      const t0 = performance.now();
      const response = await fetch(`${url}/api/tickets`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-bench-id': id }, body: JSON.stringify({ service }) });
      const body = (await response.json()) as { ticket?: { number: string; printed: boolean } };
      if (response.status !== 201 || !body.ticket) throw new Error(`POST /api/tickets answered ${response.status}: ${JSON.stringify(body).slice(0, 200)}`);
      if (phase === 'one') roundTrips.push(performance.now() - t0);
      if (body.ticket.printed) printed++;
      numberOf.set(id, body.ticket.number);
    };

    // Warm-up (JIT, first statements prepared), not counted.
    for (let i = 0; i < 20; i++) await issue('consultation', 'warm');
    const budgetEnd = performance.now() + options.timeBudgetMs;
    for (let i = 0; i < options.oneClientTickets && performance.now() < budgetEnd; i++) await issue('transaction', 'one');
    // The one-client phase's tickets are out of the printer's buffer before the crowd starts.
    await waitFor(() => printer.tickets.length >= printed, 'the one-client tickets printed');
    // 20 kiosks pressing at once, each pressing again as soon as its ticket is out.
    const services = ['transaction', 'consultation', 'complaint', 'priority'];
    await Promise.all(
      Array.from({ length: options.clients }, async (_, c) => {
        for (let i = 0; i < options.perClient && performance.now() < budgetEnd + options.timeBudgetMs; i++) await issue(services[c % services.length], 'many');
      }),
    );
    if (performance.now() > budgetEnd) notes.push('time budget reached: fewer tickets than asked');

    // Every ticket must have reached the printer's end before the figures mean anything.
    const expected = printed;
    await waitFor(() => printer.tickets.length >= expected, 'the fake printer to receive every ticket').catch(() => notes.push(`fake printer received ${printer.tickets.length} of ${expected} tickets`));

    service.child.kill('SIGUSR2');
    const probe = await waitFor(() => existsSync(probeOut) && (JSON.parse(readFileSync(probeOut, 'utf8')) as Probe), 'the timing probe', { timeoutMs: 5000 });
    const writtenAt = new Map<string, number>();
    for (const w of probe.writes) if (w.number && !writtenAt.has(w.number)) writtenAt.set(w.number, w.writtenAt);
    const latency = (phase: string) => {
      const out: number[] = [];
      for (const [id, number] of numberOf) {
        if (!id.startsWith(`${phase}-`)) continue;
        const a = probe.arrivals[id];
        const w = writtenAt.get(number);
        if (a !== undefined && w !== undefined) out.push(w - a);
      }
      return out;
    };
    const one = latency('one');
    const many = latency('many');
    const sent = [...numberOf.keys()].filter((k) => !k.startsWith('warm')).length;
    if (one.length + many.length < sent) notes.push(`${sent - one.length - many.length} of ${sent} tickets could not be matched to a serial write`);
    const sizes = probe.writes.map((w) => w.bytes);
    const ticketBytes = sizes.length ? percentiles(sizes)!.p50 : null;
    const drains = probe.writes.filter((w) => w.drainedAt !== null).map((w) => w.drainedAt! - w.writtenAt);
    if (drains.length) notes.push(`write → tcdrain done: p50 ${percentiles(drains)!.p50} ms (a pty drains at once; a real UART adds the wire time)`);
    return {
      oneClient: percentiles(one),
      twentyClients: percentiles(many),
      roundTripOneClient: percentiles(roundTrips),
      ticketBytes,
      ticketBytesMax: sizes.length ? Math.max(...sizes) : null,
      wireMs: ticketBytes === null ? null : Object.fromEntries(BAUDS.map((b) => [String(b), round(((ticketBytes * 10) / b) * 1000, 1)])),
      ticketsPrinted: printed,
      ticketsReceivedByFakePrinter: printer.tickets.length,
      notes,
    };
  } finally {
    await service?.stop();
    await printer.stop().catch(() => undefined);
    await pty.close().catch(() => undefined);
    rmSync(cfg.dir, { recursive: true, force: true });
  }
}
