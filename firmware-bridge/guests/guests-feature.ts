import type { Feature, FeatureContext } from '../runtime/feature.js';
import { localDay } from '../kernel/local-time.js';
import { guestsMigrations } from './guests-store.js';
import { registerGuestsRoutes } from './guests-routes.js';
import { GuestsService } from './guests-service.js';

/** Guest registration (docs/domain.md#guest-registration): the routes, and the retention purge at start and daily on the clock. */
export function guestsFeature(): Feature {
  let service: GuestsService | undefined;
  return {
    name: 'guests',
    migrations: guestsMigrations,
    async start(ctx: FeatureContext) {
      service = new GuestsService({ config: ctx.config, db: ctx.db, store: ctx.store, clock: ctx.clock });
      ctx.services.set('guests', service);
      registerGuestsRoutes(ctx.http, service, () => localDay(ctx.clock.now(), ctx.config.site.timezone));
      const purged = service.purge();
      if (purged > 0) ctx.log.info({ purged }, 'guest records past retention deleted');
    },
    async stop() {
      service?.stop();
    },
  };
}
