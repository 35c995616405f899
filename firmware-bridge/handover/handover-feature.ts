import type { Feature, FeatureContext } from '../runtime/feature.js';
import { staffSessions } from '../staff/staff-sessions.js';
import { handoverMigrations } from './handover-store.js';
import { registerHandoverRoutes } from './handover-routes.js';
import { HandoverService } from './handover-service.js';

/** The written shift handover (docs/domain.md#written-handover): reads the other features' services when a handover is made. */
export function handoverFeature(): Feature {
  return {
    name: 'handover',
    migrations: handoverMigrations,
    async start(ctx: FeatureContext) {
      const handovers = new HandoverService({
        db: ctx.db,
        store: ctx.store,
        clock: ctx.clock,
        timezone: ctx.config.site.timezone,
        verifyPin: (number, pin) => staffSessions().verify(number, pin),
        service: <T>(name: string) => ctx.services.get(name) as T | undefined,
      });
      ctx.services.set('handover', handovers);
      registerHandoverRoutes(ctx.http, handovers, `${ctx.config.site.name.zh} ${ctx.config.site.name.en}`);
    },
    async stop() {},
  };
}
