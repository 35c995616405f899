import { request } from './http.js';
import type { Bilingual } from './types.js';

/** The three answers, zh-CN first (docs/domain.md#rating-after-service: 满意 / 一般 / 不满意). */
export const scoreNames: Record<Score, Bilingual> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  average: { zh: '一般', en: 'Average' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
};
export const scoreList = ['satisfied', 'average', 'unsatisfied'] as const;
export type Score = (typeof scoreList)[number];

export interface RatingView {
  id: string;
  ticket: { id: string; number: string | null } | null;
  staff: string | null;
  counter: string;
  score: Score;
  source: 'panel' | 'screen';
  at: string;
}

export type FollowUpOutcome = 'reached' | 'satisfied_now' | 'still_unhappy' | 'unreachable';
export const outcomeNames: Record<FollowUpOutcome, Bilingual> = {
  reached: { zh: '已联系', en: 'Reached' },
  satisfied_now: { zh: '现已满意', en: 'Satisfied now' },
  still_unhappy: { zh: '仍不满意（转经理）', en: 'Still unhappy (to manager)' },
  unreachable: { zh: '联系不上', en: 'Unreachable' },
};

export interface FollowUpView {
  id: string;
  ticket: { id: string; number: string | null };
  counter: string;
  staff: string | null;
  score: Score;
  state: 'open' | 'escalated' | 'closed';
  overdue: boolean;
  escalatedTo: 'manager' | null;
  openedAt: string;
  dueAt: string;
  outcome: FollowUpOutcome | null;
  note: string | null;
  closedAt: string | null;
  closedBy: string | null;
  contact: { memberCard: string | null; phone: string | null };
}

/** One line of the daily stats (per counter, per staff, or the day), as the service computes it. */
import type { StatsLine } from '../../../firmware-bridge/ratings/rules/ratings-stats.js';
export type { StatsLine };

export interface DailyStats {
  day: string;
  totals: StatsLine;
  byCounter: (StatsLine & { counter: string })[];
  byStaff: (StatsLine & { staff: string })[];
  headline: { followUpHandlingRate: number | null; effectiveComplaintRate: number | null; windowDays: number; followUpsJudged: number; effectiveComplaints: number; ratingsInWindow: number };
}

/** A press of the on-screen buttons: the rating, or null when ignored as a repeat. */
export async function rate(counter: string, score: Score): Promise<RatingView | null> {
  return (await request<{ rating: RatingView | null }>('POST', '/api/ratings', { counter, score })).rating;
}

export async function latestRating(counter: string): Promise<RatingView | null> {
  return (await request<{ rating: RatingView | null }>('GET', `/api/ratings/latest?counter=${encodeURIComponent(counter)}`)).rating;
}

export async function listFollowUps(state: 'open' | 'overdue' | 'escalated' | 'closed'): Promise<FollowUpView[]> {
  return (await request<{ followUps: FollowUpView[] }>('GET', `/api/followups?state=${state}`, undefined, { auth: true })).followUps;
}

export async function closeFollowUp(id: string, outcome: FollowUpOutcome, note: string): Promise<FollowUpView> {
  const body = note.trim() ? { outcome, note: note.trim() } : { outcome };
  return (await request<{ followUp: FollowUpView }>('POST', `/api/followups/${encodeURIComponent(id)}/close`, body, { auth: true })).followUp;
}

export function statsToday(): Promise<DailyStats> {
  return request<DailyStats>('GET', '/api/stats/today', undefined, { auth: true });
}

/** "85%" or "—" when there is nothing to divide. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}
