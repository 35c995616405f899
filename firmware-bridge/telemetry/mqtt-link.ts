import type { IClientOptions, MqttClient } from 'mqtt';

export interface LinkOptions {
  url: string;
  clientId: string;
  username?: string;
  password?: string;
  /** PEM contents (already read from the configured paths). */
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  will: { topic: string; payload: string };
  connectTimeoutMs?: number;
  keepaliveSec?: number;
}

export type ConnectMqtt = (url: string, options: IClientOptions) => MqttClient;

export interface Link {
  client: MqttClient;
  protocolVersion: 4 | 5;
}

/** Why a connection attempt failed, with a sentence for the health page (zh-CN first). */
export class LinkError extends Error {
  constructor(
    readonly reason: 'credentials' | 'unreachable' | 'protocol' | 'tls' | 'other',
    readonly detail: string,
    readonly code?: number | string,
  ) {
    super(detail);
    this.name = 'LinkError';
  }
}

// CONNACK codes: MQTT 3.1.1 return codes and MQTT 5 reason codes.
const unsupportedVersion = new Set([1, 0x84]);
const badCredentials = new Set([4, 5, 0x86, 0x87, 0x8c]);

/**
 * One connection, no automatic reconnect (the caller owns reconnection and replays its outbox, so
 * mqtt.js's in-memory queue never resends stale packets). Tries MQTT 5, then 3.1.1 when the broker
 * refuses version 5 (aedes does).
 */
export async function openLink(options: LinkOptions, preferred: 4 | 5 = 5, connectWith?: ConnectMqtt): Promise<Link> {
  // mqtt.js loads with the first connection: a desk with telemetry off never pays for it.
  const connect = connectWith ?? (await import('mqtt')).default.connect;
  try {
    return { client: await attempt(options, preferred, connect), protocolVersion: preferred };
  } catch (err) {
    if (preferred === 5 && err instanceof LinkError && err.reason === 'protocol') {
      return { client: await attempt(options, 4, connect), protocolVersion: 4 };
    }
    throw err;
  }
}

function attempt(options: LinkOptions, protocolVersion: 4 | 5, connect: ConnectMqtt): Promise<MqttClient> {
  const client = connect(options.url, {
    protocolVersion,
    clientId: options.clientId,
    username: options.username,
    password: options.password,
    ca: options.ca,
    cert: options.cert,
    key: options.key,
    clean: true,
    reconnectPeriod: 0,
    connectTimeout: options.connectTimeoutMs ?? 5000,
    keepalive: options.keepaliveSec ?? 15,
    will: { topic: options.will.topic, payload: Buffer.from(options.will.payload), qos: 1, retain: true },
  });
  return new Promise((resolve, reject) => {
    let lastError: unknown;
    const cleanup = () => {
      client.off('connect', onConnect);
      client.off('error', onError);
      client.off('close', onClose);
    };
    const onConnect = () => {
      cleanup();
      resolve(client);
    };
    const onError = (err: unknown) => {
      lastError = err;
    };
    const onClose = () => {
      cleanup();
      client.end(true);
      reject(classify(lastError));
    };
    client.on('connect', onConnect);
    client.on('error', onError);
    client.on('close', onClose);
  });
}

export function classify(err: unknown): LinkError {
  if (err instanceof LinkError) return err;
  const e = err as { code?: number | string; message?: string } | undefined;
  const code = e?.code;
  const message = e?.message ?? 'connection closed';
  if (typeof code === 'number' && badCredentials.has(code)) {
    return new LinkError('credentials', `代理拒绝了登录凭据 / broker refused the credentials (${message})`, code);
  }
  if (typeof code === 'number' && unsupportedVersion.has(code)) {
    return new LinkError('protocol', `代理不支持该协议版本 / broker refused the protocol version (${message})`, code);
  }
  if (typeof code === 'string' && /^(ECONNREFUSED|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN)$/.test(code)) {
    return new LinkError('unreachable', `无法连接代理 / broker unreachable (${code})`, code);
  }
  if (typeof code === 'string' && /CERT|SSL|TLS/i.test(code)) {
    return new LinkError('tls', `TLS 握手失败 / TLS handshake failed (${message})`, code);
  }
  if (/connack timeout/i.test(message)) return new LinkError('unreachable', '代理无应答 / broker did not answer (connack timeout)', code);
  return new LinkError('other', `连接失败 / connection failed (${message})`, code);
}
