import type { FastifyInstance } from 'fastify';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { Clock } from '../kernel/clock.js';
import type { Db, Migration } from '../store/database.js';
import type { EventStore } from '../store/event-store.js';
import type { DeviceRegistry } from './device-registry.js';
import type { LiveConfig } from './live-config.js';
import type { Logger } from './logger.js';

/** Retained MQTT state topics (docs/mqtt.md): each feature provides the payload of its own. */
export type StateTopic = 'queue' | 'satisfaction/today' | 'keys' | 'audio' | 'report/weekly' | 'report/monthly' | `output/${string}`;

export interface StateTopics {
  provide(topic: StateTopic, snapshot: () => object): void;
  read(topic: StateTopic): object | undefined;
  topics(): StateTopic[];
}

/** What the runtime hands each feature at start. Features never import each other's internals. */
export interface FeatureContext {
  /** The config in force now (it changes when a manager saves settings); read it when acting. */
  readonly config: FrontdeskConfig;
  /** Follow or guard config changes: see live-config.ts. */
  liveConfig: LiveConfig;
  configFile: string;
  dataDir: string;
  clock: Clock;
  log: Logger;
  db: Db;
  store: EventStore;
  http: FastifyInstance;
  devices: DeviceRegistry;
  stateTopics: StateTopics;
  /** Base URL customers' phones reach the service at (ticket QR codes); known once HTTP listens. */
  publicBaseUrl?: () => string;
  /** Public services other features may use, by name (e.g. "queue", "audio"). */
  services: Map<string, unknown>;
}

/**
 * One product area (queue, ratings, audio, keys, telemetry). `start` registers routes, loads
 * state and subscribes to events; a feature whose start throws is logged and the rest run on.
 */
export interface Feature {
  readonly name: string;
  readonly migrations?: Migration[];
  start(ctx: FeatureContext): Promise<void>;
  stop(): Promise<void>;
}
