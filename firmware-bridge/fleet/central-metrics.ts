import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Prometheus metrics of one central worker (`GET /metrics`). */
export function centralMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    mqttConnected: new Gauge({ name: 'frontdesk_central_mqtt_connected', help: '1 while this worker is connected to the broker', registers }),
    eventsIngested: new Counter({ name: 'frontdesk_central_events_ingested_total', help: 'Events committed to PostgreSQL (first delivery)', registers }),
    duplicates: new Counter({ name: 'frontdesk_central_events_duplicate_total', help: 'Redelivered events that were already stored', registers }),
    ingestLag: new Histogram({
      name: 'frontdesk_central_ingest_lag_seconds',
      help: 'From the event\'s commit at the site to its row committed here',
      buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 30, 300],
      registers,
    }),
    seqGaps: new Counter({ name: 'frontdesk_central_seq_gaps_total', help: 'Seq gaps detected (missing events of a site)', registers }),
  };
}

export type CentralMetrics = ReturnType<typeof centralMetrics>;
