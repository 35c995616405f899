import { accessSync, constants, mkdirSync, statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { LoadedConfig } from '../../config/load-config.js';
import { systemClock, type Clock } from '../kernel/clock.js';
import { installStaffSessions, StaffSessions } from '../staff/staff-sessions.js';
import { registerCoreRoutes } from './core-routes.js';
import { createHttpApp, serveUi } from '../http/http-app.js';
import { installRateLimit } from '../http/rate-limit.js';
import { isLoopbackBaseUrl, registerTicketLinks, startPublicListener, type PublicListener } from '../http/public-listener.js';
import { databasePath, migrate, openDatabase, type Db } from '../store/database.js';
import { EventStore, eventStoreMigrations } from '../store/event-store.js';
import { recordDeviceFaults } from './device-events.js';
import { DeviceRegistry } from './device-registry.js';
import type { Feature, FeatureContext } from './feature.js';
import { LiveConfig } from './live-config.js';
import { createLogger, type Logger } from './logger.js';
import { StateTopicRegistry } from './state-topics.js';
import { projectRoot } from './project-root.js';

// From source (firmware-bridge/runtime) or compiled (build/firmware-bridge/runtime): the folder with package.json.

export interface AppOptions {
  clock?: Clock;
  log?: Logger;
  /** The features to run, in start order: the product's list is `createFeatures()` (firmware-bridge/desk.ts); tests may pass a subset. */
  features: Feature[];
  uiDir?: string;
}

export interface RunningApp {
  url: string;
  http: FastifyInstance;
  db: Db;
  store: EventStore;
  devices: DeviceRegistry;
  context: FeatureContext;
  close(): Promise<void>;
}

/** A start-up problem the operator can fix: printed as one line, exit code given. */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/**
 * Starts the service: database (migrated), HTTP, devices and features, in that order; `close`
 * undoes it in reverse. A feature that fails to start is logged and shown in health (`degraded`,
 * with its reason); the rest of the desk runs.
 */
export async function startApp(loaded: LoadedConfig, options: AppOptions): Promise<RunningApp> {
  const { config, dataDir } = loaded;
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger();
  const { features } = options;

  ensureWritableDir(dataDir);
  let db: Db;
  try {
    db = openDatabase(databasePath(dataDir));
  } catch (err) {
    throw storageStartupError(dataDir, err);
  }
  try {
    // A file that is not a database fails here (SQLITE_NOTADB → exit 70). No integrity scan at start:
    // it reads every page, so a Pi would boot slower each month; WAL + synchronous=FULL keep commits whole.
    migrate(db, [...eventStoreMigrations, ...features.flatMap((f) => f.migrations ?? [])]);
  } catch (err) {
    db.close();
    throw storageStartupError(dataDir, err);
  }
  const store = new EventStore(db, clock);
  const devices = new DeviceRegistry();
  const http = await createHttpApp(log);
  const liveConfig = new LiveConfig(config);
  const sessions = new StaffSessions(() => liveConfig.current(), clock);
  liveConfig.onChanged((next, previous) => sessions.follow(next, previous));
  installStaffSessions(sessions);
  await installRateLimit(http, config.http, { clock, isStaffToken: (token) => sessions.identify(token) !== null });
  let baseUrl = config.http.publicBaseUrl ?? `http://${config.http.host}:${config.http.port}`;

  const context: FeatureContext = {
    get config() {
      return liveConfig.current();
    },
    liveConfig,
    configFile: loaded.file,
    dataDir,
    clock,
    log,
    db,
    store,
    http,
    devices,
    stateTopics: new StateTopicRegistry(),
    services: new Map(),
    publicBaseUrl: () => baseUrl,
  };
  const stopFaultLog = recordDeviceFaults(devices, store);
  registerCoreRoutes(http, () => liveConfig.current(), store, devices);
  registerTicketLinks(http, store, () => baseUrl, config.staff);

  const started: Feature[] = [];
  for (const feature of features) {
    try {
      await feature.start(context);
      started.push(feature);
      devices.setFeatureHealth(feature.name, { state: 'running' });
    } catch (err) {
      // Shown in health and the `status` telemetry, not only logged: a desk without its key log must be seen.
      devices.setFeatureHealth(feature.name, { state: 'failed', reason: err instanceof Error ? err.message : String(err) });
      log.error({ err, feature: feature.name }, 'feature failed to start; the rest of the desk runs on');
    }
  }
  const uiDir = options.uiDir ?? join(projectRoot, 'kiosk-ui/dist');
  await serveUi(http, uiDir);

  try {
    await http.listen({ host: config.http.host, port: config.http.port });
  } catch (err) {
    await stopAll(started, log);
    db.close();
    const code = (err as NodeJS.ErrnoException).code;
    throw new StartupError(
      code === 'EADDRINUSE' ? `http.port: ${config.http.host}:${config.http.port} is already in use (set http.port or FRONTDESK_HTTP_PORT)` : `http: cannot listen: ${(err as Error).message}`,
      code === 'EADDRINUSE' ? 75 : 1,
    );
  }
  const address = http.server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${port}`;
  let publicListener: PublicListener | null = null;
  try {
    publicListener = await startPublicListener({ http: config.http, staffApp: http, store, uiDir, log, clock });
  } catch (err) {
    log.error({ err }, 'http.public: cannot listen; ticket QR codes will not open from phones');
  }
  if (!config.http.publicBaseUrl) baseUrl = publicListener?.url ?? url;
  if (isLoopbackBaseUrl(baseUrl))
    log.warn({ baseUrl }, 'ticket QR codes point at this Pi itself and will not open on a phone: set http.public (or http.publicBaseUrl), see README');
  log.info({ url, dataDir }, 'front desk ready');

  let closed = false;
  return {
    url,
    http,
    db,
    store,
    devices,
    context,
    async close() {
      if (closed) return;
      closed = true;
      await publicListener?.close();
      await http.close();
      await stopAll(started, log);
      stopFaultLog();
      db.close();
      log.info('front desk stopped');
    },
  };
}

async function stopAll(features: Feature[], log: Logger): Promise<void> {
  for (const feature of [...features].reverse()) {
    try {
      await feature.stop();
    } catch (err) {
      log.error({ err, feature: feature.name }, 'feature failed to stop cleanly');
    }
  }
}

/** A full disk or an unusable database file is the operator's to fix: one line, an exit code, no stack. */
function storageStartupError(dataDir: string, err: unknown): unknown {
  if (err instanceof StartupError) return err;
  const rawCode = (err as { code?: unknown }).code;
  const code = typeof rawCode === 'string' || typeof rawCode === 'number' ? String(rawCode) : '';
  const file = databasePath(dataDir);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || (code.startsWith('SQLITE_IOERR') && diskAlmostFull(dataDir)))
    return new StartupError(`dataDir: ${dataDir}: the disk is full (${code}); free space and start again`, 74);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return new StartupError(`${file}: database check failed: ${(err as Error).message} (${code}); restore a backup or move the file away`, 70);
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR') || code === 'EACCES' || code === 'EROFS')
    return new StartupError(`${file}: cannot write the database (${code}: ${(err as Error).message}); check the disk and dataDir`, 73);
  return err;
}

/** SQLite reports a full disk as an I/O error when it cannot grow its shared-memory file. */
function diskAlmostFull(dir: string): boolean {
  try {
    const fs = statfsSync(dir);
    return fs.bavail * fs.bsize < 1024 * 1024;
  } catch {
    return false;
  }
}

function ensureWritableDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new StartupError(`dataDir: ${dir} is not writable (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); set dataDir or FRONTDESK_DATA_DIR`, 73);
  }
}
