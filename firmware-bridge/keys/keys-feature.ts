import type { CardReaderDevice } from '../../devices/card-reader/card-reader.js';
import { createCardReader } from '../../devices/card-reader/index.js';
import { registerKeysRoutes } from './keys-routes.js';
import { KeysService, syncConfiguredMembers } from './keys-service.js';
import { deskCardHasher } from '../telemetry/card-hash.js';
import type { Feature, FeatureContext } from '../runtime/feature.js';
import { keysMigrations } from './keys-store.js';
import { membersMigrations } from '../members/members-store.js';

/** Keys and cards (docs/domain.md#keys-and-cards): routes, members import, the `keys` topic and the HID card reader. */
export function keysFeature(): Feature {
  let reader: CardReaderDevice | null = null;
  return {
    name: 'keys',
    migrations: [...keysMigrations, ...membersMigrations],
    async start(ctx: FeatureContext) {
      // A getter, so due-back times and approvers follow a saved config (the inventory itself needs a restart).
      const keys = new KeysService({ get config() { return ctx.config; }, db: ctx.db, store: ctx.store, clock: ctx.clock, hashCard: deskCardHasher(ctx.dataDir, ctx.config.mqtt.cardHashKey) });
      try {
        const imported = syncConfiguredMembers(keys, ctx.config, ctx.configFile);
        for (const s of [imported.config, imported.csv]) {
          if (!s) continue;
          ctx.log.info({ source: s.source, added: s.added.length, updated: s.updated.length, removed: s.removed.length, rejected: s.errors.length }, 'members imported');
          for (const e of s.errors) ctx.log.warn({ line: e.line, problem: e.message }, 'members CSV row rejected');
        }
      } catch (err) {
        ctx.log.error({ err }, 'members import failed; the members table is unchanged');
      }
      const readerConfig = ctx.config.members.reader;
      if (readerConfig.kind === 'hid') {
        reader = createCardReader(readerConfig, { clock: ctx.clock, log: ctx.log.child({ device: 'card-reader' }) });
        ctx.devices.add(reader);
        await reader.start();
      }
      ctx.services.set('keys', keys);
      ctx.stateTopics.provide('keys', () => keys.topicPayload());
      registerKeysRoutes(ctx.http, keys, { siteName: `${ctx.config.site.name.zh} / ${ctx.config.site.name.en}`, reader });
    },
    async stop() {
      await reader?.stop();
      reader = null;
    },
  };
}
