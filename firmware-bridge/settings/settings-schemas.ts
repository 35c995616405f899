import { z } from 'zod';
import { errorAnswer, isoTime, refusals, staffRefusals } from '../http/common-schemas.js';
import { session } from '../runtime/core-schemas.js';

const staffOnly = { security: [{ staff: [] }] };

/** The config as its YAML file holds it; checked by the same loader as `frontdesk check-config`. */
const rawConfig = z.record(z.string(), z.unknown()).describe('the config file\'s keys (docs/config.md); secrets read "[redacted]" and stay as stored when sent back so');
const version = z.string().min(1).max(64).describe('digest of the config file\'s bytes when it was read');

export const settingsView = z.object({
  version,
  config: rawConfig,
  effective: rawConfig.describe('the config in force, every default filled in (secrets redacted)'),
});

export const saveBody = z.object({ version, config: rawConfig });

export const saved = z.object({
  version,
  paths: z.array(z.string()).describe('the changed key paths, e.g. services.4'),
  restartNeeded: z.array(z.string()).describe('changed paths that take effect only after a restart (devices, http, mqtt, …)'),
});

export const configChange = z.object({
  path: z.string(),
  before: z.string().optional().describe('absent: added'),
  after: z.string().optional().describe('absent: removed'),
});

export const historyEntry = z.object({
  seq: z.number().int(),
  version,
  at: isoTime,
  by: z.string().describe('staff number, or "file" for a change made to the file by hand'),
  kind: z.enum(['initial', 'save', 'rollback', 'file']),
  changes: z.array(configChange),
});

export const invalidConfigAnswer = z
  .object({
    error: z.looseObject({
      code: z.literal('invalid_config'),
      message: z.string(),
      issues: z.array(z.object({ path: z.string().describe('dotted key path, e.g. services.2.letter'), message: z.string() })),
    }),
  })
  .describe('400 invalid_config lists every problem by key path; other 400s are the usual refusal (members_csv_unreadable: the members.csv named cannot be read)');

export const conflictAnswer = z
  .object({
    error: z.looseObject({
      code: z.string().describe('settings_conflict, would_strand, or key_is_out'),
      message: z.string(),
      current: z.object({ version, config: rawConfig }).optional().describe('settings_conflict: the file as it is now'),
      yours: z.object({ version, config: rawConfig }).optional().describe('settings_conflict: what was sent'),
      changes: z.array(configChange).optional().describe('settings_conflict: from yours to the file now'),
    }),
  })
  .describe('409: the file changed since it was read (settings_conflict), the change would strand waiting customers (would_strand), or it would remove or move a key that is out (key_is_out, naming the key)');

export const choosePinBody = z.object({
  staff: z.string().regex(/^\d{1,6}$/).describe('staff number'),
  pin: z.string().regex(/^\d{4,8}$/, '密码应为 4 到 8 位数字 · The PIN must be 4 to 8 digits.'),
});

export const track = z.object({ file: z.string(), bytes: z.number().int() });
const playlistParams = z.object({ playlist: z.string().min(1).max(100).describe('a key of audio.playlists') });

const manager = 'manager only; clerks get 403';

export const settingsRoutes = {
  read: { summary: `The config file and its version, secrets redacted (${manager})`, ...staffOnly, response: { 200: settingsView, ...staffRefusals } },
  save: {
    summary: `Saves the config: checked like check-config, written atomically with comments kept, applied at once (${manager})`,
    ...staffOnly,
    body: saveBody,
    response: { 200: saved, 400: z.union([invalidConfigAnswer, errorAnswer]), 409: conflictAnswer, ...refusals(503), ...staffRefusals },
  },
  history: { summary: `Every saved version, newest first: who, when, what changed (${manager})`, ...staffOnly, response: { 200: z.object({ versions: z.array(historyEntry) }), ...staffRefusals } },
  rollback: {
    summary: `Brings back an earlier version as a new save; today's PINs and passwords stay (${manager})`,
    ...staffOnly,
    body: z.object({ version }),
    response: { 200: saved, 400: z.union([invalidConfigAnswer, errorAnswer]), 409: conflictAnswer, ...refusals(404, 503), ...staffRefusals },
  },
  tracks: { summary: `The audio files of a playlist (${manager})`, ...staffOnly, params: playlistParams, response: { 200: z.object({ tracks: z.array(track) }), ...refusals(404), ...staffRefusals } },
  upload: {
    summary: `Adds an audio file to a playlist: the body is the file (application/octet-stream), ?name= its name; checked by content, its length read with soxi (${manager})`,
    description: 'A file that is not MP3, WAV, OGG or FLAC by its content gets 400 `not_audio`, whatever its name; one over `audio.uploadMaxMB` gets 413.',
    ...staffOnly,
    params: playlistParams,
    querystring: z.object({ name: z.string().min(1).max(200).describe('the file name; its extension follows the content') }),
    consumes: ['application/octet-stream'],
    body: z.any().describe('the audio file\'s bytes'),
    response: { 201: z.object({ track: track.extend({ durationSec: z.number() }) }), ...refusals(400, 404, 413), ...staffRefusals },
  },
  deleteTrack: {
    summary: `Deletes an audio file from a playlist (${manager})`,
    ...staffOnly,
    params: playlistParams.extend({ file: z.string().min(1).max(200) }),
    response: { 204: z.null().describe('No content.'), ...refusals(404), ...staffRefusals },
  },
  choosePin: {
    summary: 'After a manager reset the PIN: the person chooses a new one and is logged in',
    body: choosePinBody,
    response: { 200: session, ...refusals(400, 409, 503) },
  },
};

export const memberImport = z.object({
  added: z.number().int(),
  updated: z.number().int(),
  removed: z.number().int(),
  unchanged: z.number().int(),
  fatal: z.boolean().describe('the file as a whole could not be used: nothing was imported, nobody removed'),
  errors: z.array(z.object({ line: z.number().int().describe('line in the file, the header is line 1'), card: z.string().optional(), message: z.string() })),
});

const bilingual = z.object({ zh: z.string().min(1).max(500), en: z.string().max(500) });
export const speechPreview = z.object({
  outcome: z.enum(['playing', 'played', 'refused', 'dropped', 'unavailable']).describe('playing: handed to the speaker (GET /api/audio shows mode announcement until it ends)'),
  reason: z.string().optional(),
  text: z.object({ zh: z.string(), en: z.string() }).describe('what is said: the placeholders filled with example values'),
});

export const printerTest = z.object({
  printed: z.boolean(),
  reason: z.string().optional().describe('why it was not printed, in the driver\'s words'),
  printer: z.object({ state: z.string(), detail: z.string() }).describe('the printer\'s state after the test, from its status answer'),
  advice: z.object({ zh: z.string(), en: z.string() }).describe('what staff should do next'),
});

export const settingsToolRoutes = {
  importMembers: {
    summary: `Imports member cards from a CSV file (the body, text/csv): the same import as \`frontdesk import-members\`, errors per row (${manager})`,
    description: 'The file replaces the cards imported from CSV before (cards from the config stay). When `members.csv` is set, the file is stored there too, so a restart imports the same cards.',
    ...staffOnly,
    consumes: ['text/csv'],
    body: z.string().describe('the CSV text: card,name,status,valid_until,suspended_from,suspended_to'),
    response: { 200: memberImport, ...refusals(400, 413, 503), ...staffRefusals },
  },
  speechPreview: {
    summary: `Says an announcement text once through the speaker, placeholders filled with examples (${manager})`,
    ...staffOnly,
    body: z.object({ text: bilingual }),
    response: { 200: speechPreview, ...refusals(503), ...staffRefusals },
  },
  printerTest: {
    summary: `Prints a test ticket through the printer in use and answers its status with what to do (${manager})`,
    ...staffOnly,
    response: { 200: printerTest, ...refusals(503), ...staffRefusals },
  },
};
