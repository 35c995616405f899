import { measureDrain, measureTelemetry, runFleet } from '../../scripts/site-simulator.js';
import { startMosquitto } from '../fixtures/mosquitto.js';
import { round } from './stats.js';

export interface TelemetryResult {
  p50: number | null;
  p99: number | null;
  messages: number;
  drainMs: number | null;
  drainPerSec: number | null;
  drainQueued: number;
  fleet: { sites: number; eventsPerSite: number; messages: number; perSec: number; p50Ms: number; p99Ms: number } | null;
  broker: string;
}

/**
 * Event committed → message received back from a real Mosquitto (its own, on a free loopback port),
 * the drain of an outbox filled while the broker was unreachable, and N simulated sites on one broker.
 */
export async function benchTelemetry(options: { events: number; queued: number; sites: number; eventsPerSite: number }): Promise<TelemetryResult> {
  const broker = await startMosquitto();
  try {
    const latency = await measureTelemetry({ brokerUrl: broker.url, events: options.events });
    const drain = await measureDrain({ brokerUrl: broker.url, queued: options.queued });
    const fleet = await runFleet({ sites: options.sites, eventsPerSite: options.eventsPerSite, brokerUrl: broker.url });
    return {
      p50: round(latency.p50),
      p99: round(latency.p99),
      messages: latency.messages,
      drainMs: round(drain.drainMs, 0),
      drainPerSec: round(drain.perSecond, 0),
      drainQueued: options.queued,
      fleet: { sites: options.sites, eventsPerSite: options.eventsPerSite, messages: fleet.messages, perSec: round(fleet.perSecond, 0), p50Ms: round(fleet.p50Ms), p99Ms: round(fleet.p99Ms) },
      broker: `mosquitto on ${broker.url}`,
    };
  } finally {
    await broker.close();
  }
}
