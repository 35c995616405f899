import type { Feature, FeatureContext } from '../runtime/feature.js';
import type { QueueInUse } from './rules/strands.js';
import { removeStaleTempFiles } from './settings-file.js';
import { registerSettingsRoutes } from './settings-routes.js';
import { registerSettingsToolRoutes } from './settings-tools-routes.js';
import { SettingsService } from './settings-service.js';
import { SettingsStore, settingsMigrations } from './settings-store.js';
import { TrackFiles } from './track-files.js';

/** Managers edit the config file from the touchscreen (`/settings`): versions, rollback, live apply. */
export function settingsFeature(): Feature {
  return {
    name: 'settings',
    migrations: settingsMigrations,
    async start(ctx: FeatureContext) {
      const log = ctx.log.child({ feature: 'settings' });
      const stale = removeStaleTempFiles(ctx.configFile);
      if (stale > 0) log.warn({ stale }, 'removed temp files of an interrupted settings save (the config file is whole)');
      const settings = new SettingsService({
        file: ctx.configFile,
        live: ctx.liveConfig,
        store: ctx.store,
        rows: new SettingsStore(ctx.db),
        clock: ctx.clock,
        log,
        queueInUse: () => ctx.stateTopics.read('queue') as QueueInUse | undefined,
      });
      settings.noteFile();
      ctx.services.set('settings', settings);
      const tracks = new TrackFiles(ctx.configFile, () => ctx.config.audio.playlists);
      const uploadMaxBytes = ctx.config.audio.uploadMaxMB * 1024 * 1024;
      await registerSettingsRoutes(ctx.http, settings, tracks, uploadMaxBytes);
      // Services are looked up per request: the features that own them may start after this one.
      await registerSettingsToolRoutes(ctx.http, { config: () => ctx.config, configFile: ctx.configFile, now: () => ctx.clock.now(), service: <T>(name: string) => ctx.services.get(name) as T | undefined }, uploadMaxBytes);
    },
    async stop() {},
  };
}
