import type { Score } from '../../firmware-bridge/kernel/score.js';

/**
 * What the supervising service tells the board process (over the child's IPC channel). `write`
 * drives a digital output pin (a relay): `high` is the electrical level, the caller has already
 * applied active-low wiring.
 */
export type ToBoardMessage =
  | { type: 'invite'; ms: number }
  | { type: 'thank'; score: Score; ms: number }
  | { type: 'write'; pin: number | string; high: boolean }
  | { type: 'stop' };

/** What the board process reports back. */
export type FromBoardMessage = { type: 'ready'; detail: string } | { type: 'press'; score: Score } | { type: 'down'; detail: string };

/** The board process's settings, passed as JSON in its argv. */
export interface BoardSettings {
  port: string;
  baudRate: number;
  /** The satisfaction buttons and their LEDs; absent on a board that only drives outputs. */
  buttons?: Record<Score, number | string>;
  leds?: Record<Score, number | string>;
  /** Give up and exit (to be restarted) when the board is not ready within this time. */
  readyTimeoutMs: number;
}
