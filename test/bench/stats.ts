/** Small numeric helpers shared by the benchmarks. */
import { readFileSync } from 'node:fs';

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  n: number;
}

/** Nearest-rank percentile of an unsorted sample (ms values stay as given). */
export function percentiles(sample: readonly number[]): Percentiles | null {
  if (sample.length === 0) return null;
  const sorted = [...sample].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  return { p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), n: sorted.length };
}

export function median(sample: readonly number[]): number | null {
  return percentiles(sample)?.p50 ?? null;
}

/** Two decimals: benchmark figures are read by people, not diffed to the nanosecond. */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMB(pid: number): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(status);
    return m ? round(Number(m[1]) / 1024, 1) : null;
  } catch {
    return null;
  }
}

/** A figure that could not be measured carries its reason beside it (never left out). */
export type Measured<T> = T | null;

export function errorReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.split('\n').slice(0, 3).join(' | ').slice(0, 400);
}

/**
 * CPU time (user + system, all threads) a process has used so far, in ms, from /proc (Linux).
 * On a shared machine this is steadier than wall time: it does not count time spent waiting
 * for a core.
 */
export function cpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the command name), in clock ticks (100 Hz).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}
