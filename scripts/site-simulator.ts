/**
 * Simulated sites for telemetry: each has its own EventStore on a temp SQLite file, its own
 * publisher and synthetic ticket/rating traffic. Used by the benchmarks (runFleet, measureTelemetry,
 * measureDrain), by the integration tests and, run directly, to load a broker:
 *
 *   node --import tsx scripts/site-simulator.ts --sites 20 --events 200 --broker mqtt://127.0.0.1:1883
 *   node --import tsx scripts/site-simulator.ts --fill --sites 20 --prefix frontdesk   (feeds a central)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import mqtt, { type MqttClient } from 'mqtt';
import { mqttSchema, type MqttConfig } from '../config/schema/network.js';
import { DeviceBase, type DeviceStateName } from '../devices/device.js';
import { systemClock, type Clock } from '../firmware-bridge/kernel/clock.js';
import { localParts } from '../firmware-bridge/kernel/local-time.js';
import type { NewEvent, StoredEvent } from '../firmware-bridge/kernel/events.js';
import { DeviceRegistry } from '../firmware-bridge/runtime/device-registry.js';
import { silentLogger, type Logger } from '../firmware-bridge/runtime/logger.js';
import { StateTopicRegistry } from '../firmware-bridge/runtime/state-topics.js';
import { databasePath, migrate, openDatabase, type Db } from '../firmware-bridge/store/database.js';
import { EventStore, eventStoreMigrations } from '../firmware-bridge/store/event-store.js';
import { TelemetryService, type TelemetryOptions } from '../firmware-bridge/telemetry/telemetry-service.js';

/** A device whose state the simulation (or a test) sets by hand. */
export class SimulatedDevice extends DeviceBase {
  constructor(id: string, kind: 'printer' | 'panel' | 'audio' | 'card-reader', now: () => number) {
    super(id, kind, now);
  }
  set(state: DeviceStateName, detail: string): void {
    this.setState(state, detail);
  }
  async start(): Promise<void> {
    this.setState('ok', 'simulated');
  }
  async stop(): Promise<void> {}
}

export interface SiteOptions {
  brokerUrl: string;
  siteId: string;
  /** The data dir (SQLite file, card-hash key); a temp dir removed on close when absent. */
  dir?: string;
  mqtt?: Partial<Omit<MqttConfig, 'url'>>;
  clock?: Clock;
  log?: Logger;
  telemetry?: Partial<Pick<TelemetryOptions, 'autoProbe' | 'reconnectMinMs' | 'reconnectMaxMs' | 'stateCoalesceMs' | 'window'>>;
  /**
   * synchronous=NORMAL instead of FULL. Only for fleets: N simulated sites in one process share one
   * disk and one thread, so their fsyncs would queue behind each other as N real Pis' never do.
   */
  sharedDiskShortcut?: boolean;
}

export interface SimulatedSite {
  readonly dir: string;
  readonly db: Db;
  readonly store: EventStore;
  readonly devices: DeviceRegistry;
  readonly printer: SimulatedDevice;
  readonly telemetry: TelemetryService;
  commit(events: NewEvent[]): StoredEvent[];
  /** The i-th event of the synthetic day: issue, call, finish, rate in turn. */
  traffic(i: number): NewEvent;
  start(): Promise<void>;
  /** Stops telemetry (offline published) and closes the database; the dir stays when it was given. */
  close(): Promise<void>;
}

export const serviceIds = ['consult', 'business'];

/** Opens (or reopens) a site: database migrated, retained state providers, a printer, the publisher. */
export function createSite(options: SiteOptions): SimulatedSite {
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), `frontdesk-site-${options.siteId}-`));
  const clock = options.clock ?? systemClock;
  const db = openDatabase(databasePath(dir));
  migrate(db, eventStoreMigrations);
  if (options.sharedDiskShortcut) db.pragma('synchronous = NORMAL');
  const store = new EventStore(db, clock);
  const devices = new DeviceRegistry();
  const printer = new SimulatedDevice('printer', 'printer', () => clock.now());
  devices.add(printer);

  // Retained state, kept from the events as the real features would (shapes as in docs/mqtt.md).
  const waiting = new Map(serviceIds.map((s) => [s, 0]));
  const scores = { satisfied: 0, average: 0, unsatisfied: 0 };
  let keysOut = 0;
  store.onCommitted((events) => {
    for (const e of events) {
      if (e.type === 'ticket.issued') waiting.set(e.payload.service, (waiting.get(e.payload.service) ?? 0) + 1);
      if (e.type === 'ticket.called') waiting.set(e.payload.service, Math.max(0, (waiting.get(e.payload.service) ?? 0) - 1));
      if (e.type === 'rating.recorded') scores[e.payload.score]++;
      if (e.type === 'key.handed_out') keysOut++;
      if (e.type === 'key.returned') keysOut = Math.max(0, keysOut - 1);
    }
  });
  const stateTopics = new StateTopicRegistry();
  stateTopics.provide('queue', () => ({
    services: serviceIds.map((id) => ({ id, waiting: waiting.get(id) ?? 0, oldestWaitSec: 0, estimatedWaitSec: (waiting.get(id) ?? 0) * 180 })),
    counters: [{ id: '1', state: 'open', serving: null, next: [] }],
    recentCalls: [],
  }));
  stateTopics.provide('satisfaction/today', () => {
    const total = scores.satisfied + scores.average + scores.unsatisfied;
    return { ...scores, rate: total === 0 ? null : scores.satisfied / total, followUpsOpen: scores.unsatisfied, followUpsOverdue: 0 };
  });
  stateTopics.provide('keys', () => ({ out: keysOut, overdue: 0 }));
  stateTopics.provide('audio', () => ({ mode: 'music', playlist: 'light', volume: 60 }));

  const mqttConfig = mqttSchema.parse({ topicPrefix: 'frontdesk-sim', ...options.mqtt, url: options.brokerUrl });
  const telemetry = new TelemetryService({
    mqtt: mqttConfig,
    site: { id: options.siteId, name: `模拟站点 ${options.siteId}` },
    serviceIds,
    dataDir: dir,
    configDir: dir,
    version: 'sim',
    store,
    devices,
    stateTopics,
    clock,
    log: options.log ?? silentLogger,
    reconnectMinMs: 100,
    reconnectMaxMs: 1000,
    ...options.telemetry,
  });

  let n = 0;
  return {
    dir,
    db,
    store,
    devices,
    printer,
    telemetry,
    commit: (events) => store.commit(events),
    traffic(i) {
      const service = serviceIds[i % serviceIds.length];
      const number = `A${String(Math.floor(i / 4) % 1000).padStart(3, '0')}`;
      const ticketId = `t-${Math.floor(i / 4)}`;
      switch (i % 4) {
        case 0:
          return { type: 'ticket.issued', payload: { ticketId, number, service, day: '2026-11-24', priority: false, arrival: i, hasContact: false } };
        case 1:
          return { type: 'ticket.called', payload: { ticketId, number, service, counter: '1', staff: '001' } };
        case 2:
          return { type: 'ticket.finished', payload: { ticketId, number, service, counter: '1', staff: '001', waitSec: 120, serviceSec: 300 } };
        default:
          return {
            type: 'rating.recorded',
            payload: { ratingId: `r-${n++}`, ticketId, ticketNumber: number, counter: '1', staff: '001', score: 'satisfied', hasContact: false, source: 'panel', day: '2026-11-24' },
          };
      }
    },
    async start() {
      await printer.start();
      await telemetry.start();
    },
    async close() {
      await telemetry.stop();
      db.close();
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a simulated week of a hall looks like. */
export interface HallTrafficOptions {
  /** First local date (YYYY-MM-DD) and how many days follow it. */
  from: string;
  days: number;
  timezone: string;
  open: string; // "HH:MM"
  close: string;
  /** `share`: this service's part of the arrivals (default: equal parts). */
  services: { id: string; letter: string; counters: string[]; share?: number }[];
  counters: string[];
  seed?: number;
  /** Counters whose staff mostly skip the rating prompt (the abuse the reports flag). */
  lowResponseCounters?: string[];
  /** Arrivals times this (1: about 150 tickets a day; 10 with 25 counters: a 1,500-ticket day). */
  arrivalScale?: number;
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing run can be replayed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Days of hall traffic committed through the site's event store with `clock` moved along: tickets
 * issued by an hourly arrival profile (peaks late morning and mid-afternoon), called first-come at
 * the counters that serve them, recalled and skipped (no-shows), transferred, finished; ratings
 * with unsatisfied ones followed up days later; counters pausing for lunch and training; keys
 * handed out and returned (some late, some not at all) and a shift reconciliation each evening.
 * Payloads have the shapes the queue, ratings and keys features commit.
 */
export function simulateHallTraffic(site: Pick<SimulatedSite, 'commit'>, clock: { set(ms: number): void }, options: HallTrafficOptions): { events: number } {
  const random = seededRandom(options.seed ?? 7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const shares = options.services.map((s) => s.share ?? 1);
  const pickService = () => {
    let roll = random() * shares.reduce((a, b) => a + b, 0);
    for (const [i, service] of options.services.entries()) if ((roll -= shares[i]) < 0) return service;
    return options.services.at(-1)!;
  };
  const TICK = 30_000;
  let committed = 0;
  let arrival = 0;
  let ids = 0;
  const later: { at: number; event: NewEvent }[] = []; // follow-up callbacks made on later days
  const commitAt = (at: number, events: NewEvent[]) => {
    if (events.length === 0) return;
    clock.set(at);
    committed += site.commit(events).length;
  };
  const hourlyRate = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.18, 0.24, 0.12, 0.08, 0.16, 0.22, 0.13, 0.04, 0, 0, 0, 0, 0, 0]; // arrivals per tick
  const [openH, openM] = options.open.split(':').map(Number);
  const [closeH, closeM] = options.close.split(':').map(Number);
  for (let d = 0; d < options.days; d++) {
    const [y, m, dd] = options.from.split('-').map(Number);
    const date = new Date(Date.UTC(y, m - 1, dd + d)).toISOString().slice(0, 10);
    const midnight = Date.parse(`${date}T00:00:00Z`) - localOffsetMs(Date.parse(`${date}T12:00:00Z`), options.timezone);
    const openAt = midnight + (openH * 60 + openM) * 60_000;
    const closeAt = midnight + (closeH * 60 + closeM) * 60_000;
    const lastNumber = new Map<string, number>();
    type Waiting = { ticketId: string; number: string; service: string; issuedAt: number; noShow: boolean; transferTo: string | null };
    const waiting: Waiting[] = [];
    const counters = new Map(options.counters.map((c) => [c, { serving: null as (Waiting & { calledAt: number; endsAt: number; recalls: number }) | null, staff: `0${options.counters.indexOf(c) + 1}`.padStart(3, '0'), pausedUntil: 0, pauseAt: openAt + (3 + random()) * 3_600_000 }]));
    const keysOut: { handoutId: string; keyId: string; dueBackAt: number; returnAt: number | null; staff: string }[] = [];
    for (let now = openAt; now < closeAt; now += TICK) {
      while (later.length && later[0].at <= now) commitAt(later[0].at, [later.shift()!.event]);
      const hour = new Date(now + localOffsetMs(now, options.timezone)).getUTCHours();
      // Arrivals this tick.
      let arrivals = 0;
      for (let r = (hourlyRate[hour] ?? 0) * (options.arrivalScale ?? 1); r > 0; r--) if (random() < Math.min(1, r)) arrivals++;
      const issued: NewEvent[] = [];
      for (let i = 0; i < arrivals; i++) {
        const service = pickService();
        const n = (lastNumber.get(service.letter) ?? 0) + 1;
        lastNumber.set(service.letter, n);
        const ticket: Waiting = { ticketId: `w${d}-${++ids}`, number: `${service.letter}${String(n).padStart(3, '0')}`, service: service.id, issuedAt: now, noShow: random() < 0.06, transferTo: random() < 0.05 ? pick(options.services.filter((s) => s.id !== service.id)).id : null };
        waiting.push(ticket);
        issued.push({ type: 'ticket.issued', payload: { ticketId: ticket.ticketId, number: ticket.number, service: ticket.service, day: date, priority: false, arrival: ++arrival, hasContact: random() < 0.5 } });
      }
      commitAt(now, issued);
      for (const [id, counter] of counters) {
        const events: NewEvent[] = [];
        const served = counter.serving;
        if (counter.pausedUntil > 0 && now < counter.pausedUntil) continue;
        if (counter.pausedUntil > 0 && counter.pausedUntil !== -1) {
          counter.pausedUntil = -1; // one pause a day
          commitAt(now, [{ type: 'counter.resumed', payload: { counter: id, staff: counter.staff } }]);
        }
        if (served && now >= served.endsAt) {
          const base = { ticketId: served.ticketId, number: served.number, service: served.service, counter: id, staff: counter.staff };
          if (served.noShow && served.recalls < 2) {
            served.recalls++;
            served.endsAt = now + TICK;
            events.push({ type: 'ticket.recalled', payload: { ...base, recalls: served.recalls } });
          } else if (served.noShow) {
            events.push({ type: 'ticket.skipped', payload: base });
            counter.serving = null;
          } else if (served.transferTo) {
            events.push({ type: 'ticket.transferred', payload: { ticketId: served.ticketId, number: served.number, fromService: served.service, toService: served.transferTo, newNumber: served.number, counter: id, staff: counter.staff } });
            waiting.push({ ...served, service: served.transferTo, transferTo: null });
            counter.serving = null;
          } else {
            events.push({ type: 'ticket.finished', payload: { ...base, waitSec: Math.round((served.calledAt - served.issuedAt) / 1000), serviceSec: Math.round((now - served.calledAt) / 1000) } });
            counter.serving = null;
            const responds = options.lowResponseCounters?.includes(id) ? random() < 0.1 : random() < 0.75;
            if (responds) {
              const roll = random();
              const score = roll < 0.8 ? 'satisfied' : roll < 0.93 ? 'average' : 'unsatisfied';
              const ratingId = `r${++ids}`;
              events.push({ type: 'rating.recorded', payload: { ratingId, ticketId: served.ticketId, ticketNumber: served.number, counter: id, staff: counter.staff, score, hasContact: true, source: 'panel', day: date } });
              if (score !== 'satisfied') {
                const followUpId = `f${++ids}`;
                const dueAt = now + 3 * 86_400_000;
                events.push({ type: 'followup.opened', payload: { followUpId, ratingId, ticketId: served.ticketId, counter: id, staff: counter.staff, score, dueAt: new Date(dueAt).toISOString() } });
                // Most are called back within the three days, some late, some never.
                const roll2 = random();
                if (roll2 < 0.85) {
                  const at = now + Math.floor((0.2 + random() * 2.5) * 86_400_000);
                  const outcome = pick(['reached', 'satisfied_now', 'satisfied_now', 'still_unhappy', 'unreachable'] as const);
                  later.push({ at, event: { type: 'followup.closed', payload: { followUpId, ticketId: served.ticketId, counter: id, staff: counter.staff, outcome, escalated: outcome === 'still_unhappy', closedBy: '900', withinDue: at <= dueAt } } });
                } else if (roll2 < 0.93) {
                  const at = now + Math.floor(3.5 * 86_400_000);
                  later.push({ at, event: { type: 'followup.closed', payload: { followUpId, ticketId: served.ticketId, counter: id, staff: counter.staff, outcome: 'reached', escalated: false, closedBy: '900', withinDue: false } } });
                }
                later.sort((a, b) => a.at - b.at);
              }
            }
          }
        }
        // Pauses, between two customers: lunch around midday, a training break on Wednesdays.
        if (!counter.serving && counter.pausedUntil === 0 && now >= counter.pauseAt) {
          const reason = d === 2 && id === options.counters[0] ? 'training' : 'lunch';
          counter.pausedUntil = now + (20 + Math.floor(random() * 40)) * 60_000;
          events.push({ type: 'counter.paused', payload: { counter: id, staff: counter.staff, reason } });
        } else if (!counter.serving) {
          const mine = options.services.filter((s) => s.counters.includes(id)).map((s) => s.id);
          const index = waiting.findIndex((t) => mine.includes(t.service));
          if (index >= 0) {
            const [ticket] = waiting.splice(index, 1);
            counter.serving = { ...ticket, calledAt: now, endsAt: now + (2 + Math.floor(random() * 12)) * 60_000, recalls: 0 };
            events.push({ type: 'ticket.called', payload: { ticketId: ticket.ticketId, number: ticket.number, service: ticket.service, counter: id, staff: counter.staff } });
          }
        }
        commitAt(now, events);
      }
      // Keys: a handout now and then; returned on time, late, or not at all.
      if (random() < 0.02) {
        const staff = pick([...counters.values()]).staff;
        const handoutId = `h${++ids}`;
        const dueBackAt = now + 2 * 3_600_000;
        const roll = random();
        const returnAt = roll < 0.75 ? now + Math.floor(random() * 2 * 3_600_000) : roll < 0.9 ? now + Math.floor((2.2 + random()) * 3_600_000) : null;
        const keyId = `L${String(1 + Math.floor(random() * 50)).padStart(3, '0')}`;
        keysOut.push({ handoutId, keyId, dueBackAt, returnAt, staff });
        commitAt(now, [{ type: 'key.handed_out', payload: { handoutId, keyId, category: 'member_locker', holderKind: 'member', cardHash: null, staff, approver: null, handedOutAt: new Date(now).toISOString(), dueBackAt: new Date(dueBackAt).toISOString() } }]);
      }
      for (const k of keysOut.filter((k) => k.returnAt !== null && k.returnAt <= now)) {
        keysOut.splice(keysOut.indexOf(k), 1);
        commitAt(now, [{ type: 'key.returned', payload: { handoutId: k.handoutId, keyId: k.keyId, category: 'member_locker', staff: k.staff, cardHash: null, wrongCard: false, overdue: now > k.dueBackAt, outSec: 0, returnedAt: new Date(now).toISOString(), via: 'desk' } }]);
      }
    }
    // Closing: whoever is still waiting goes home unserved; the shift reconciles the keys still out.
    for (const [id, counter] of counters)
      if (counter.serving) {
        const s = counter.serving;
        commitAt(closeAt, [{ type: 'ticket.finished', payload: { ticketId: s.ticketId, number: s.number, service: s.service, counter: id, staff: counter.staff, waitSec: Math.round((s.calledAt - s.issuedAt) / 1000), serviceSec: Math.round((closeAt - s.calledAt) / 1000) } }]);
      }
    const missing = keysOut.filter((k) => k.returnAt === null).length;
    commitAt(closeAt + 60_000, [{ type: 'shift.reconciled', payload: { reportId: `s${++ids}`, staff: '900', keysOut: keysOut.length, returned: 0, stillOut: keysOut.length - missing, missing, overdue: keysOut.length, wrongReturns: 0, leftBehind: 0 } }]);
  }
  return { events: committed };
}

/** Local minus UTC at an instant, in ms. */
function localOffsetMs(instant: number, tz: string): number {
  return localParts(instant, tz).offsetMinutes * 60_000;
}

/** Resolves once the client has joined and subscribed. */
export async function subscriber(brokerUrl: string, topic: string, onMessage: (topic: string, payload: Buffer, packet: mqtt.IPublishPacket) => void): Promise<MqttClient> {
  const client = await mqtt.connectAsync(brokerUrl, { reconnectPeriod: 0, protocolVersion: 4 });
  client.on('message', onMessage);
  await client.subscribeAsync(topic, { qos: 1 });
  return client;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const began = Date.now();
    const tick = () => {
      if (condition()) return resolve();
      if (Date.now() - began > timeoutMs) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 2);
    };
    tick();
  });
}

const runId = () => `${process.pid}-${Date.now().toString(36)}`;

/** Event committed → message received back from the broker, one event at a time. */
export async function measureTelemetry(options: { brokerUrl: string; events: number }): Promise<{ p50: number; p99: number; messages: number }> {
  const prefix = `frontdesk-bench-${runId()}`;
  const site = createSite({ brokerUrl: options.brokerUrl, siteId: 'latency', mqtt: { topicPrefix: prefix } });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const client = await subscriber(options.brokerUrl, `${prefix}/latency/event/#`, (_t, payload) => {
    const id = (JSON.parse(payload.toString()) as { id: string }).id;
    const t0 = sentAt.get(id);
    if (t0 !== undefined) latencies.push(performance.now() - t0);
  });
  try {
    await site.start();
    await waitFor(() => site.telemetry.connected, 5000, 'the publisher to connect');
    for (let i = 0; i < options.events; i++) {
      const expected = latencies.length + 1;
      const t0 = performance.now();
      const [event] = site.commit([site.traffic(i)]);
      sentAt.set(event.id, t0);
      await waitFor(() => latencies.length >= expected, 5000, `event ${i}`);
    }
  } finally {
    await client.endAsync();
    await site.close();
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), messages: latencies.length };
}

/** `queued` events committed while no broker was reachable, then the time to deliver them all. */
export async function measureDrain(options: { brokerUrl: string; queued: number }): Promise<{ drainMs: number; perSecond: number }> {
  const prefix = `frontdesk-bench-${runId()}`;
  const site = createSite({ brokerUrl: options.brokerUrl, siteId: 'drain', mqtt: { topicPrefix: prefix } });
  const ids = new Set<string>();
  const batch: NewEvent[] = [];
  for (let i = 0; i < options.queued; i++) batch.push(site.traffic(i));
  for (let i = 0; i < batch.length; i += 500) site.commit(batch.slice(i, i + 500));
  const client = await subscriber(options.brokerUrl, `${prefix}/drain/event/#`, (_t, payload) => {
    ids.add((JSON.parse(payload.toString()) as { id: string }).id);
  });
  let drainMs = NaN;
  try {
    const t0 = performance.now();
    await site.start();
    await waitFor(() => ids.size >= options.queued, 120_000, 'the drain');
    drainMs = performance.now() - t0;
  } finally {
    await client.endAsync();
    await site.close();
  }
  return { drainMs, perSecond: (options.queued / drainMs) * 1000 };
}

/** N sites on one broker, each committing `eventsPerSite` synthetic events as fast as the desk would. */
export async function runFleet(options: { sites: number; eventsPerSite: number; brokerUrl: string }): Promise<{ messages: number; seconds: number; perSecond: number; p50Ms: number; p99Ms: number }> {
  const prefix = `frontdesk-bench-${runId()}`;
  const sites = Array.from({ length: options.sites }, (_, i) => createSite({ brokerUrl: options.brokerUrl, siteId: `site-${String(i + 1).padStart(3, '0')}`, mqtt: { topicPrefix: prefix }, sharedDiskShortcut: true }));
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const client = await subscriber(options.brokerUrl, `${prefix}/+/event/#`, (_t, payload) => {
    const id = (JSON.parse(payload.toString()) as { id: string }).id;
    const t0 = sentAt.get(id);
    if (t0 !== undefined) {
      latencies.push(performance.now() - t0);
      sentAt.delete(id);
    }
  });
  const total = options.sites * options.eventsPerSite;
  let seconds = NaN;
  try {
    await Promise.all(sites.map((s) => s.start()));
    await waitFor(() => sites.every((s) => s.telemetry.connected), 10_000, 'every site to connect');
    const t0 = performance.now();
    // Every site commits one event per turn, yielding after each so publishing interleaves as it
    // would on N separate machines.
    for (let i = 0; i < options.eventsPerSite; i++) {
      for (const site of sites) {
        const now = performance.now();
        for (const e of site.commit([site.traffic(i)])) sentAt.set(e.id, now);
        await new Promise((r) => setImmediate(r));
      }
    }
    await waitFor(() => latencies.length >= total, 120_000, 'every fleet message');
    seconds = (performance.now() - t0) / 1000;
  } finally {
    await client.endAsync();
    await Promise.all(sites.map((s) => s.close()));
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  return { messages: latencies.length, seconds, perSecond: latencies.length / seconds, p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

async function main(argv: string[]): Promise<void> {
  const arg = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : fallback;
  };
  const brokerUrl = arg('broker', 'mqtt://127.0.0.1:1883');
  const sites = Number(arg('sites', '20'));
  const events = Number(arg('events', '200'));
  if (argv.includes('--fill')) return fill({ brokerUrl, sites, prefix: arg('prefix', 'frontdesk'), perSecond: Number(arg('rate', '1')) });
  const latency = await measureTelemetry({ brokerUrl, events: 500 });
  console.log(`latency (commit → message from broker), 500 events: p50 ${latency.p50.toFixed(2)} ms, p99 ${latency.p99.toFixed(2)} ms`);
  const drain = await measureDrain({ brokerUrl, queued: 5000 });
  console.log(`drain of 5000 queued events: ${drain.drainMs.toFixed(0)} ms (${drain.perSecond.toFixed(0)} events/s)`);
  const fleet = await runFleet({ sites, eventsPerSite: events, brokerUrl });
  console.log(
    `fleet of ${sites} sites × ${events} events: ${fleet.messages} messages in ${fleet.seconds.toFixed(2)} s = ${fleet.perSecond.toFixed(0)} msg/s, latency p50 ${fleet.p50Ms.toFixed(1)} ms, p99 ${fleet.p99Ms.toFixed(1)} ms`,
  );
}

/**
 * `--fill`: sites `hall-001`… publishing as desks do (tickets, calls, ratings; a printer fault now and
 * then) under `prefix`, `perSecond` events each, until Ctrl-C — to fill a central (README "Central").
 */
async function fill(options: { brokerUrl: string; sites: number; prefix: string; perSecond: number }): Promise<void> {
  const sites = Array.from({ length: options.sites }, (_, i) => createSite({ brokerUrl: options.brokerUrl, siteId: `hall-${String(i + 1).padStart(3, '0')}`, mqtt: { topicPrefix: options.prefix }, sharedDiskShortcut: true }));
  await Promise.all(sites.map((s) => s.start()));
  console.log(`${options.sites} sites publishing to ${options.brokerUrl} under ${options.prefix}/…; Ctrl-C stops them (their status goes offline)`);
  let i = 0;
  const timer = setInterval(() => {
    for (const site of sites) site.commit(Array.from({ length: options.perSecond }, () => site.traffic(i)));
    i++;
    const unlucky = sites[Math.floor(Math.random() * sites.length)];
    const ok = unlucky.printer.status.state === 'ok';
    if (i % 30 === 0) unlucky.printer.set(ok ? 'fault' : 'ok', ok ? 'paper out' : 'simulated');
  }, 1000);
  await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
  clearInterval(timer);
  await Promise.all(sites.map((s) => s.close()));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
