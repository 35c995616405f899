import type { Feature, FeatureContext } from '../runtime/feature.js';
import { deskMetrics, type MetricSources } from './desk-metrics.js';
import { metricsRoutes as schemas } from './metrics-schemas.js';
import { serveMetrics } from '../http/scrape-access.js';

/** The part of the telemetry service the metrics read (its own feature provides it as "telemetry"). */
type TelemetryView = { connected: boolean; ackedSeq: number };

/** `GET /metrics` for Prometheus: reads the other features' state topics, devices and services when scraped. */
export function metricsFeature(): Feature {
  let unsubscribe: (() => void) | undefined;
  return {
    name: 'metrics',
    async start(ctx: FeatureContext) {
      const sources: MetricSources = {
        queue: () => ctx.stateTopics.read('queue'),
        devices: () => ctx.devices.snapshot(),
        telemetry() {
          const telemetry = ctx.services.get('telemetry') as TelemetryView | undefined;
          if (!telemetry || ctx.config.mqtt.url === 'off') return undefined;
          return { connected: telemetry.connected, backlog: Math.max(0, ctx.store.lastSeq() - telemetry.ackedSeq) };
        },
      };
      const metrics = deskMetrics(sources, ctx.config.services.map((s) => s.id));
      unsubscribe = ctx.store.onCommitted((events) => metrics.observe(events));

      serveMetrics(ctx.http, metrics.registry, () => ctx.config.http.metricsAllow, schemas.metrics);
    },
    async stop() {
      unsubscribe?.();
    },
  };
}
