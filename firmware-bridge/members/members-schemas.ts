import { z } from 'zod';
import { isoTime, refusals, staffRefusals, text } from '../http/common-schemas.js';

const date = (field: string) => z.iso.date({ error: `“${field}”应为 YYYY-MM-DD 日期 · "${field}" must be a date as YYYY-MM-DD.` });
const cardNumber = z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9 _-]+$/, { error: '卡号只能含字母、数字、"-"、"_" · A card number uses letters, digits, "-" and "_".' });

export const paperworkKinds = ['suspend', 'transfer', 'replace'] as const;

export const cardView = z.object({
  card: z.string(),
  holder: z.string().describe('the holder now (after a transfer, the new one)'),
  valid: z.boolean().describe('passes the key gate today'),
  reason: z.string().nullable().describe('why not: unknown_card, suspended, expired, lost, replaced'),
  message: z.string().nullable(),
  validUntil: z.string().nullable().describe('expiry with suspended months added on'),
  remainingDays: z.number().int().nullable().describe('days of membership left, suspended days not counted'),
  suspensions: z.array(z.object({ from: z.string(), to: z.string(), months: z.number().int() })),
  suspendYear: z
    .object({ start: z.string(), end: z.string(), usedMonths: z.number().int(), usedParts: z.number().int(), monthsLeft: z.number().int(), partsLeft: z.number().int() })
    .describe('the current membership year\'s suspensions against the limits'),
  transferred: z.boolean(),
  replacedBy: z.string().nullable(),
  consultantsOnDuty: z.array(z.object({ number: z.string(), name: z.string() })),
  replaceFee: z.string().describe('the fee a replacement charges, e.g. "¥20.00"'),
});

export const suspendBody = z.object({
  from: date('from').describe('first day of the suspension (today or later)'),
  months: z.number().positive().max(120).describe('whole months (409 `suspend_whole_months` otherwise)'),
  signature: z.string().max(220_000).optional().describe('the member\'s own signature from the touchscreen pad: a PNG data URL (409 `signature_required` without it)'),
});

export const transferBody = z.object({
  to: z
    .union([text(80).describe('the new holder\'s name'), z.object({ name: text(80), contact: z.string().max(80).optional() })])
    .describe('the person the card is transferred to'),
  consultant: z.string().regex(/^\d{1,6}$/).optional().describe('the consultant on duty taking it over (default: the first on duty)'),
});

export const replaceBody = z.object({ newCard: cardNumber.describe('the new card\'s number') });

export const paperworkLine = z.object({
  id: z.string(),
  kind: z.enum(paperworkKinds),
  at: isoTime,
  card: z.string(),
  holder: z.string(),
  staff: z.string(),
  summary: z.string().describe('"中文 · English"'),
});

const staffOnly = { security: [{ staff: [] }] };
const cardParam = z.object({ card: cardNumber });

export const membersRoutes = {
  card: {
    summary: 'A member card before an operation: holder, validity, time left, suspensions this membership year',
    params: cardParam,
    ...staffOnly,
    response: { 200: z.object({ card: cardView }), ...refusals(400, 404), ...staffRefusals },
  },
  suspend: {
    summary: 'Suspends a card (停卡) with the member\'s own signature: whole months, at most 3 months in 3 parts per membership year',
    params: cardParam,
    body: suspendBody,
    ...staffOnly,
    response: {
      201: z.object({ suspension: z.object({ id: z.string(), from: z.string(), to: z.string(), months: z.number().int() }), card: cardView }),
      ...refusals(400, 404, 409, 413),
      ...staffRefusals,
    },
  },
  transfer: {
    summary: 'Transfers a card to a new holder (转卡), once per card; the answer gives the remaining time first',
    params: cardParam,
    body: transferBody,
    ...staffOnly,
    response: {
      201: z.object({
        remaining: z.object({ days: z.number().int().nullable(), validUntil: z.string().nullable() }),
        transfer: z.object({ id: z.string(), from: z.string(), to: z.string(), consultant: z.object({ number: z.string(), name: z.string() }), paperKept: z.boolean(), at: isoTime }),
      }),
      ...refusals(400, 404, 409),
      ...staffRefusals,
    },
  },
  replace: {
    summary: 'Replaces a card (补卡): charges the fee, prints the receipt, voids the old card; the new card carries on its state',
    params: cardParam,
    body: replaceBody,
    ...staffOnly,
    response: {
      201: z.object({
        replacement: z.object({ id: z.string(), oldCard: z.string(), newCard: z.string(), fee: z.string(), feeCents: z.number().int(), at: isoTime }),
        receipt: z.object({ number: z.string(), printed: z.boolean(), reason: z.string().optional().describe('why it was not printed') }),
        card: cardView,
      }),
      ...refusals(400, 404, 409),
      ...staffRefusals,
    },
  },
  paperwork: {
    summary: 'The day\'s card operations, whose papers go to the department manager before closing',
    querystring: z.object({ date: date('date').optional().describe('local day; default today') }),
    ...staffOnly,
    response: { 200: z.object({ date: z.string(), items: z.array(paperworkLine) }), ...refusals(400), ...staffRefusals },
  },
};
