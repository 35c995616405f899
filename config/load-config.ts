import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type FrontdeskConfig } from './schema/index.js';
import { parsePrinterSpec } from './schema/devices.js';
import { centralFileSchema, type CentralConfig } from './schema/central.js';

/** A config that cannot be used; `lines` are `file: key.path: message`, one per problem. */
export class ConfigError extends Error {
  constructor(
    readonly lines: string[],
    /** The same problems by key path, for a form that shows each next to its field. */
    readonly issues: ConfigIssue[] = lines.map((line) => ({ path: '', message: line })),
  ) {
    super(lines.join('\n'));
    this.name = 'ConfigError';
  }
}

export interface ConfigIssue {
  /** Dotted key path, e.g. `services.2.letter`; '' for the whole file. */
  path: string;
  message: string;
}

export interface LoadedConfig {
  file: string;
  config: FrontdeskConfig;
  /** Absolute data directory (config.dataDir resolved against the config file). */
  dataDir: string;
}

/** Reads, applies FRONTDESK_* overrides, validates. Throws ConfigError listing every problem. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${file}: cannot read: ${(err as Error).message}`]);
  }
  return loadConfigText(file, text, env);
}

/** `loadConfig` for text already read (the settings screen checks a config before it is written). */
export function loadConfigText(file: string, text: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const raw = parseYaml(file, text);
  applyEnvOverrides(raw, env);
  const config = validateConfig(file, raw);
  const dataDir = resolve(dirname(resolve(file)), config.dataDir);
  return { file, config, dataDir };
}

export function parseYaml(file: string, text: string): Record<string, unknown> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter });
  if (doc.errors.length > 0) {
    const lines = doc.errors.map((e) => `${file}: line ${lineCounter.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
    throw new ConfigError([...new Set(lines)]);
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err) {
    // The parser accepts some documents that cannot become values (an alias to an anchor never set).
    throw new ConfigError([`${file}: (document): ${(err as Error).message.split('\n')[0]}`]);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError([`${file}: (root): must be a mapping of keys (site, hours, services, …)`]);
  }
  return value as Record<string, unknown>;
}

export function validateConfig(file: string, raw: unknown): FrontdeskConfig {
  const result = configSchema.safeParse(raw);
  if (!result.success)
    throw new ConfigError(
      formatIssues(file, result.error.issues),
      result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: describeIssue(issue) })),
    );
  return result.data;
}

export function formatIssues(file: string, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => `${file}: ${issue.path.length ? issue.path.join('.') : '(root)'}: ${describeIssue(issue)}`);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `is required (${issue.expected})`;
  return issue.message;
}

/** Environment overrides (docs/config.md); they win over the file. */
function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  const section = (key: string): Record<string, unknown> => {
    const current = raw[key];
    if (typeof current === 'object' && current !== null && !Array.isArray(current)) return current as Record<string, unknown>;
    const fresh: Record<string, unknown> = typeof current === 'string' && key === 'mqtt' ? { url: current } : {};
    raw[key] = fresh;
    return fresh;
  };
  if (env.FRONTDESK_HTTP_PORT) section('http').port = Number(env.FRONTDESK_HTTP_PORT);
  if (env.FRONTDESK_DATA_DIR) raw.dataDir = resolve(env.FRONTDESK_DATA_DIR);
  if (env.FRONTDESK_MQTT_URL) section('mqtt').url = env.FRONTDESK_MQTT_URL;
  if (env.FRONTDESK_PRINTER) section('devices').printer = parsePrinterSpec(env.FRONTDESK_PRINTER);
}

export interface LoadedCentralConfig {
  file: string;
  config: CentralConfig;
  /** The built dashboard (central.uiDir resolved against the config file). */
  uiDir: string;
}

/** Is this the central (fleet) file rather than a desk's? It has a `central:` key at the root. */
export function isCentralFile(file: string): boolean {
  try {
    return 'central' in parseYaml(file, readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

/** Reads the `central:` file, applies FRONTDESK_CENTRAL_* overrides, validates (ConfigError as for a desk). */
export function loadCentralConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedCentralConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError([`${file}: cannot read: ${(err as Error).message}`]);
  }
  const raw = parseYaml(file, text);
  const central = (typeof raw.central === 'object' && raw.central !== null ? raw.central : (raw.central = {})) as Record<string, unknown>;
  const sub = (key: string) => (central[key] ??= {}) as Record<string, unknown>;
  if (env.FRONTDESK_CENTRAL_MQTT_URL) sub('mqtt').url = env.FRONTDESK_CENTRAL_MQTT_URL;
  if (env.FRONTDESK_CENTRAL_DATABASE_URL) central.databaseUrl = env.FRONTDESK_CENTRAL_DATABASE_URL;
  if (env.FRONTDESK_CENTRAL_HTTP_PORT) sub('http').port = Number(env.FRONTDESK_CENTRAL_HTTP_PORT);
  const result = centralFileSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(formatIssues(file, result.error.issues), result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: describeIssue(issue) })));
  return { file, config: result.data.central, uiDir: resolve(dirname(resolve(file)), result.data.central.uiDir) };
}
