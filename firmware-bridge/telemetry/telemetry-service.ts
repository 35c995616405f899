import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { MqttClient } from 'mqtt';
import type { MqttConfig } from '../../config/schema/network.js';
import type { Device, DeviceState } from '../../devices/device.js';
import type { Clock } from '../kernel/clock.js';
import type { StoredEvent } from '../kernel/events.js';
import type { DeviceRegistry } from '../runtime/device-registry.js';
import type { StateTopics } from '../runtime/feature.js';
import type { Logger } from '../runtime/logger.js';
import type { EventStore } from '../store/event-store.js';
import { answersMqtt } from './broker-probe.js';
import { createCardHasher, loadCardHashKey } from './card-hash.js';
import { startEmbeddedBroker, type EmbeddedBroker } from './embedded-broker.js';
import { discoveryMessages } from './home-assistant.js';
import { classify, openLink, type ConnectMqtt, type Link, type LinkOptions } from './mqtt-link.js';
import { MqttDevice } from './mqtt-device.js';
import { Outbox } from './outbox.js';
import { sanitizeEvent, sanitizeValue, type CardHasher } from './sanitize.js';
import { siteTopics, type SiteTopics } from './topics.js';

export interface TelemetryOptions {
  mqtt: MqttConfig;
  site: { id: string; name: string };
  /** Service ids (Home Assistant queue sensors). */
  serviceIds: string[];
  dataDir: string;
  /** Relative TLS file paths are read from here (the config file's folder). */
  configDir: string;
  version: string;
  store: EventStore;
  devices: DeviceRegistry;
  stateTopics: StateTopics;
  clock: Clock;
  log: Logger;
  /** Where `url: auto` looks for a running broker (127.0.0.1:1883 in production). */
  autoProbe?: { host: string; port: number };
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** State topics are recomputed at most this often after commits. */
  stateCoalesceMs?: number;
  /** Re-reads state topics this often even without commits (waiting times grow, days change). */
  stateRefreshMs?: number;
  window?: number;
  connectMqtt?: ConnectMqtt;
}

type BrokerChoice = { kind: 'off' } | { kind: 'url'; url: string } | { kind: 'embedded'; broker: EmbeddedBroker };

/**
 * Managers' telemetry: status with a retained Last Will, retained state and device topics
 * republished on every (re)connect and on change, and one QoS 1 message per domain event from the
 * disk outbox. Nothing here ever throws into the desk: a broker down, slow or refusing only shows
 * as the `mqtt` device's state.
 */
export class TelemetryService {
  readonly device: MqttDevice;
  readonly topics: SiteTopics;
  private readonly outbox: Outbox;
  private readonly hashCard: CardHasher;
  private readonly startedAt: string;
  private choice: BrokerChoice = { kind: 'off' };
  private link: Link | undefined;
  private stopping = false;
  private loop: Promise<void> | undefined;
  private wakeSleep: (() => void) | undefined;
  private readonly unsubscribe: (() => void)[] = [];
  private stateTimer: NodeJS.Timeout | undefined;
  private refreshTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private lastState = new Map<string, string>();

  constructor(private readonly options: TelemetryOptions) {
    this.device = new MqttDevice(() => options.clock.now());
    this.topics = siteTopics(options.mqtt.topicPrefix, options.site.id);
    this.hashCard = createCardHasher(loadCardHashKey(options.dataDir, options.mqtt.cardHashKey));
    this.startedAt = new Date(options.clock.now()).toISOString();
    this.outbox = new Outbox({
      store: options.store,
      clock: options.clock,
      retentionDays: options.mqtt.outboxRetentionDays,
      window: options.window,
      log: options.log,
      onSendFailure: (err) => this.dropLink(err),
      onPruned: () => void this.publishStatus('online'),
    });
  }

  /** The broker URL in use (undefined when off or not resolved). */
  get brokerUrl(): string | undefined {
    if (this.choice.kind === 'url') return this.choice.url;
    if (this.choice.kind === 'embedded') return this.choice.broker.url;
    return undefined;
  }

  get ackedSeq(): number {
    return this.outbox.ackedSeq;
  }

  get prunedUnsent(): number {
    return this.outbox.prunedUnsent;
  }

  get connected(): boolean {
    return this.link !== undefined;
  }

  async start(): Promise<void> {
    this.options.devices.add(this.device);
    this.choice = await this.chooseBroker();
    if (this.choice.kind === 'off') {
      if (this.device.status.state === 'offline' && this.device.status.detail === 'not started') this.device.switchOff('遥测已关闭 / telemetry off');
      return;
    }
    let linkOptions: LinkOptions;
    try {
      linkOptions = this.linkOptions(this.brokerUrl!);
    } catch (err) {
      this.device.report('offline', `证书文件无法读取 / cannot read TLS files (${(err as Error).message})`);
      this.options.log.error({ err }, 'telemetry: cannot read TLS files');
      return;
    }
    this.outbox.pruneExpired();
    this.unsubscribe.push(
      this.options.store.onCommitted(() => {
        this.outbox.notify();
        this.scheduleStates();
      }),
      this.options.devices.onState((device, state) => this.publishDevice(device, state)),
    );
    this.refreshTimer = setInterval(() => void this.publishStates(false), this.options.stateRefreshMs ?? 30_000);
    this.refreshTimer.unref();
    this.pruneTimer = setInterval(() => this.outbox.pruneExpired(), 3_600_000);
    this.pruneTimer.unref();
    this.loop = this.connectLoop(linkOptions);
  }

  /** Flushes what it can, publishes `offline`, disconnects cleanly, stops the embedded broker. */
  async stop(timeoutMs = 3000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const off of this.unsubscribe.splice(0)) off();
    clearTimeout(this.stateTimer);
    clearInterval(this.refreshTimer);
    clearInterval(this.pruneTimer);
    const link = this.link;
    if (link) {
      await this.outbox.drain(timeoutMs);
      await withTimeout(this.publish(link.client, this.topics.status, this.statusPayload('offline'), true), timeoutMs);
      await withTimeout(link.client.endAsync().catch(() => undefined), timeoutMs);
      link.client.end(true);
    }
    this.outbox.close();
    this.wakeSleep?.();
    await withTimeout(this.loop ?? Promise.resolve(), timeoutMs);
    if (this.choice.kind === 'embedded') await this.choice.broker.close();
    this.device.report('offline', '遥测已停止 / telemetry stopped');
  }

  private async chooseBroker(): Promise<BrokerChoice> {
    const { url, embeddedPort } = this.options.mqtt;
    if (url === 'off') return { kind: 'off' };
    if (url !== 'auto') return { kind: 'url', url };
    const probe = this.options.autoProbe ?? { host: '127.0.0.1', port: 1883 };
    if (await answersMqtt(probe.host, probe.port)) {
      this.options.log.info({ broker: `${probe.host}:${probe.port}` }, 'telemetry: using the MQTT broker already running');
      return { kind: 'url', url: `mqtt://${probe.host}:${probe.port}` };
    }
    try {
      const broker = await startEmbeddedBroker(embeddedPort);
      this.options.log.info({ port: broker.port }, 'telemetry: started the embedded MQTT broker');
      return { kind: 'embedded', broker };
    } catch (err) {
      this.options.log.error({ err, port: embeddedPort }, 'telemetry: the embedded MQTT broker could not start');
      this.device.report('offline', `内置代理无法启动 / embedded broker could not start (${(err as Error).message})`);
      return { kind: 'off' };
    }
  }

  private linkOptions(url: string): LinkOptions {
    const { mqtt } = this.options;
    const file = (path?: string) => (path ? readFileSync(isAbsolute(path) ? path : resolve(this.options.configDir, path)) : undefined);
    return {
      url,
      clientId: mqtt.clientId ?? `frontdesk-${this.options.site.id}`,
      username: mqtt.username,
      password: mqtt.password,
      ca: file(mqtt.ca),
      cert: file(mqtt.cert),
      key: file(mqtt.key),
      will: { topic: this.topics.status, payload: JSON.stringify({ ...this.statusPayload('offline'), reason: 'connection lost' }) },
    };
  }

  private async connectLoop(linkOptions: LinkOptions): Promise<void> {
    const minMs = this.options.reconnectMinMs ?? 1000;
    const maxMs = this.options.reconnectMaxMs ?? 30_000;
    let delay = minMs;
    let preferred: 4 | 5 = 5;
    while (!this.stopping) {
      let link: Link;
      try {
        link = await openLink(linkOptions, preferred, this.options.connectMqtt);
      } catch (err) {
        const failure = classify(err);
        this.device.report('offline', failure.detail);
        this.options.log.warn({ broker: linkOptions.url, reason: failure.reason, code: failure.code }, `telemetry: ${failure.detail}`);
        await this.sleep(delay);
        delay = Math.min(delay * 2, maxMs);
        continue;
      }
      if (this.stopping) {
        link.client.end(true);
        break;
      }
      delay = minMs;
      preferred = link.protocolVersion;
      const closed = new Promise<unknown>((resolve) => {
        let lastError: unknown;
        link.client.on('error', (err) => (lastError = err));
        link.client.once('close', () => resolve(lastError));
      });
      this.link = link;
      this.device.report('ok', `已连接 / connected to ${redactUrl(linkOptions.url)} (MQTT ${link.protocolVersion === 5 ? '5' : '3.1.1'})`);
      this.options.log.info({ broker: redactUrl(linkOptions.url), protocolVersion: link.protocolVersion }, 'telemetry: connected');
      this.onConnected(link.client);
      const reason = await closed;
      this.link = undefined;
      this.outbox.detach();
      link.client.end(true);
      if (this.stopping) break;
      const detail = `连接中断 / connection lost${reason instanceof Error ? ` (${reason.message})` : ''}`;
      this.device.report('offline', detail);
      this.options.log.warn({ broker: redactUrl(linkOptions.url) }, `telemetry: ${detail}`);
      await this.sleep(minMs);
    }
  }

  private onConnected(client: MqttClient): void {
    void this.publishStatus('online');
    this.lastState.clear();
    void this.publishStates(true);
    for (const device of this.options.devices.all()) this.publishDevice(device, device.status);
    if (this.options.mqtt.homeAssistant.enabled) this.publishDiscovery(client);
    this.outbox.attach((event) => this.sendEvent(client, event));
  }

  private sendEvent(client: MqttClient, event: StoredEvent): Promise<void> {
    const payload = JSON.stringify(sanitizeEvent(event, this.hashCard));
    return client.publishAsync(this.topics.event(event.type), payload, { qos: 1, retain: false }).then(() => undefined);
  }

  /** A send refused by the broker (MQTT 5 PUBACK error): start a fresh link so nothing is skipped. */
  private dropLink(err: unknown): void {
    if (!this.link) return;
    this.options.log.warn({ err }, 'telemetry: the broker did not accept an event; reconnecting to resend it');
    this.link.client.end(true);
  }

  /** `…/alert` (QoS 1, not retained): an alert is about now, so none is kept for a later connection. */
  publishAlert(alert: object): void {
    if (this.link && !this.stopping) void this.publish(this.link.client, `${this.topics.base}/alert`, sanitizeValue(alert, this.hashCard) as object, false);
  }

  private statusPayload(state: 'online' | 'offline'): object {
    // Features that failed to start, as in health; telemetry starts last, so every other result is known here.
    const failedFeatures = Object.fromEntries(Object.entries(this.options.devices.features()).filter(([, f]) => f.state === 'failed'));
    return { state, version: this.options.version, startedAt: this.startedAt, prunedUnsent: this.outbox?.prunedUnsent ?? 0, failedFeatures };
  }

  private async publishStatus(state: 'online' | 'offline'): Promise<void> {
    if (this.link && !this.stopping) await this.publish(this.link.client, this.topics.status, this.statusPayload(state), true);
  }

  private scheduleStates(): void {
    if (this.stateTimer) return;
    this.stateTimer = setTimeout(() => {
      this.stateTimer = undefined;
      void this.publishStates(false);
    }, this.options.stateCoalesceMs ?? 250);
  }

  /** Republishes the retained state topics whose payload changed (all of them when `force`). */
  private async publishStates(force: boolean): Promise<void> {
    const link = this.link;
    if (!link) return;
    const sends: Promise<void>[] = [];
    for (const topic of this.options.stateTopics.topics()) {
      let snapshot: object | undefined;
      try {
        snapshot = this.options.stateTopics.read(topic);
      } catch (err) {
        this.options.log.error({ err, topic }, 'telemetry: a state topic failed to compute');
        continue;
      }
      if (snapshot === undefined) continue;
      const payload = JSON.stringify(sanitizeValue(snapshot, this.hashCard));
      if (!force && this.lastState.get(topic) === payload) continue;
      this.lastState.set(topic, payload);
      sends.push(this.publish(link.client, this.topics.state(topic), payload, true));
    }
    await Promise.all(sends);
  }

  private publishDevice(device: Device, state: DeviceState): void {
    if (!this.link || this.stopping) return;
    const payload = { kind: device.kind, state: state.state, detail: state.detail, since: state.since };
    void this.publish(this.link.client, this.topics.device(device.id), sanitizeValue(payload, this.hashCard) as object, true);
  }

  private publishDiscovery(client: MqttClient): void {
    const printers = this.options.devices.all().filter((d) => d.kind === 'printer').map((d) => d.id);
    const messages = discoveryMessages({
      discoveryPrefix: this.options.mqtt.homeAssistant.discoveryPrefix,
      siteId: this.options.site.id,
      siteName: this.options.site.name,
      version: this.options.version,
      topics: this.topics,
      serviceIds: this.options.serviceIds,
      printerIds: printers.length > 0 ? printers : ['printer'],
    });
    for (const message of messages) void this.publish(client, message.topic, message.payload, true);
  }

  /** Retained/QoS 1 publish that never rejects: a lost state message is republished on reconnect. */
  private async publish(client: MqttClient, topic: string, payload: object | string, retain: boolean): Promise<void> {
    try {
      await client.publishAsync(topic, typeof payload === 'string' ? payload : JSON.stringify(payload), { qos: 1, retain });
    } catch (err) {
      this.options.log.debug({ err, topic }, 'telemetry: publish not acknowledged');
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleep = done;
    });
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)))]).finally(() => clearTimeout(timer));
}

/** A URL for logs and health: never with its password. */
function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}
