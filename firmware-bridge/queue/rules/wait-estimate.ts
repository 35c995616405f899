/**
 * Estimated wait for the next ticket of a service:
 *   people ahead × average service time ÷ open counters serving it,
 * never below FLOOR_SHARE of the service's `defaultServiceSec` per person ahead (÷ open counters).
 * The average is over the last `queue.estimateWindow` finished tickets of that service (so it
 * follows the day's real pace); until any is finished it is the service's `defaultServiceSec`.
 * The floor keeps a run of very quick tickets (a clerk finishing several by mistake, or "no-shows")
 * from promising "5 ahead · under 1 minute".
 */
export const FLOOR_SHARE = 0.5;

export function averageServiceSec(recent: readonly number[] | undefined, defaultServiceSec: number): number {
  if (!recent || recent.length === 0) return defaultServiceSec;
  return recent.reduce((sum, s) => sum + s, 0) / recent.length;
}

export function estimateWaitSec(ahead: number, averageSec: number, openCounters: number, defaultServiceSec = 0): number {
  const perPerson = Math.max(averageSec, FLOOR_SHARE * defaultServiceSec);
  return Math.round((ahead * perPerson) / Math.max(1, openCounters));
}
