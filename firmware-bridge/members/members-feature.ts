import type { Feature, FeatureContext } from '../runtime/feature.js';
import { localDay } from '../kernel/local-time.js';
import { deskCardHasher } from '../telemetry/card-hash.js';
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
      const members = new MembersService({
        config: ctx.config,
        db: ctx.db,
        store: ctx.store,
        clock: ctx.clock,
        dataDir: ctx.dataDir,
        hashCard: deskCardHasher(ctx.dataDir, ctx.config.mqtt.cardHashKey),
        printer: () => ctx.services.get('printer') as ReceiptPrinter | undefined,
      });
      ctx.services.set('members', members);
      registerMembersRoutes(ctx.http, members, () => localDay(ctx.clock.now(), ctx.config.site.timezone));
    },
    async stop() {},
  };
}
