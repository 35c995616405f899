import type { Score } from '../../firmware-bridge/kernel/score.js';
import type { Device, DeviceState } from '../device.js';

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
