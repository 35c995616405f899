import { z } from 'zod';

export const staffRoles = ['clerk', 'front_desk', 'manager', 'engineering_manager'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const staffSchema = z
  .object({
    number: z.string().regex(/^\d{1,6}$/, 'must be 1 to 6 digits'),
    name: z.string().min(1),
    pinHash: z
      .string()
      .regex(/^scrypt\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'must be a hash made by `frontdesk hash-pin PIN`, never the PIN itself')
      .optional()
      .describe('absent after a manager reset it (or for a new person): they choose their own PIN at their next login'),
    active: z.boolean().default(true).describe('false: the person can no longer log in (kept for the history of who did what)'),
    roles: z.array(z.enum(staffRoles)).min(1).default(['clerk']),
  })
  .strict();

export const sessionSchema = z
  .object({
    ttlMinutes: z.number().int().min(1).default(720).describe('a staff token expires after this'),
    maxFailures: z.number().int().min(1).default(5).describe('wrong PINs before the staff number is locked'),
    lockoutBaseSec: z.number().int().min(1).default(30).describe('first lockout; doubles with each further failure'),
  })
  .strict()
  .prefault({});

export type StaffConfig = z.infer<typeof staffSchema>;
