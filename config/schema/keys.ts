import { z } from 'zod';
import { keyCategories } from '../../firmware-bridge/kernel/events.js';
import { keyRangeIds } from '../../firmware-bridge/keys/rules/key-inventory.js';
import { memberStatuses } from '../../firmware-bridge/members/rules/member-validity.js';
import { isoDate } from './common.js';

// The vocabularies are the domain's; the schema only checks config against them.
export { keyCategories, type KeyCategory } from '../../firmware-bridge/kernel/events.js';

/** More keys than a desk hands out; also keeps a mistyped range from exhausting memory. */
export const MAX_KEYS_PER_RANGE = 10000;

const dueBackMinutes = z
  .number()
  .int()
  .min(1)
  .nullable()
  .optional()
  .describe('minutes until the key is due back; null = no due-back time. Default: member lockers at closing time, public-area and equipment-room keys 240, owner keys none');

const singleKey = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must use only letters, digits, "_" and "-"'),
    label: z.string().min(1).describe('locker/wrist tag number, building-unit-floor-room, or equipment room'),
    category: z.enum(keyCategories),
    dueBackMinutes,
  })
  .strict();

/** A run of numbered keys, e.g. L001–L050 member lockers. */
const keyRange = z
  .object({
    prefix: z.string().regex(/^[A-Za-z_-]*$/),
    from: z.number().int().min(0),
    to: z.number().int().min(0),
    digits: z.number().int().min(1).max(6).default(3),
    category: z.enum(keyCategories),
    label: z.string().default('{n}').describe('"{n}" is replaced by the number'),
    dueBackMinutes,
  })
  .strict()
  .refine((r) => r.to >= r.from, { message: 'to must not be below from', path: ['to'] })
  .refine((r) => r.to - r.from < MAX_KEYS_PER_RANGE, { message: `a range holds at most ${MAX_KEYS_PER_RANGE} keys`, path: ['to'] });

export type KeySingleConfig = z.infer<typeof singleKey>;
export type KeyRangeConfig = z.infer<typeof keyRange>;
export type KeyConfigItem = KeySingleConfig | KeyRangeConfig;

export const keysSchema = z
  .array(z.union([singleKey, keyRange]))
  .default([])
  .superRefine((items, ctx) => {
    const first = new Map<string, number>();
    items.forEach((item, i) => {
      // An oversized range is already refused above; never expand it (a typo like 2000000000 would exhaust memory).
      if (!('id' in item) && item.to - item.from >= MAX_KEYS_PER_RANGE) return;
      for (const id of 'id' in item ? [item.id] : keyRangeIds(item)) {
        if (first.has(id)) ctx.addIssue({ code: 'custom', path: [i], message: `duplicate key id "${id}" (also at index ${first.get(id)})` });
        else first.set(id, i);
      }
    });
  });

const memberRow = z
  .object({
    card: z.string().min(1),
    name: z.string().min(1),
    status: z.enum(memberStatuses).default('normal'),
    validUntil: isoDate.optional().describe('last day the card is valid (inclusive)'),
    suspendedFrom: isoDate.optional(),
    suspendedTo: isoDate.optional(),
  })
  .strict();

/** A non-keyboard HID card reader read through node-hid (keyboard wedges are read by the UI). */
const hidReader = z
  .object({
    kind: z.literal('hid'),
    vendorId: z.number().int().min(0).max(0xffff),
    productId: z.number().int().min(0).max(0xffff),
    path: z.string().optional().describe('hidraw path when several identical readers are plugged in'),
    format: z
      .enum(['scancodes', 'uid'])
      .default('scancodes')
      .describe('scancodes: keyboard-style usage codes ending in Enter; uid: the card UID at a fixed offset in every report'),
    reportIdByte: z.boolean().default(false).describe('reports start with a report id byte (skipped)'),
    uidOffset: z.number().int().min(0).default(0),
    uidLength: z.number().int().min(1).max(16).default(4),
    uidEncoding: z.enum(['hex', 'decimal']).default('decimal').describe('decimal: the UID as an unsigned number, zero-padded to 10 digits'),
    uidByteOrder: z.enum(['big', 'little']).default('little'),
  })
  .strict();

export const membersSchema = z
  .object({
    csv: z.string().optional().describe('CSV file (card,name,status,valid_until,suspended_from,suspended_to) imported at start and again when a save changes it or the cards; relative to the config file'),
    cards: z.array(memberRow).default([]).describe('members listed inline (demo and tests)'),
    reader: z.discriminatedUnion('kind', [z.object({ kind: z.literal('keyboard') }).strict(), hidReader]).default({ kind: 'keyboard' }).describe('card reader: "keyboard" (a keyboard wedge, read by the touchscreen UI) or a HID reader'),
  })
  .strict()
  .prefault({});

export type KeyConfigEntry = KeySingleConfig;
export type MemberRowConfig = z.infer<typeof memberRow>;
export type HidCardReaderConfig = z.infer<typeof hidReader>;
export type MembersConfig = z.infer<typeof membersSchema>;
