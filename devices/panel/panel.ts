import type { Device, DeviceState } from '../device.js';

/** The three answers of the satisfaction question (满意 / 一般 / 不满意), in panel order. */
export const scores = ['satisfied', 'average', 'unsatisfied'] as const;
export type Score = (typeof scores)[number];

export function isScore(value: unknown): value is Score {
  return typeof value === 'string' && (scores as readonly string[]).includes(value);
}

/** One button press. `counter` is the counter the panel stands at (or the one the UI named). */
export interface PanelPress {
  score: Score;
  counter: string;
  /** Epoch milliseconds, from the service's clock. */
  at: number;
}

/**
 * A satisfaction button panel: johnny-five (Arduino), HID box, simulator or the on-screen buttons.
 * It knows buttons and lights only; tickets and ratings are the domain's business.
 */
export interface Panel extends Device {
  /** The counter this panel rates, or null for a panel that serves any counter (sim, screen). */
  readonly counter: string | null;
  on(event: 'press', listener: (press: PanelPress) => void): this;
  on(event: 'state', listener: (status: DeviceState) => void): this;
  off(event: 'press', listener: (press: PanelPress) => void): this;
  off(event: 'state', listener: (status: DeviceState) => void): this;
  /** Light the panel to invite a rating (a ticket was just finished at this counter). */
  invite(): void;
  /** Acknowledge a recorded rating: that button's light on briefly. */
  thank(score: Score): void;
}
