import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DeviceStateName } from '../../devices/device.js';
import type { StoredEvent } from '../kernel/events.js';
import { scores } from '../kernel/score.js';

/** What the desk's metrics read at scrape time; each source is another feature's, reached through the context. */
export interface MetricSources {
  /** The retained `queue` state topic: `{services: [{id, waiting, oldestWaitSec}]}`. */
  queue(): { services?: { id: string; waiting: number; oldestWaitSec: number }[] } | undefined;
  devices(): Record<string, { kind: string; state: DeviceStateName; disabled?: boolean }>;
  /** undefined when telemetry is off (`mqtt: off`) or its feature did not start. */
  telemetry(): { connected: boolean; backlog: number } | undefined;
}

const deviceStates: DeviceStateName[] = ['ok', 'degraded', 'fault', 'offline'];

/** Wait buckets in seconds: 1 min … 1 h, the range a front desk's service level is set in. */
const waitBuckets = [30, 60, 120, 300, 600, 900, 1200, 1800, 2700, 3600];

/**
 * The desk's Prometheus registry (docs/operations.md#metrics). Gauges are read from the sources
 * when scraped; the histogram and the counter follow committed events, so they count from the
 * service's start (Prometheus handles the reset of a counter on restart).
 */
export function deskMetrics(sources: MetricSources, serviceIds: readonly string[]) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  new Gauge({
    name: 'frontdesk_queue_waiting',
    help: 'Tickets waiting now, per service',
    labelNames: ['service'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources.queue()?.services ?? []) this.set({ service: s.id }, s.waiting);
    },
  });
  new Gauge({
    name: 'frontdesk_queue_longest_wait_seconds',
    help: 'How long the longest-waiting ticket has waited, per service (0 when none waits)',
    labelNames: ['service'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of sources.queue()?.services ?? []) this.set({ service: s.id }, s.oldestWaitSec);
    },
  });
  const wait = new Histogram({
    name: 'frontdesk_wait_seconds',
    help: 'Wait from ticket issued to called, of tickets finished since the service started, per service',
    labelNames: ['service'],
    buckets: waitBuckets,
    registers: [registry],
  });
  const ratings = new Counter({
    name: 'frontdesk_ratings_total',
    help: 'Satisfaction ratings recorded since the service started, by score',
    labelNames: ['score'],
    registers: [registry],
  });
  new Gauge({
    name: 'frontdesk_device_state',
    help: '1 for the state each device is in (ok, degraded, fault, offline), 0 for the others; devices switched off by config are left out',
    labelNames: ['device', 'kind', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [device, status] of Object.entries(sources.devices())) {
        if (status.disabled) continue;
        for (const state of deviceStates) this.set({ device, kind: status.kind, state }, status.state === state ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'frontdesk_telemetry_outbox_backlog',
    help: 'Committed events the MQTT broker has not acknowledged yet (absent when mqtt is off)',
    registers: [registry],
    collect() {
      this.reset();
      const telemetry = sources.telemetry();
      if (telemetry) this.set(telemetry.backlog);
    },
  });
  new Gauge({
    name: 'frontdesk_mqtt_connected',
    help: '1 while the desk is connected to its MQTT broker',
    registers: [registry],
    collect() {
      this.set(sources.telemetry()?.connected ? 1 : 0);
    },
  });

  // Zero series exist from the start, so rate() and the dashboards see every score and service.
  for (const score of scores) ratings.inc({ score }, 0);
  for (const service of serviceIds) wait.zero({ service });

  return {
    registry,
    /** Feed committed events (store.onCommitted). */
    observe(events: readonly StoredEvent[]): void {
      for (const event of events) {
        if (event.type === 'ticket.finished') wait.observe({ service: event.payload.service }, event.payload.waitSec);
        else if (event.type === 'rating.recorded') ratings.inc({ score: event.payload.score });
      }
    },
  };
}
