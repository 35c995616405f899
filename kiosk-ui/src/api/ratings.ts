import type { Bilingual, CloseFollowUpRequest, DailyStats, FollowUpListState, FollowUpOutcome, FollowUpView, RateRequest, RatingView, Score, StatsLine } from '../../../firmware-bridge/contract.js';
import { request } from './http.js';

export type { DailyStats, FollowUpOutcome, FollowUpView, RatingView, Score, StatsLine };

/** The three answers, zh-CN first (docs/domain.md#rating-after-service: 满意 / 一般 / 不满意). */
export const scoreNames: Record<Score, Bilingual> = {
  satisfied: { zh: '满意', en: 'Satisfied' },
  average: { zh: '一般', en: 'Average' },
  unsatisfied: { zh: '不满意', en: 'Unsatisfied' },
};
export const scoreList = ['satisfied', 'average', 'unsatisfied'] as const satisfies readonly Score[];

export const outcomeNames: Record<FollowUpOutcome, Bilingual> = {
  reached: { zh: '已联系', en: 'Reached' },
  satisfied_now: { zh: '现已满意', en: 'Satisfied now' },
  still_unhappy: { zh: '仍不满意（转经理）', en: 'Still unhappy (to manager)' },
  unreachable: { zh: '联系不上', en: 'Unreachable' },
};

/** A press of the on-screen buttons: the rating, or null when ignored as a repeat. */
export async function rate(counter: string, score: Score): Promise<RatingView | null> {
  return (await request<{ rating: RatingView | null }>('POST', '/api/ratings', { counter, score } satisfies RateRequest)).rating;
}

export async function latestRating(counter: string): Promise<RatingView | null> {
  return (await request<{ rating: RatingView | null }>('GET', `/api/ratings/latest?counter=${encodeURIComponent(counter)}`)).rating;
}

export async function listFollowUps(state: FollowUpListState): Promise<FollowUpView[]> {
  return (await request<{ followUps: FollowUpView[] }>('GET', `/api/followups?state=${state}`, undefined, { auth: true })).followUps;
}

export async function closeFollowUp(id: string, outcome: FollowUpOutcome, note: string): Promise<FollowUpView> {
  const body: CloseFollowUpRequest = note.trim() ? { outcome, note: note.trim() } : { outcome };
  return (await request<{ followUp: FollowUpView }>('POST', `/api/followups/${encodeURIComponent(id)}/close`, body, { auth: true })).followUp;
}

export function statsToday(): Promise<DailyStats> {
  return request<DailyStats>('GET', '/api/stats/today', undefined, { auth: true });
}

/** "85%" or "—" when there is nothing to divide. */
export function percent(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 1000) / 10}%`;
}
