import { z } from 'zod';
import { keyCategories } from '../../config/schema/keys.js';
import { isoTime, refusals, staffRefusals } from '../http/common-schemas.js';

export const confirmations = ['returned', 'still_out', 'missing'] as const;
const optional = (max: number) => z.string().max(max).optional();

export const keyView = z.object({
  id: z.string(),
  label: z.string(),
  category: z.enum(keyCategories),
  state: z.enum(['in', 'out']),
  handout: z
    .object({
      id: z.string(),
      holder: z.object({ kind: z.string(), name: z.string(), cardLast4: z.string().nullable(), contact: z.string().nullable() }),
      reason: z.string().nullable(),
      approver: z.string().nullable(),
      staff: z.string(),
      handedOutAt: isoTime,
      dueBackAt: isoTime.nullable(),
      overdue: z.boolean(),
      missing: z.boolean(),
    })
    .nullable(),
});

export const keyList = z.object({
  keys: z.array(keyView),
  out: z.number().int(),
  overdue: z.number().int(),
  overdueKeys: z.array(z.string()),
});

const holder = z.object({
  name: optional(80),
  contact: optional(80),
  staff: optional(6).describe('a staff member borrowing the key'),
  signature: optional(80),
  identityChecked: z.boolean().optional(),
});

export const handoutBody = z
  .object({
    card: optional(64).describe('a member card (read or typed)'),
    holder: z.union([z.string().max(80).describe('just a name'), holder]).optional(),
    reason: optional(200),
    approver: z.object({ staff: optional(6), pin: optional(32) }).optional().describe('the engineering manager\'s consent, where the key needs it'),
  })
  .refine((b) => Boolean(b.card?.trim()) || b.holder !== undefined, {
    message: '请刷卡或登记借用人 · Give "card" (member card) or "holder".',
    params: { code: 'card_or_holder_required' },
  });

export const returnBody = z.object({ card: optional(64).describe('the card the key was handed out on, if it was') }).optional();

export const correctionBody = z.object({
  note: optional(500).describe('why the entry is corrected (required by the log)'),
  set: z.object({ holderName: optional(200), contact: optional(200), reason: optional(200) }).optional(),
});

export const reconcileBody = z.object({
  items: z
    .array(z.object({ keyId: z.string().max(64), status: z.enum(confirmations), reason: optional(200) }))
    .max(5000)
    .default([])
    .describe('every key still out, confirmed'),
  leftBehind: z
    .array(z.union([z.string().max(200), z.object({ item: z.string().max(200), where: optional(200), note: optional(500) })]))
    .max(200)
    .default([]),
  handoverNote: z.string().max(4000).default('').describe('required (400 `handover_note_required` when blank)'),
});

export const keyLogEntry = z.object({
  seq: z.number().int(),
  at: isoTime,
  kind: z.string(),
  keyId: z.string().nullable(),
  content: z.record(z.string(), z.unknown()),
  hash: z.string(),
});

export const chainVerdict = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  firstBad: z
    .object({ seq: z.number().int(), problem: z.enum(['hash_mismatch', 'prev_hash_mismatch', 'sequence_gap', 'head_mismatch']), message: z.string() })
    .optional()
    .describe('the first entry that does not prove out; absent when the chain is whole'),
  headHash: z.string(),
});

export const shiftReport = z.object({
  id: z.string(),
  at: isoTime,
  staff: z.object({ number: z.string(), name: z.string() }),
  since: isoTime.nullable(),
  keys: z.array(
    z.object({
      keyId: z.string(),
      label: z.string(),
      category: z.string(),
      status: z.enum(confirmations),
      reason: z.string().nullable(),
      holderKind: z.string(),
      holderName: z.string(),
      staff: z.string(),
      handedOutAt: isoTime,
      dueBackAt: isoTime.nullable(),
      overdue: z.boolean(),
    }),
  ),
  activity: z.object({
    handedOut: z.number().int(),
    returned: z.number().int(),
    wrongCards: z.array(z.object({ keyId: z.string(), label: z.string(), returnedAt: isoTime, staff: z.string() })),
  }),
  leftBehind: z.array(z.object({ item: z.string(), where: z.string().nullable(), note: z.string().nullable() })),
  handoverNote: z.string(),
});

export const cardReaderState = z.object({
  kind: z.enum(['keyboard', 'hid']).describe('keyboard: the card is typed (or a keyboard-wedge reader)'),
  state: z.enum(['ok', 'degraded', 'fault', 'offline']).nullable(),
  last: z.object({ seq: z.number().int(), card: z.string(), at: isoTime }).nullable().describe('the last card read, for the handout form'),
});

const staffOnly = { security: [{ staff: [] }] };
const keyId = z.object({ keyId: z.string().max(64) });

export const keysRoutes = {
  list: {
    summary: 'The key board: every key (or those out / in) and the overdue count',
    querystring: z.object({ state: z.enum(['out', 'in', 'all']).default('all') }),
    ...staffOnly,
    response: { 200: keyList, ...refusals(400), ...staffRefusals },
  },
  handout: {
    summary: 'Hands a key out, to a member card or a registered holder',
    params: keyId,
    body: handoutBody,
    ...staffOnly,
    response: { 201: z.object({ key: keyView }), ...refusals(400, 403, 404, 409) , ...staffRefusals },
  },
  return: {
    summary: 'Takes a key back; `wrongCard` when another card was shown',
    params: keyId,
    body: returnBody,
    ...staffOnly,
    response: { 200: z.object({ key: keyView, wrongCard: z.boolean(), overdue: z.boolean() }), ...refusals(400, 404, 409), ...staffRefusals },
  },
  log: {
    summary: 'The key log (hash chain), newest first',
    querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), key: z.string().max(64).optional() }),
    ...staffOnly,
    response: { 200: z.object({ entries: z.array(keyLogEntry) }), ...refusals(400), ...staffRefusals },
  },
  correct: {
    summary: 'Corrects a log entry by appending a correction (the entry itself never changes)',
    params: z.object({ seq: z.coerce.number().int().min(1).describe('the entry\'s seq') }),
    body: correctionBody,
    ...staffOnly,
    response: { 201: z.object({ entry: z.number().int().describe('the seq of the correction') }), ...refusals(400, 404, 409), ...staffRefusals },
  },
  verify: { summary: 'Proves the key log\'s hash chain from the first entry to the recorded head', ...staffOnly, response: { 200: chainVerdict, ...staffRefusals } },
  cardReader: { summary: 'The card reader and the last card it read', ...staffOnly, response: { 200: cardReaderState, ...staffRefusals } },
  reconcile: {
    summary: 'End of shift: every key out confirmed, left-behind items, a handover note; makes the shift report',
    body: reconcileBody,
    ...staffOnly,
    response: {
      201: z.object({ report: shiftReport, csv: z.string().describe('address of the CSV'), html: z.string().describe('address of the printable page') }),
      ...refusals(400, 409),
      ...staffRefusals,
    },
  },
  reports: {
    summary: 'The latest shift reports',
    ...staffOnly,
    response: { 200: z.object({ reports: z.array(z.object({ id: z.string(), at: isoTime, staff: z.string(), keysOut: z.number().int() })) }), ...staffRefusals },
  },
  report: {
    summary: 'One shift report: `<id>` or `<id>.json` as JSON, `<id>.csv` as a CSV download, `<id>.html` as a printable page',
    params: z.object({ file: z.string().max(64) }),
    ...staffOnly,
    response: {
      200: z.union([z.object({ report: shiftReport }), z.string().describe('the CSV (text/csv) or the printable page (text/html)')]).describe('JSON, or text for .csv and .html'),
      ...refusals(404),
      ...staffRefusals,
    },
  },
};
