import { addDays, localDay, localParts, minutesOf, type Weekday } from '../../kernel/local-time.js';

export interface SalesPerson {
  number: string;
  name: string;
  days: readonly Weekday[];
  from: string;
  to: string;
}

/** The sales people on duty now, in roster order: a guest is handed to the first (接待来访客户管理规定 4). */
export function salesOnDuty<S extends SalesPerson>(roster: readonly S[], now: number, tz: string): S[] {
  const local = localParts(now, tz);
  return roster.filter((s) => s.days.includes(local.weekday) && minutesOf(s.from) <= local.minutes && local.minutes < minutesOf(s.to));
}

/** The instant by which the visit's record must be completed. */
export function completeBy(visitMs: number, completeWithinMinutes: number): number {
  return visitMs + completeWithinMinutes * 60_000;
}

/** Overdue: not completed, and the time to complete it has passed. */
export function isOverdue(record: { visitMs: number; completedMs: number | null }, now: number, completeWithinMinutes: number): boolean {
  return record.completedMs === null && now > completeBy(record.visitMs, completeWithinMinutes);
}

/** Records of visits before this local day are past their retention and are deleted. */
export function retentionCutoffDay(now: number, tz: string, retentionDays: number): string {
  return addDays(localDay(now, tz), -retentionDays);
}
