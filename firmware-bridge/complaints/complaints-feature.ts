import type { Feature, FeatureContext } from '../runtime/feature.js';
import { complaintsMigrations } from './complaints-store.js';
import { registerComplaintsRoutes } from './complaints-routes.js';
import { ComplaintsService, type CallbackList } from './complaints-service.js';

/** Complaints (docs/domain.md#complaints): the routes and the `complaints` service (the shift handover lists its open ones). */
export function complaintsFeature(): Feature {
  return {
    name: 'complaints',
    migrations: complaintsMigrations,
    async start(ctx: FeatureContext) {
      const complaints = new ComplaintsService({
        db: ctx.db,
        store: ctx.store,
        clock: ctx.clock,
        timezone: ctx.config.site.timezone,
        callbacks: () => ctx.services.get('ratings') as CallbackList | undefined,
      });
      ctx.services.set('complaints', complaints);
      registerComplaintsRoutes(ctx.http, complaints);
    },
    async stop() {},
  };
}
