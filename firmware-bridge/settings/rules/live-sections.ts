/**
 * Config keys a running desk cannot take over without a restart, and why: the HTTP port and data
 * dir are bound at start; MQTT and devices hold open connections and ports; the site id and time
 * zone name telemetry topics and today's schedule; the members card reader is a device opened at
 * start (the key inventory and the member cards and CSV do follow a save: see keys-feature.ts);
 * speech, ducking and quiet-hour rules are built into the audio arbiter; ratings read their windows once; the upload limit is the upload route's body limit. Every other key applies at once.
 */
export const restartOnlyPaths = [
  'http',
  'dataDir',
  'mqtt',
  'devices',
  'site.id',
  'site.timezone',
  'members.reader',
  'ratings',
  'audio.speech',
  'audio.duck',
  'audio.allowInQuiet',
  'audio.uploadMaxMB',
] as const;

/** Which of the changed paths only take effect after a restart. */
export function needsRestart(paths: readonly string[]): string[] {
  return paths.filter((p) => restartOnlyPaths.some((r) => p === r || p.startsWith(`${r}.`)));
}

/**
 * The config to put in force now: the saved one, except that restart-only keys keep the values the
 * desk is running with (so what features read is what is actually running).
 */
export function liveConfigOf<C extends object>(running: C, saved: C): C {
  const out = structuredClone(saved) as Record<string, unknown>;
  for (const path of restartOnlyPaths) {
    const keys = path.split('.');
    const from = keys.slice(0, -1).reduce<unknown>((at, k) => (at as Record<string, unknown> | undefined)?.[k], running) as Record<string, unknown> | undefined;
    const into = keys.slice(0, -1).reduce<unknown>((at, k) => (at as Record<string, unknown> | undefined)?.[k], out) as Record<string, unknown> | undefined;
    const last = keys[keys.length - 1];
    if (from && into && last in from) into[last] = structuredClone(from[last]);
  }
  return out as C;
}
