import { z } from 'zod';
import { bilingual, clockTime } from './common.js';

export const seasons = ['spring', 'summer', 'autumn', 'winter'] as const;
export type Season = (typeof seasons)[number];

/** "MM-DD": the first day of a season, every year. */
const monthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'must be a day of the year as "MM-DD"')
  .refine((d) => d !== '02-29', 'a season cannot start on 29 February (not every year has one)');

/**
 * A season's plan for one output: `manual` (staff switch it on /desk; nothing planned), `off`
 * (stays off), or one span a day. Times are the site's local time; `opening` / `closing` follow
 * the day's opening hours (a holiday's short day moves them).
 */
const seasonPlan = z.union([
  z.enum(['manual', 'off']),
  z
    .object({
      on: z.union([clockTime, z.literal('opening')]).describe('"HH:MM" or "opening"'),
      off: z.union([clockTime, z.literal('closing')]).describe('"HH:MM" or "closing"'),
    })
    .strict(),
]);

export type SeasonPlan = z.infer<typeof seasonPlan>;

const outputSwitch = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]+$/, 'must use only a-z, 0-9, "_" and "-" (it names an MQTT topic and a URL)'),
    name: bilingual,
    port: z
      .string()
      .min(1)
      .default('sim')
      .describe('the Arduino (StandardFirmata) serial port, e.g. /dev/serial/by-id/…; a johnny-five panel on the same port shares its board. "sim" = no hardware'),
    pin: z.union([z.number().int().min(0), z.string().regex(/^A?\d+$/)]).describe('digital pin of the relay, e.g. 7 (or "A0")'),
    activeLow: z.boolean().default(false).describe('true for relay modules that switch on when the pin is LOW'),
    plan: z
      .object(Object.fromEntries(seasons.map((s) => [s, seasonPlan.default('manual')])) as Record<Season, z.ZodDefault<typeof seasonPlan>>)
      .strict()
      .prefault({})
      .describe('per season: "manual", "off" or {on, off}; on days the hall is closed the output stays off'),
    offWhenLastMemberLeft: z
      .boolean()
      .default(false)
      .describe('after closing, switch off once no member wrist key (member_locker) is out; a planned "off: closing" waits for it. In every season, manual ones included'),
  })
  .strict();

export type OutputConfig = z.infer<typeof outputSwitch>;

export const outputsSchema = z
  .object({
    seasons: z
      .object({
        spring: monthDay.default('03-01'),
        summer: monthDay.default('06-01'),
        autumn: monthDay.default('09-01'),
        winter: monthDay.default('12-01'),
      })
      .strict()
      .prefault({})
      .describe('first day of each season (MM-DD), in order spring → summer → autumn → winter round the year'),
    switches: z.array(outputSwitch).default([]).describe('digital outputs (relays) on Firmata pins: air conditioning, lights, a sign'),
  })
  .strict()
  .prefault({})
  .describe('timed outputs through the Firmata board: a plan per season, staff overrides on /desk (until the next planned switch, or midnight)')
  .superRefine((outputs, ctx) => {
    const starts = seasons.map((s) => outputs.seasons[s]);
    // Round the year from spring, each start must come after the one before (wrapping at most once).
    const wraps = starts.filter((d, i) => d <= starts[(i + 3) % 4]).length;
    if (new Set(starts).size < 4 || wraps !== 1)
      ctx.addIssue({ code: 'custom', path: ['seasons'], message: 'the four seasons must start on different days, in order spring → summer → autumn → winter' });
    const ids = new Map<string, number>();
    const pins = new Map<string, number>();
    outputs.switches.forEach((s, i) => {
      if (ids.has(s.id)) ctx.addIssue({ code: 'custom', path: ['switches', i, 'id'], message: `duplicate output id "${s.id}" (also at index ${ids.get(s.id)})` });
      else ids.set(s.id, i);
      const pin = `${s.port} ${s.pin}`;
      if (s.port !== 'sim' && pins.has(pin)) ctx.addIssue({ code: 'custom', path: ['switches', i, 'pin'], message: `pin ${s.pin} on ${s.port} is already output index ${pins.get(pin)}` });
      else pins.set(pin, i);
    });
  });

export type OutputsConfig = z.infer<typeof outputsSchema>;

/** Pins a johnny-five panel on the same port already uses: an output there would fight its buttons or LEDs. */
export function outputPinClashes(outputs: OutputsConfig, panels: readonly { kind: string; port?: string; buttons?: Record<string, number | string>; leds?: Record<string, number | string> }[]): { index: number; message: string }[] {
  const clashes: { index: number; message: string }[] = [];
  outputs.switches.forEach((s, index) => {
    for (const panel of panels) {
      if (panel.kind !== 'johnny-five' || panel.port !== s.port) continue;
      const used = [...Object.values(panel.buttons ?? {}), ...Object.values(panel.leds ?? {})].map(String);
      if (used.includes(String(s.pin))) clashes.push({ index, message: `pin ${s.pin} is a button or LED of the panel on ${s.port}` });
    }
  });
  return clashes;
}
