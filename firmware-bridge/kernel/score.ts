/** The three answers of the satisfaction question (满意 / 一般 / 不满意), in panel order. */
export const scores = ['satisfied', 'average', 'unsatisfied'] as const;
export type Score = (typeof scores)[number];

export function isScore(value: unknown): value is Score {
  return typeof value === 'string' && (scores as readonly string[]).includes(value);
}
