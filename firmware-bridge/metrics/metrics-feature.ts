import type { Feature, FeatureContext } from '../runtime/feature.js';
import { refuse } from '../kernel/refusal.js';
import { sendRefusal } from '../http/http-errors.js';
import { deskMetrics, type MetricSources } from './desk-metrics.js';
import { metricsRoutes as schemas } from './metrics-schemas.js';
import { scrapeAllowed } from './scrape-access.js';

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

      ctx.http.get('/metrics', { schema: schemas.metrics }, async (request, reply) => {
        if (!scrapeAllowed(request.ip, ctx.config.http.metricsAllow))
          return sendRefusal(reply, refuse(403, 'metrics_forbidden', '此地址不可读取监控指标 · This address may not read the metrics (see http.metricsAllow).'));
        return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
      });
    },
    async stop() {
      unsubscribe?.();
    },
  };
}
