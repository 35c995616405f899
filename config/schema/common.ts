import { z } from 'zod';

/** "HH:MM" in the site's local time. */
export const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-4]):[0-5]\d$/, 'must be a time of day as "HH:MM" (24-hour)');

/** "YYYY-MM-DD". YAML may give an unquoted date, which the loader keeps as a string. */
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as "YYYY-MM-DD"');

/** Text shown or spoken in both languages: zh-CN first, English second. */
export const bilingual = z
  .object({
    zh: z.string().min(1).describe('Chinese (zh-CN) text'),
    en: z.string().min(1).describe('English text'),
  })
  .strict();

export type Bilingual = z.infer<typeof bilingual>;
