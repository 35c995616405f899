import mqtt, { type MqttClient } from 'mqtt';
import type { Logger } from 'pino';
import type { CentralConfig } from '../../config/schema/central.js';
import type { CentralMetrics } from './central-metrics.js';
import type { CentralStore, EventMessage } from './central-store.js';

/** Retained topics (docs/mqtt.md) kept as the latest state per site, and alerts: `…/{site}/{topic}`. */
const stateTopics = ['status', 'queue', 'satisfaction/today', 'keys', 'audio', 'device/+', 'report/+', 'output/+', 'alert'];
const stateTopic = /^(status|queue|satisfaction\/today|keys|audio|device\/[^/]+|report\/(weekly|monthly)|output\/[^/]+)$/;

export interface IngestOptions {
  config: CentralConfig;
  /** Worker number: the fixed client id `{clientIdPrefix}-{worker}` keeps its session across restarts. */
  worker: number;
  store: CentralStore;
  metrics: CentralMetrics;
  log: Logger;
  /** Called after a site's data changed (committed). */
  onSiteChanged: (site: string) => void;
}

/**
 * One central worker's MQTT side. Events come through the MQTT 5 shared subscription
 * `$share/{group}/{prefix}/+/event/#` (the workers split them); retained state and alerts through a
 * normal subscription (every worker keeps all of it). The session is persistent (clean: false,
 * fixed client id, QoS 1): a PUBACK goes out only after the row is committed (customHandleAcks), so
 * a worker killed mid-stream leaves its unacknowledged messages with the broker, which redelivers them.
 */
export class CentralIngest {
  private client: MqttClient | null = null;
  private stopping = false;
  private readonly prefix: string;
  private readonly gapTimer: NodeJS.Timeout;
  private readonly sitesWithNewEvents = new Set<string>();

  constructor(private readonly options: IngestOptions) {
    this.prefix = options.config.mqtt.topicPrefix.replace(/^\/+|\/+$/g, '');
    this.gapTimer = setInterval(() => void this.scanGaps(), Math.max(200, (options.config.gapGraceSec * 1000) / 4));
  }

  async start(): Promise<void> {
    const { mqtt: m } = this.options.config;
    const clientId = `${m.clientIdPrefix}-${this.options.worker}`;
    const client = mqtt.connect(m.url, {
      clientId,
      clean: false,
      protocolVersion: 5,
      properties: { sessionExpiryInterval: m.sessionExpirySec },
      username: m.username,
      password: m.password,
      reconnectPeriod: 1000,
      resubscribe: true,
      customHandleAcks: (topic, message, _packet, done) => {
        this.handle(topic, message).then(
          () => done(0),
          (err: unknown) => done(err as Error),
        );
      },
    });
    this.client = client;
    client.on('connect', (connack) => {
      this.options.metrics.mqttConnected.set(1);
      this.options.log.info({ clientId, sessionPresent: connack.sessionPresent }, 'central: connected to the broker');
      // A resumed session keeps its subscriptions; subscribing again is harmless and covers a new one.
      void client
        .subscribeAsync({
          [`$share/${m.shareGroup}/${this.prefix}/+/event/#`]: { qos: 1 },
          // Not `+/#`: that would bring every event to every worker as well.
          ...Object.fromEntries(stateTopics.map((t) => [`${this.prefix}/+/${t}`, { qos: 1 as const }])),
        })
        .catch((err: Error) => this.options.log.error({ err }, 'central: subscribe failed'));
    });
    client.on('close', () => this.options.metrics.mqttConnected.set(0));
    client.on('error', (err) => this.options.log.warn({ err: err.message }, 'central: broker error'));
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
  }

  /** Resolves once the message is committed (then the PUBACK goes out). Retries while PostgreSQL is unreachable. */
  private async handle(topic: string, message: Buffer): Promise<void> {
    const rest = topic.startsWith(`${this.prefix}/`) ? topic.slice(this.prefix.length + 1) : null;
    if (rest === null) return;
    const slash = rest.indexOf('/');
    const site = rest.slice(0, slash);
    const sub = rest.slice(slash + 1);
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(message.toString()) as Record<string, unknown>;
    } catch {
      this.options.log.warn({ topic }, 'central: not JSON, dropped');
      return;
    }
    if (typeof payload !== 'object' || payload === null) return;
    for (let attempt = 0; ; attempt++) {
      try {
        await this.commit(site, sub, payload);
        break;
      } catch (err) {
        if (this.stopping) throw err as Error;
        this.options.log.error({ err: (err as Error).message, topic, attempt }, 'central: could not store; retrying (not acknowledged)');
        await new Promise((r) => setTimeout(r, Math.min(5000, 200 * 2 ** attempt)));
      }
    }
    this.options.onSiteChanged(site);
  }

  private async commit(site: string, sub: string, payload: Record<string, unknown>): Promise<void> {
    const { store, metrics } = this.options;
    if (sub.startsWith('event/')) {
      if (typeof payload.id !== 'string' || typeof payload.seq !== 'number' || typeof payload.type !== 'string' || typeof payload.at !== 'string') {
        this.options.log.warn({ site, sub }, 'central: event without id/seq/type/at, dropped');
        return;
      }
      const fresh = await store.addEvent(site, payload as EventMessage);
      if (fresh) {
        metrics.eventsIngested.inc();
        metrics.ingestLag.observe(Math.max(0, Date.now() - Date.parse(payload.at)) / 1000);
        this.sitesWithNewEvents.add(site);
      } else {
        metrics.duplicates.inc();
      }
    } else if (sub === 'alert') {
      if (typeof payload.id === 'string' && typeof payload.at === 'string') await store.addAlert(site, payload as { id: string; at: string });
    } else if (stateTopic.test(sub)) {
      await store.setState(site, sub, payload);
    }
  }

  private async scanGaps(): Promise<void> {
    const sites = [...this.sitesWithNewEvents];
    this.sitesWithNewEvents.clear();
    for (const site of sites) {
      try {
        const gaps = await this.options.store.scanGaps(site, this.options.config.gapGraceSec);
        for (const gap of gaps) {
          this.options.metrics.seqGaps.inc();
          this.options.log.warn({ site, fromSeq: gap.fromSeq, toSeq: gap.toSeq }, 'central: events missing (seq gap)');
        }
        if (gaps.length) this.options.onSiteChanged(site);
      } catch (err) {
        this.options.log.warn({ err: (err as Error).message, site }, 'central: gap scan failed');
      }
      // A hole still inside its grace time is looked at again on the next round.
      if (await this.options.store.hasUnscanned(site).catch(() => false)) this.sitesWithNewEvents.add(site);
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearInterval(this.gapTimer);
    const client = this.client;
    this.client = null;
    if (client) await client.endAsync();
    this.options.metrics.mqttConnected.set(0);
  }
}
