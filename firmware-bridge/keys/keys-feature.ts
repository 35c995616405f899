import { accessSync, constants } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { CardReaderDevice } from '../../devices/card-reader/card-reader.js';
import { createCardReader } from '../../devices/card-reader/index.js';
import { registerKeysRoutes } from './keys-routes.js';
import { KeysService, syncConfiguredMembers } from './keys-service.js';
import { deskCardHasher } from '../telemetry/card-hash.js';
import type { Feature, FeatureContext } from '../runtime/feature.js';
import { keysMigrations } from './keys-store.js';
import { membersMigrations } from '../members/members-store.js';
import { refuse, type Refusal } from '../kernel/refusal.js';

/** Keys and cards (docs/domain.md#keys-and-cards): routes, members import, the `keys` topic and the HID card reader. */
export function keysFeature(): Feature {
  let reader: CardReaderDevice | null = null;
  let unfollow: (() => void)[] = [];
  return {
    name: 'keys',
    migrations: [...keysMigrations, ...membersMigrations],
    async start(ctx: FeatureContext) {
      // A getter, so due-back times and approvers follow a saved config.
      const keys = new KeysService({ get config() { return ctx.config; }, db: ctx.db, store: ctx.store, clock: ctx.clock, hashCard: deskCardHasher(ctx.dataDir, ctx.config.mqtt.cardHashKey) });
      const importMembers = (config: FrontdeskConfig) => {
        try {
          const imported = syncConfiguredMembers(keys, config, ctx.configFile);
          for (const s of [imported.config, imported.csv]) {
            if (!s) continue;
            ctx.log.info({ source: s.source, added: s.added.length, updated: s.updated.length, removed: s.removed.length, rejected: s.errors.length }, 'members imported');
            for (const e of s.errors) ctx.log.warn({ line: e.line, problem: e.message }, 'members CSV row rejected');
          }
        } catch (err) {
          ctx.log.error({ err }, 'members import failed; the members table is unchanged');
        }
      };
      importMembers(ctx.config);
      // The inventory and the members follow a saved config; a save that would drop or move a key that is out is refused.
      unfollow = [
        ctx.liveConfig.guard((next, current) => keys.inventoryRefusal(next.keys) ?? (next.members.csv !== current.members.csv ? membersCsvRefusal(next, ctx.configFile) : null)),
        ctx.liveConfig.onChanged((next, previous) => {
          if (!isDeepStrictEqual(next.keys, previous.keys)) keys.setInventory(next.keys);
          if (!isDeepStrictEqual(next.members.cards, previous.members.cards) || next.members.csv !== previous.members.csv) importMembers(next);
        }),
      ];
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
      for (const off of unfollow) off();
      unfollow = [];
      await reader?.stop();
      reader = null;
    },
  };
}

/** A members CSV the saved config names must be readable, or the save is refused (nothing would be imported). */
function membersCsvRefusal(next: FrontdeskConfig, configFile: string): Refusal | null {
  if (!next.members.csv) return null;
  try {
    accessSync(resolve(dirname(resolve(configFile)), next.members.csv), constants.R_OK);
    return null;
  } catch {
    return refuse(400, 'members_csv_unreadable', `会员文件“${next.members.csv}”无法读取 · The members file "${next.members.csv}" cannot be read.`);
  }
}
