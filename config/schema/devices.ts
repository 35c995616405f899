import { z } from 'zod';

/** `sim`, or `serial:PATH@BAUD` (the FRONTDESK_PRINTER form), or an object. */
const printerObject = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sim') }).strict(),
  z
    .object({
      kind: z.literal('serial'),
      path: z.string().min(1),
      baud: z.number().int().positive().default(38400),
      statusPollMs: z.number().int().min(100).default(1000),
    })
    .strict(),
  z.object({ kind: z.literal('none') }).strict(),
]);

export const printerSchema = z.preprocess((v) => (typeof v === 'string' ? parsePrinterSpec(v) : v), printerObject);

export function parsePrinterSpec(spec: string): unknown {
  if (spec === 'sim' || spec === 'none') return { kind: spec };
  const m = /^serial:(.+?)(?:@(\d+))?$/.exec(spec);
  if (m) return { kind: 'serial', path: m[1], ...(m[2] ? { baud: Number(m[2]) } : {}) };
  return { kind: spec };
}

const buttonPins = z
  .object({ satisfied: z.union([z.number().int(), z.string()]), average: z.union([z.number().int(), z.string()]), unsatisfied: z.union([z.number().int(), z.string()]) })
  .strict();

export const panelSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('sim') }).strict(),
    z.object({ kind: z.literal('screen') }).strict(),
    z
      .object({
        kind: z.literal('johnny-five'),
        port: z.string().min(1),
        counter: z.string().describe('the counter this panel rates'),
        buttons: buttonPins.default({ satisfied: 2, average: 3, unsatisfied: 4 }),
        leds: buttonPins.default({ satisfied: 9, average: 10, unsatisfied: 11 }),
      })
      .strict(),
    z
      .object({
        kind: z.literal('hid'),
        counter: z.string(),
        vendorId: z.number().int(),
        productId: z.number().int(),
        /** Report byte index and value per button, e.g. {byte: 1, value: 1}. */
        reports: z
          .object({
            satisfied: z.object({ byte: z.number().int().min(0), mask: z.number().int().min(1) }).strict(),
            average: z.object({ byte: z.number().int().min(0), mask: z.number().int().min(1) }).strict(),
            unsatisfied: z.object({ byte: z.number().int().min(0), mask: z.number().int().min(1) }).strict(),
          })
          .strict(),
      })
      .strict(),
  ])
  .default({ kind: 'sim' });

export const audioDeviceSchema = z
  .object({
    player: z.enum(['sim', 'aplay', 'mpg123', 'none']).default('sim').describe('sim records what would be heard'),
    alsaDevice: z.string().default('default').describe('ALSA device; "null" on a box without a sound card'),
  })
  .strict()
  .prefault({});

export const devicesSchema = z
  .object({
    printer: printerSchema.prefault('sim'),
    panels: z.array(panelSchema).default([{ kind: 'sim' }]),
    audio: audioDeviceSchema,
  })
  .strict()
  .prefault({});

export type PrinterConfig = z.infer<typeof printerObject>;
export type PanelConfig = z.infer<typeof panelSchema>;
export type DevicesConfig = z.infer<typeof devicesSchema>;
