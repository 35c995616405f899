import type { Feature, FeatureContext } from '../runtime/feature.js';
import { localDay } from '../kernel/local-time.js';
import { deskCardHasher } from '../telemetry/card-hash.js';
import { bookingsMigrations } from './bookings-store.js';
import { registerBookingsRoutes } from './bookings-routes.js';
import { BookingsService, type CardCheckSource } from './bookings-service.js';

/**
 * Same-day class bookings (docs/domain.md#same-day-bookings): the routes, the `bookings` service, and
 * the no-show count at each class start on the injected clock. Cards are checked through the
 * `members` service, never its tables.
 */
export function bookingsFeature(): Feature {
  let service: BookingsService | undefined;
  return {
    name: 'bookings',
    migrations: bookingsMigrations,
    async start(ctx: FeatureContext) {
      service = new BookingsService({
        config: ctx.config,
        db: ctx.db,
        store: ctx.store,
        clock: ctx.clock,
        dataDir: ctx.dataDir,
        hashCard: deskCardHasher(ctx.dataDir, ctx.config.mqtt.cardHashKey),
        cards: () => ctx.services.get('members') as CardCheckSource | undefined,
      });
      ctx.services.set('bookings', service);
      registerBookingsRoutes(ctx.http, service, () => localDay(ctx.clock.now(), ctx.config.site.timezone), ctx.config.bookings.opensAt);
      service.countNoShows();
    },
    async stop() {
      service?.stop();
    },
  };
}
