import { z } from 'zod';

export const keyCategories = ['member_locker', 'owner_key', 'public_area', 'equipment_room'] as const;
export type KeyCategory = (typeof keyCategories)[number];

const singleKey = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]+$/, 'must use only letters, digits, "_" and "-"'),
    label: z.string().min(1).describe('locker/wrist tag number, building-unit-floor-room, or equipment room'),
    category: z.enum(keyCategories),
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
  })
  .strict()
  .refine((r) => r.to >= r.from, { message: 'to must not be below from', path: ['to'] });

export const keysSchema = z.array(z.union([singleKey, keyRange])).default([]);

const memberRow = z
  .object({
    card: z.string().min(1),
    name: z.string().min(1),
    status: z.enum(['normal', 'suspended', 'expired', 'lost']).default('normal'),
    validUntil: z.string().optional(),
    suspendedFrom: z.string().optional(),
    suspendedTo: z.string().optional(),
  })
  .strict();

export const membersSchema = z
  .object({
    csv: z.string().optional().describe('CSV file (card,name,status,valid_until,suspended_from,suspended_to) imported at start'),
    cards: z.array(memberRow).default([]).describe('members listed inline (demo and tests)'),
  })
  .strict()
  .prefault({});

export type KeyConfigEntry = z.infer<typeof singleKey>;
export type MemberRowConfig = z.infer<typeof memberRow>;
