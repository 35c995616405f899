import { scores, type Score } from '../../firmware-bridge/kernel/score.js';

/** Where each button shows in the box's input report: a bit (mask) in one byte. */
export type HidButtonMap = Record<Score, { byte: number; mask: number }>;

/** The buttons held down in one input report. A report too short for a button reads as "up". */
export function buttonsDown(map: HidButtonMap, report: Uint8Array): Set<Score> {
  const down = new Set<Score>();
  for (const score of scores) {
    const { byte, mask } = map[score];
    if (byte < report.length && (report[byte] & mask) !== 0) down.add(score);
  }
  return down;
}

/**
 * The presses a report brings, by edge: a button is pressed when its bit goes 0→1 between the
 * previous report and this one. Boxes resend the whole state on every change (and some on a
 * timer), so a held button repeats its bit and must not count again. `previous` null = all up.
 */
export function decodePresses(map: HidButtonMap, previous: Uint8Array | null, report: Uint8Array): Score[] {
  const before = previous ? buttonsDown(map, previous) : new Set<Score>();
  const now = buttonsDown(map, report);
  return scores.filter((s) => now.has(s) && !before.has(s));
}
