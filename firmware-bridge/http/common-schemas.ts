import { z } from 'zod';

// Pieces every feature's schemas share. Zod only: the UI imports the inferred types (never values)
// through ./contract.ts, so nothing here may reach Node or server code.

/** The contract's refusal: `{"error": {code, message}}`; some refusals add details (e.g. the unexplained keys). */
export const errorAnswer = z
  .object({
    error: z.looseObject({
      code: z.string().describe('stable, machine-readable, snake_case'),
      message: z.string().describe('for people: "中文 · English"'),
    }),
  })
  .describe('A refusal; nothing was changed.');

/** The refusal statuses a route may answer with, each in the contract's error shape. */
export function refusals<S extends 400 | 401 | 403 | 404 | 409 | 413 | 429 | 503>(...statuses: S[]): Record<S, typeof errorAnswer> {
  return Object.fromEntries(statuses.map((s) => [s, errorAnswer])) as Record<S, typeof errorAnswer>;
}

/** The refusals of a staff route: not logged in, or lacking the role. */
export const staffRefusals = refusals(401, 403);

/** Text shown or spoken in both languages: zh-CN first. */
export const bilingualText = z.object({ zh: z.string(), en: z.string() });

/** An ISO 8601 time, as the desk writes it (UTC or with the site's offset). */
export const isoTime = z.string().describe('ISO 8601 date and time');

/** A required, non-empty text field of at most `max` characters. */
export const text = (max: number) => z.string().min(1).max(max);

export const noContent = z.null().describe('No content.');

/**
 * A compile-time check that a value list declared here equals the domain's: call it with `true`
 * where both are visible (the routes); it does not compile when they differ.
 */
export const sameValues = <A, B extends A>(equal: [A] extends [B] ? true : false): boolean => equal;
