import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import type { LoadedCentralConfig } from '../../config/load-config.js';
import { createHttpApp, serveUi } from '../http/http-app.js';
import type { Logger } from '../runtime/logger.js';
import { projectRoot } from '../runtime/project-root.js';
import { join } from 'node:path';
import { CentralIngest } from './central-ingest.js';
import { ManagerSessions } from './central-managers.js';
import { centralMetrics } from './central-metrics.js';
import { registerCentralRoutes } from './central-routes.js';
import { CentralStore } from './central-store.js';
import { CentralViews } from './central-views.js';

export interface CentralWorker {
  readonly url: string;
  readonly store: CentralStore;
  close(): Promise<void>;
}

/** One central worker: PostgreSQL (migrated), the MQTT ingest, the manager API and the dashboard. */
export async function startCentral(loaded: LoadedCentralConfig, options: { worker: number; log: Logger; httpPort?: number }): Promise<CentralWorker> {
  const { config } = loaded;
  const { log } = options;
  const store = await CentralStore.open(config.databaseUrl);
  const metrics = centralMetrics();
  const changes = new EventEmitter().setMaxListeners(0);
  const ingest = new CentralIngest({ config, worker: options.worker, store, metrics, log, onSiteChanged: (site) => changes.emit('site', site) });
  const http = await createHttpApp(log);
  registerCentralRoutes(http, {
    store,
    views: new CentralViews(store, config),
    managers: new ManagerSessions(config, store),
    metrics,
    metricsAllow: config.http.metricsAllow,
    onSiteChanged: (listener) => {
      changes.on('site', listener);
      return () => changes.off('site', listener);
    },
  });
  // Central's home is the fleet dashboard, not the desk's screen list the same UI build starts at.
  http.addHook('onRequest', async (request, reply) => {
    if (request.method === 'GET' && request.url === '/') await reply.redirect('/fleet');
  });
  await serveUi(http, loaded.uiDir ?? join(projectRoot, 'kiosk-ui/dist'));
  try {
    await ingest.start();
    await http.listen({ host: config.http.host, port: options.httpPort ?? config.http.port });
  } catch (err) {
    await ingest.stop().catch(() => {});
    await http.close().catch(() => {});
    await store.close().catch(() => {});
    throw err;
  }
  const { port } = http.server.address() as AddressInfo;
  const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
  return {
    url: `http://${host}:${port}`,
    store,
    async close() {
      await ingest.stop();
      await http.close();
      await store.close();
    },
  };
}
