/**
 * Estimated wait for the next ticket of a service:
 *   people ahead × average service time ÷ open counters serving it.
 * The average is over the last `queue.estimateWindow` finished tickets of that service (so it
 * follows the day's real pace); until any is finished it is the service's `defaultServiceSec`.
 */
export function averageServiceSec(recent: readonly number[] | undefined, defaultServiceSec: number): number {
  if (!recent || recent.length === 0) return defaultServiceSec;
  return recent.reduce((sum, s) => sum + s, 0) / recent.length;
}

export function estimateWaitSec(ahead: number, averageSec: number, openCounters: number): number {
  return Math.round((ahead * averageSec) / Math.max(1, openCounters));
}
