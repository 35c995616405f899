import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { isoLocal, localParts } from '../../firmware-bridge/kernel/local-time.js';
import { isRefusal } from '../../firmware-bridge/kernel/refusal.js';
import { followUpDueAt, withinCallHours } from '../../firmware-bridge/ratings/rules/follow-up-due.js';
import { closeFollowUp, decidePress, type Press, type RatingRules } from '../../firmware-bridge/ratings/rules/rating-rules.js';
import { computeDailyStats } from '../../firmware-bridge/ratings/rules/ratings-stats.js';
import type { CounterRatingState, FollowUp, Score } from '../../firmware-bridge/ratings/rules/rating-types.js';

const tz = 'Asia/Shanghai';
const rules: RatingRules = { acceptWindowSec: 60, repeatIgnoreSec: 10, followUp: { dueDays: 3, callFrom: '09:00', callTo: '20:00', maxAttempts: 3, retryAfterMin: 240 }, timezone: tz };
let ids = 0;
const press = (clock: FakeClock, score: Score, counter = '2'): Press => ({ counter, score, at: clock.now(), source: 'panel', ratingId: `r${++ids}`, followUpId: `f${ids}` });
const finishedNow = (clock: FakeClock, over: Partial<CounterRatingState> = {}): CounterRatingState => ({
  lastFinished: { ticketId: 't1', number: 'A012', counter: '2', staff: '001', finishedAt: clock.now() },
  lastFinishedRated: false,
  lastFinishedHasContact: false,
  lastAcceptedAt: null,
  counterStaff: '001',
  ...over,
});

test('a press within the window rates the ticket the counter finished last, with its staff', () => {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const state = finishedNow(clock);
  clock.advance(59_000);
  const d = decidePress(press(clock, 'satisfied'), state, rules);
  assert.is(d.kind, 'recorded');
  if (d.kind !== 'recorded') return;
  assert.is(d.rating.ticketId, 't1');
  assert.is(d.rating.ticketNumber, 'A012');
  assert.is(d.rating.staff, '001');
  assert.is(d.rating.day, '2026-11-24');
  assert.equal(d.events.map((e) => e.type), ['rating.recorded']);
});

test('a press after the window is an anonymous rating for the counter and its current staff', () => {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const state = finishedNow(clock, { counterStaff: '002' });
  clock.advance(61_000);
  const d = decidePress(press(clock, 'average'), state, rules);
  assert.is(d.kind, 'recorded');
  if (d.kind !== 'recorded') return;
  assert.is(d.rating.ticketId, null);
  assert.is(d.rating.staff, '002');
  assert.is(d.rating.counter, '2');
});

test('a press within the window uses a configured window (the bank evaluators\' 10 s)', () => {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const state = finishedNow(clock);
  clock.advance(11_000);
  const d = decidePress(press(clock, 'satisfied'), state, { ...rules, acceptWindowSec: 10 });
  assert.ok(d.kind === 'recorded' && d.rating.ticketId === null);
});

test('repeated presses within repeatIgnoreSec are ignored and say so in a rating.ignored event', () => {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const state = finishedNow(clock);
  clock.advance(5_000);
  const accepted = clock.now();
  clock.advance(9_999);
  const d = decidePress(press(clock, 'unsatisfied'), { ...state, lastFinishedRated: true, lastAcceptedAt: accepted }, rules);
  assert.is(d.kind, 'ignored');
  assert.equal(d.events.map((e) => e.type), ['rating.ignored']);
  assert.equal(d.events[0].payload, { counter: '2', staff: '001', score: 'unsatisfied', reason: 'repeat', source: 'panel', day: '2026-11-24' });
});

test('one rating per ticket: a later press (outside the repeat interval) on a rated ticket is anonymous', () => {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const state = finishedNow(clock);
  clock.advance(5_000);
  const accepted = clock.now();
  clock.advance(10_000);
  const d = decidePress(press(clock, 'unsatisfied'), { ...state, lastFinishedRated: true, lastAcceptedAt: accepted }, rules);
  assert.ok(d.kind === 'recorded' && d.rating.ticketId === null);
});

test('the next customer is not ignored as a repeat: a ticket finished since the last press resets it', () => {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const accepted = clock.now();
  clock.advance(3_000);
  const state = finishedNow(clock, { lastAcceptedAt: accepted });
  clock.advance(2_000);
  const d = decidePress(press(clock, 'satisfied'), state, rules);
  assert.ok(d.kind === 'recorded' && d.rating.ticketId === 't1');
});

test('average/unsatisfied with a member card or phone opens a follow-up; satisfied or no contact does not', () => {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const withContact = finishedNow(clock, { lastFinishedHasContact: true });
  const unhappy = decidePress(press(clock, 'unsatisfied'), withContact, rules);
  assert.equal(unhappy.events.map((e) => e.type), ['rating.recorded', 'followup.opened']);
  assert.ok(unhappy.kind === 'recorded' && unhappy.followUp?.ticketId === 't1' && unhappy.followUp.state === 'open');
  assert.equal(decidePress(press(clock, 'average'), withContact, rules).events.map((e) => e.type), ['rating.recorded', 'followup.opened']);
  assert.equal(decidePress(press(clock, 'satisfied'), withContact, rules).events.map((e) => e.type), ['rating.recorded']);
  assert.equal(decidePress(press(clock, 'unsatisfied'), finishedNow(clock), rules).events.map((e) => e.type), ['rating.recorded']);
  // Anonymous (window passed): no ticket, no contact, no follow-up.
  clock.advance(120_000);
  assert.equal(decidePress(press(clock, 'unsatisfied'), withContact, rules).events.map((e) => e.type), ['rating.recorded']);
});

test('event payloads carry ids, counter, staff, score and hasContact only', () => {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const d = decidePress(press(clock, 'unsatisfied'), finishedNow(clock, { lastFinishedHasContact: true }), rules);
  const keys = d.events.flatMap((e) => Object.keys(e.payload));
  assert.not.ok(keys.some((k) => /phone|card|name|note/i.test(k)), keys.join(','));
  assert.is((d.events[0].payload as { hasContact: boolean }).hasContact, true);
});

test('due date: the latest call-hours moment within 3 days, moved earlier out of rest hours', () => {
  const due = (at: string) => isoLocal(followUpDueAt(new Date(at).getTime(), rules.followUp, tz), tz);
  assert.is(due('2026-11-24T12:00:00+08:00'), '2026-11-27T12:00:00+08:00');
  assert.is(due('2026-11-24T21:30:00+08:00'), '2026-11-27T20:00:00+08:00'); // evening: that day's 20:00
  assert.is(due('2026-11-24T07:15:00+08:00'), '2026-11-26T20:00:00+08:00'); // early morning: the day before
  assert.is(due('2026-11-24T20:00:00+08:00'), '2026-11-27T20:00:00+08:00');
});

test('due date is never in rest hours and never later than dueDays, at any time of day (and across DST)', () => {
  for (const zone of [tz, 'Europe/Berlin']) {
    const start = new Date('2026-03-27T00:00:00Z').getTime(); // Berlin changes to summer time on the 29th
    for (let at = start; at < start + 3 * 86_400_000; at += 7 * 60_000) {
      const dueAt = followUpDueAt(at, rules.followUp, zone);
      assert.ok(withinCallHours(dueAt, rules.followUp, zone), `${new Date(at).toISOString()} → ${isoLocal(dueAt, zone)} in ${zone}`);
      assert.ok(dueAt <= at + 3 * 86_400_000 && dueAt > at + 86_400_000, `${new Date(at).toISOString()} → ${isoLocal(dueAt, zone)}`);
    }
  }
  assert.is(localParts(followUpDueAt(Date.parse('2026-11-24T23:59:00+08:00'), rules.followUp, tz), tz).minutes, 20 * 60);
});

function openFollowUp(clock: FakeClock): FollowUp {
  const d = decidePress(press(clock, 'unsatisfied'), finishedNow(clock, { lastFinishedHasContact: true }), rules);
  if (d.kind !== 'recorded' || !d.followUp) throw new Error('expected a follow-up');
  return d.followUp;
}

test('still unhappy escalates to the manager; a clerk cannot close an escalated one; a manager can', () => {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const f = openFollowUp(clock);
  clock.advance(86_400_000);
  const clerk = { number: '001', roles: ['clerk' as const] };
  const manager = { number: '900', roles: ['manager' as const] };
  const escalated = closeFollowUp(f, { outcome: 'still_unhappy', by: clerk, at: clock.now() }, rules);
  assert.not.ok(isRefusal(escalated));
  if (isRefusal(escalated)) return;
  assert.is(escalated.followUp.state, 'escalated');
  assert.is(escalated.followUp.handledBy, '001');
  assert.equal(escalated.events[0].payload, { followUpId: f.id, ticketId: 't1', counter: '2', staff: '001', outcome: 'still_unhappy', escalated: true, closedBy: '001', withinDue: true });

  const refused = closeFollowUp(escalated.followUp, { outcome: 'reached', by: clerk, at: clock.now() }, rules);
  assert.ok(isRefusal(refused) && refused.status === 403);

  clock.advance(3 * 86_400_000); // the manager is late, but the callback itself was on time
  const closed = closeFollowUp(escalated.followUp, { outcome: 'satisfied_now', by: manager, at: clock.now() }, rules);
  assert.ok(!isRefusal(closed) && closed.followUp.state === 'closed' && closed.followUp.firstOutcome === 'still_unhappy' && closed.followUp.closedBy === '900');
  if (isRefusal(closed)) return;
  assert.is((closed.events[0].payload as { withinDue: boolean }).withinDue, true);
  const again = closeFollowUp(closed.followUp, { outcome: 'reached', by: manager, at: clock.now() }, rules);
  assert.ok(isRefusal(again) && again.status === 409);
});

test('other outcomes close the follow-up; withinDue tells whether the call was in time', () => {
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const f = openFollowUp(clock);
  clock.set(f.dueAt + 1000);
  const late = closeFollowUp(f, { outcome: 'reached', by: { number: '001', roles: ['clerk'] }, at: clock.now() }, rules);
  assert.ok(!isRefusal(late) && late.followUp.state === 'closed');
  if (isRefusal(late)) return;
  assert.is((late.events[0].payload as { withinDue: boolean }).withinDue, false);
});

test('unreachable schedules the next attempt outside the rest hours; the last allowed attempt escalates', () => {
  const clerk = { number: '001', roles: ['clerk' as const] };
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  let f = openFollowUp(clock);
  clock.set(Date.parse('2026-11-25T11:00:00+08:00'));
  const first = closeFollowUp(f, { outcome: 'unreachable', by: clerk, at: clock.now() }, rules);
  if (isRefusal(first)) throw new Error(first.message);
  f = first.followUp;
  // Still open, with the attempt counted and the callback judged by its first call.
  assert.equal([f.state, f.attempts, f.firstOutcome, f.handledAt, f.dueAt], ['open', 1, 'unreachable', clock.now(), f.dueAt]);
  assert.is(isoLocal(f.nextAttemptAt!, tz).slice(0, 16), '2026-11-25T15:00', 'four hours later, inside the call hours');
  assert.equal(first.events[0], {
    type: 'followup.rescheduled',
    payload: { followUpId: f.id, ticketId: 't1', counter: '2', staff: '001', attempt: 1, nextAttemptAt: new Date(f.nextAttemptAt!).toISOString(), by: '001', withinDue: true },
  });

  clock.set(Date.parse('2026-11-25T18:30:00+08:00')); // +4 h is 22:30, a rest hour: next morning's first call time
  const second = closeFollowUp(f, { outcome: 'unreachable', by: clerk, at: clock.now() }, rules);
  if (isRefusal(second)) throw new Error(second.message);
  f = second.followUp;
  assert.equal([f.state, f.attempts], ['open', 2]);
  assert.is(isoLocal(f.nextAttemptAt!, tz).slice(0, 16), '2026-11-26T09:00');
  assert.ok(withinCallHours(f.nextAttemptAt!, rules.followUp, tz));

  clock.set(f.nextAttemptAt!);
  const third = closeFollowUp(f, { outcome: 'unreachable', by: clerk, at: clock.now() }, rules);
  if (isRefusal(third)) throw new Error(third.message);
  assert.equal([third.followUp.state, third.followUp.attempts, third.followUp.nextAttemptAt, third.followUp.handledBy], ['escalated', 3, null, '001']);
  assert.equal([third.events[0].type, (third.events[0].payload as { escalated: boolean }).escalated], ['followup.closed', true]);
});

test('an unreachable call before the morning call time is tried again that morning, never earlier', () => {
  const late = { ...rules, followUp: { ...rules.followUp, retryAfterMin: 60 } };
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const f = openFollowUp(clock);
  // A call recorded at 07:30 (say, a night shift clerk): +1 h is 08:30, still resting → 09:00 that day.
  clock.set(Date.parse('2026-11-25T07:30:00+08:00'));
  const r = closeFollowUp(f, { outcome: 'unreachable', by: { number: '001', roles: ['clerk'] }, at: clock.now() }, late);
  if (isRefusal(r)) throw new Error(r.message);
  assert.is(isoLocal(r.followUp.nextAttemptAt!, tz).slice(0, 16), '2026-11-25T09:00');
});

test('a manager recording the last unreachable attempt closes the follow-up; an escalated one is closed, not rescheduled', () => {
  const manager = { number: '900', roles: ['manager' as const] };
  const clock = new FakeClock('2026-11-24T10:00:00+08:00');
  const one = { ...rules, followUp: { ...rules.followUp, maxAttempts: 1 } };
  const f = openFollowUp(clock);
  const byManager = closeFollowUp(f, { outcome: 'unreachable', by: manager, at: clock.now() }, one);
  assert.ok(!isRefusal(byManager) && byManager.followUp.state === 'closed' && byManager.followUp.closedBy === '900');
  const escalated = { ...f, state: 'escalated' as const, firstOutcome: 'still_unhappy' as const, handledAt: clock.now() };
  const closed = closeFollowUp(escalated, { outcome: 'unreachable', by: manager, at: clock.now() }, rules);
  assert.ok(!isRefusal(closed) && closed.followUp.state === 'closed' && closed.events[0].type === 'followup.closed');
});

test('an open follow-up is overdue by its next attempt once a call found nobody', () => {
  const now = Date.parse('2026-11-24T15:00:00+08:00');
  const dayStart = Date.parse('2026-11-24T00:00:00+08:00');
  const base: FollowUp = { id: 'f', ratingId: 'r', ticketId: 't', counter: '1', staff: '001', score: 'unsatisfied', openedAt: now - 4 * 86_400_000, dueAt: now - 86_400_000, state: 'open', outcome: 'unreachable', firstOutcome: 'unreachable', handledAt: now - 2 * 86_400_000, handledBy: '001', closedAt: null, closedBy: null, attempts: 1, nextAttemptAt: now + 3600_000 };
  const missed = { ...base, id: 'f2', nextAttemptAt: now - 60_000 };
  const stats = computeDailyStats({ day: '2026-11-24', now, dayStart, dayEnd: dayStart + 86_400_000, ratingsToday: [], ignoredToday: [], followUps: [base, missed], window: { days: 30, followUps: [base, missed], ratings: 10 }, counters: ['1'] });
  assert.is(stats.totals.followUpsOverdue, 1);
  assert.is(stats.totals.followUpsOpen, 2);
});

test('daily stats per counter and staff, ignored presses, follow-ups and the headline numbers', () => {
  const now = Date.parse('2026-11-24T15:00:00+08:00');
  const dayStart = Date.parse('2026-11-24T00:00:00+08:00');
  const base: FollowUp = { id: 'f', ratingId: 'r', ticketId: 't', counter: '1', staff: '001', score: 'unsatisfied', openedAt: now - 4 * 86_400_000, dueAt: now - 86_400_000, state: 'open', outcome: null, firstOutcome: null, handledAt: null, handledBy: null, closedAt: null, closedBy: null, attempts: 0, nextAttemptAt: null };
  const overdue = { ...base, id: 'f1' };
  const onTime = { ...base, id: 'f2', state: 'closed' as const, outcome: 'reached' as const, firstOutcome: 'reached' as const, handledAt: now - 2 * 86_400_000, closedAt: now - 2 * 86_400_000 };
  const escalatedToday = { ...base, id: 'f3', counter: '2', staff: '002', state: 'escalated' as const, outcome: 'still_unhappy' as const, firstOutcome: 'still_unhappy' as const, dueAt: now + 86_400_000, handledAt: now - 3600_000 };
  const notYetDue = { ...base, id: 'f4', counter: '2', staff: '002', openedAt: now, dueAt: now + 3 * 86_400_000 };
  const stats = computeDailyStats({
    day: '2026-11-24',
    now,
    dayStart,
    dayEnd: dayStart + 86_400_000,
    ratingsToday: [
      { counter: '1', staff: '001', score: 'satisfied' },
      { counter: '1', staff: '001', score: 'satisfied' },
      { counter: '1', staff: '001', score: 'unsatisfied' },
      { counter: '2', staff: '002', score: 'average' },
      { counter: '2', staff: null, score: 'satisfied' },
    ],
    ignoredToday: [{ counter: '1', staff: '001' }, { counter: '1', staff: '001' }],
    followUps: [overdue, escalatedToday, notYetDue],
    window: { days: 30, followUps: [overdue, onTime, escalatedToday, notYetDue], ratings: 200 },
    counters: ['1', '2', '3'],
  });
  assert.equal({ ...stats.totals }, { satisfied: 3, average: 1, unsatisfied: 1, total: 5, rate: 0.6, ignored: 2, followUpsOpen: 2, followUpsOverdue: 1, followUpsEscalated: 1, followUpsHandled: 1, followUpsHandledWithinDue: 1 });
  const c1 = stats.byCounter.find((l) => l.counter === '1')!;
  assert.equal([c1.total, c1.rate, c1.ignored, c1.followUpsOverdue], [3, 2 / 3, 2, 1]);
  assert.equal(stats.byCounter.find((l) => l.counter === '3')!.rate, null);
  assert.equal(stats.byStaff.map((l) => [l.staff, l.total, l.followUpsOpen]), [['001', 3, 1], ['002', 1, 1]]);
  // Judged: overdue (not handled), onTime, escalatedToday (handled before due) → 2 of 3 on time; notYetDue not judged.
  assert.is(stats.headline.followUpsJudged, 3);
  assert.is(stats.headline.followUpHandlingRate, 2 / 3);
  assert.is(stats.headline.effectiveComplaints, 1);
  assert.is(stats.headline.effectiveComplaintRate, 1 / 200);
});

test.run();
