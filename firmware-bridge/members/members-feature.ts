import type { Feature, FeatureContext } from '../runtime/feature.js';
import { localDay } from '../kernel/local-time.js';
import { normalizeCard } from '../kernel/card-number.js';
import { createCardHasher, loadCardHashKey } from '../telemetry/card-hash.js';
import { membersMigrations } from './members-store.js';
import { registerMembersRoutes } from './members-routes.js';
import { MembersService, type ReceiptPrinter } from './members-service.js';

/**
 * Member card operations (docs/domain.md#card-suspension, #card-transfer, #card-replacement): the
 * routes and the `members` service. Its tables are `membersMigrations`, which the keys feature lists
 * too (its key gate reads cards through MembersStore); the migration runner applies them once.
 */
export function membersFeature(): Feature {
  return {
    name: 'members',
    migrations: membersMigrations,
    async start(ctx: FeatureContext) {
      // Card hashes share the telemetry key, so a card hashes the same in every event.
      const hasher = createCardHasher(loadCardHashKey(ctx.dataDir, ctx.config.mqtt.cardHashKey));
      const members = new MembersService({
        config: ctx.config,
        db: ctx.db,
        store: ctx.store,
        clock: ctx.clock,
        dataDir: ctx.dataDir,
        hashCard: (card) => hasher(normalizeCard(card)),
        printer: () => ctx.services.get('printer') as ReceiptPrinter | undefined,
      });
      ctx.services.set('members', members);
      registerMembersRoutes(ctx.http, members, () => localDay(ctx.clock.now(), ctx.config.site.timezone));
    },
    async stop() {},
  };
}
