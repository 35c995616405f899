import { parseDocument } from 'yaml';
import { ConfigError, loadConfigText, type ConfigIssue } from '../../config/load-config.js';
import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { Clock } from '../kernel/clock.js';
import { refuse, type Refusal } from '../kernel/refusal.js';
import type { LiveConfig } from '../runtime/live-config.js';
import type { Logger } from '../runtime/logger.js';
import type { EventStore } from '../store/event-store.js';
import { hashPin } from '../staff/pin-hash.js';
import { diffConfig, type ConfigChange } from './rules/config-diff.js';
import { bilingualIssue } from './rules/issue-text.js';
import { liveConfigOf, needsRestart } from './rules/live-sections.js';
import { isRecord, keepCurrentSecrets, redact, restoreSecrets } from './rules/secrets.js';
import { strandRefusal, type QueueInUse } from './rules/strands.js';
import { readConfigFile, rewriteYaml, versionOf, writeFileAtomically, type ConfigFileState } from './settings-file.js';
import type { SettingsStore, StoredVersion, VersionKind } from './settings-store.js';

type RawConfig = Record<string, unknown>;

export interface SettingsView {
  version: string;
  /** The file's content (what the manager edits), secrets redacted. */
  config: RawConfig;
  /** The same with every default filled in (what the desk runs with), secrets redacted. */
  effective: RawConfig;
}

export interface Saved {
  version: string;
  paths: string[];
  /** Changed paths that take effect only after a restart (see rules/live-sections.ts). */
  restartNeeded: string[];
}

export type SettingsRefusal = Refusal & { details?: object };

export interface SettingsServiceOptions {
  file: string;
  live: LiveConfig;
  store: EventStore;
  rows: SettingsStore;
  clock: Clock;
  log: Logger;
  /** The queue's public snapshot, for the strand check (absent when the queue did not start). */
  queueInUse: () => QueueInUse | undefined;
  env?: NodeJS.ProcessEnv;
}

/**
 * The config file edited through the product. Each save is checked by the loader `check-config`
 * uses, refused if the file changed on disk since it was read or if it would strand customers,
 * written atomically with comments kept, recorded (version, who, diff) with its `settings.changed`
 * event, and put in force at once.
 */
export class SettingsService {
  constructor(private readonly o: SettingsServiceOptions) {}

  /** Records the file as found (first start, or changed by hand since the last version seen). */
  noteFile(): ConfigFileState {
    const state = readConfigFile(this.o.file);
    const latest = this.o.rows.latest();
    if (latest?.version === state.version) return state;
    if (!latest) this.record('initial', 'file', state.text, []);
    else this.record('file', 'file', state.text, diffConfig(parseRaw(latest.text), parseRaw(state.text)));
    return state;
  }

  view(): SettingsView {
    const state = this.noteFile();
    return { version: state.version, config: redact(parseRaw(state.text)) as RawConfig, effective: redact(this.o.live.current()) as RawConfig };
  }

  save(by: string, version: string, incoming: RawConfig): Saved | SettingsRefusal {
    const state = this.noteFile();
    if (state.version !== version) return this.conflict(state, version, incoming);
    return this.apply(by, 'save', state, restoreSecrets(incoming, parseRaw(state.text)));
  }

  history(limit = 100): Omit<StoredVersion, 'text'>[] {
    this.noteFile();
    return this.o.rows.recent(limit).map(({ text: _text, ...rest }) => rest);
  }

  /** Brings back an earlier version's settings; today's secrets (PINs, passwords) stay as they are. */
  rollback(by: string, version: string): Saved | SettingsRefusal {
    const target = this.o.rows.find(version);
    if (!target) return refuse(404, 'unknown_version', `没有版本 ${version} · There is no version ${version}.`);
    const state = this.noteFile();
    const current = parseRaw(state.text);
    return this.apply(by, 'rollback', state, keepCurrentSecrets(parseRaw(target.text), current));
  }

  /** Someone whose PIN was reset chooses a new one: its hash goes into the file like any other save. */
  choosePin(number: string, pin: string): Saved | SettingsRefusal {
    const state = this.noteFile();
    const raw = parseRaw(state.text);
    const row = Array.isArray(raw.staff) ? raw.staff.filter(isRecord).find((s) => String(s.number) === number) : undefined;
    if (!row || row.pinHash !== undefined || row.active === false)
      return refuse(409, 'pin_not_reset', '此工号不需要设置新密码 · This staff number has no PIN to choose (it was not reset).');
    row.pinHash = hashPin(pin);
    return this.apply(number, 'save', state, raw);
  }

  private apply(by: string, kind: VersionKind, state: ConfigFileState, next: RawConfig): Saved | SettingsRefusal {
    const before = parseRaw(state.text);
    const changes = diffConfig(before, next);
    if (changes.length === 0) return { version: state.version, paths: [], restartNeeded: [] };
    const text = rewriteYaml(state.text, next);
    let saved: FrontdeskConfig;
    try {
      saved = loadConfigText(this.o.file, text, this.o.env ?? process.env).config;
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      return invalidConfig(err.issues);
    }
    const running = this.o.live.current();
    const inForce = liveConfigOf(running, saved);
    const queue = this.o.queueInUse();
    const refusal = (queue && strandRefusal(inForce, queue)) ?? this.o.live.check(inForce);
    if (refusal) return refusal;
    try {
      writeFileAtomically(this.o.file, text);
    } catch (err) {
      this.o.log.error({ err, file: this.o.file }, 'settings not saved');
      return refuse(503, 'settings_not_saved', `设置未能保存，原文件保持不变 · The settings could not be written (${(err as NodeJS.ErrnoException).code ?? 'error'}); the file is unchanged.`);
    }
    const version = this.record(kind, by, text, changes);
    this.o.live.replace(inForce, (err) => this.o.log.error({ err }, 'a feature failed to follow the new settings'));
    const paths = changes.map((c) => c.path);
    return { version, paths, restartNeeded: needsRestart(paths) };
  }

  /** Keeps a version; every one after the first is a `settings.changed` event, committed with its row. */
  private record(kind: VersionKind, by: string, text: string, changes: ConfigChange[]): string {
    const version = versionOf(text);
    const at = new Date(this.o.clock.now()).toISOString();
    const row = { version, at, by, kind, changes, text };
    if (kind === 'initial') this.o.rows.add(row);
    // Who and which paths, never values: the event goes out on telemetry.
    else this.o.store.commit([{ type: 'settings.changed', payload: { by, kind, version, paths: changes.map((c) => c.path) } }], () => this.o.rows.add(row));
    return version;
  }

  private conflict(state: ConfigFileState, version: string, incoming: RawConfig): SettingsRefusal {
    const theirs = parseRaw(state.text);
    return {
      ...refuse(409, 'settings_conflict', '配置文件已被他人修改，请对比两个版本后重新保存 · The config file changed since you opened it; compare both versions and save again.'),
      details: {
        current: { version: state.version, config: redact(theirs) },
        yours: { version, config: redact(incoming) },
        changes: diffConfig(restoreSecrets(incoming, theirs), theirs),
      },
    };
  }
}

/** Every issue zh-CN first with the loader's English after (the screen shows them next to the fields). */
function invalidConfig(loaderIssues: ConfigIssue[]): SettingsRefusal {
  const issues = loaderIssues.map((i) => ({ path: i.path, message: bilingualIssue(i.message) }));
  const first = loaderIssues[0];
  return {
    ...refuse(400, 'invalid_config', `设置有误，请按提示修改 · The settings are not valid${first ? ` (${first.path || 'file'}: ${first.message})` : ''}.`),
    details: { issues },
  };
}

/** The file's values as written (no defaults, no environment overrides). */
function parseRaw(text: string): RawConfig {
  try {
    const value = parseDocument(text).toJS() as unknown;
    return isRecord(value) ? value : {};
  } catch {
    return {};
  }
}
