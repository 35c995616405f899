import type { Score } from '../../firmware-bridge/kernel/score.js';

/** What the supervising service tells the board process (over the child's IPC channel). */
export type ToBoardMessage = { type: 'invite'; ms: number } | { type: 'thank'; score: Score; ms: number } | { type: 'stop' };

/** What the board process reports back. */
export type FromBoardMessage = { type: 'ready'; detail: string } | { type: 'press'; score: Score } | { type: 'down'; detail: string };

/** The board process's settings, passed as JSON in its argv. */
export interface BoardSettings {
  port: string;
  baudRate: number;
  buttons: Record<Score, number | string>;
  leds: Record<Score, number | string>;
  /** Give up and exit (to be restarted) when the board is not ready within this time. */
  readyTimeoutMs: number;
}
