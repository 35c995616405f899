import { dirname, resolve } from 'node:path';
import type { Feature, FeatureContext } from '../runtime/feature.js';
import { TelemetryService } from './telemetry-service.js';
import { productVersion } from './version.js';

/**
 * MQTT telemetry for managers (topics in docs/mqtt.md). Starts last, so every state topic is
 * provided when it first connects; a broker that is down or refusing never stops the desk.
 */
export function telemetryFeature(): Feature {
  let service: TelemetryService | undefined;
  return {
    name: 'telemetry',
    // Progress is kept in the event store's meta table (telemetry.ackedSeq, telemetry.prunedUnsent).
    migrations: [],
    async start(ctx: FeatureContext) {
      service = new TelemetryService({
        mqtt: ctx.config.mqtt,
        site: { id: ctx.config.site.id, name: ctx.config.site.name.zh },
        serviceIds: ctx.config.services.map((s) => s.id),
        dataDir: ctx.dataDir,
        configDir: dirname(resolve(ctx.configFile)),
        version: productVersion(),
        store: ctx.store,
        devices: ctx.devices,
        stateTopics: ctx.stateTopics,
        clock: ctx.clock,
        log: ctx.log.child({ feature: 'telemetry' }),
      });
      ctx.services.set('telemetry', service);
      await service.start();
    },
    async stop() {
      await service?.stop();
      service = undefined;
    },
  };
}
