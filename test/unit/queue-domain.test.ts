import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { NewEvent, StoredEvent } from '../../firmware-bridge/kernel/events.js';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import { isRefusal, type Refusal } from '../../firmware-bridge/kernel/refusal.js';
import * as commands from '../../firmware-bridge/queue/rules/queue-commands.js';
import { applyQueueEvent, emptyQueueState, type QueueState } from '../../firmware-bridge/queue/rules/queue-state.js';
import { localDay } from '../../firmware-bridge/kernel/local-time.js';
import { testConfig } from '../fixtures/test-config.js';

/** The pure core driven the way the service drives it: decide, then apply the events. */
function harness(overrides: Record<string, unknown> = {}, start = '2026-11-24T09:00:00+08:00') {
  const config = testConfig(overrides);
  const clock = new FakeClock(start);
  const model: commands.QueueModel = {
    timezone: config.site.timezone,
    hours: config.hours,
    rules: config.queue,
    services: new Map(config.services.map((s) => [s.id, s])),
    servedBy: new Map(config.counters.map((c) => [c.id, new Set(config.services.filter((s) => s.counters.includes(c.id)).map((s) => s.id))])),
  };
  const state: QueueState = emptyQueueState(localDay(clock.now(), config.site.timezone), config.counters.map((c) => c.id));
  let seq = 0;
  let ids = 0;
  const apply = (decision: commands.Decision): StoredEvent[] | Refusal => {
    if (isRefusal(decision)) return decision;
    return decision.map((e: NewEvent) => {
      const stored: StoredEvent = { ...e, id: `e${++seq}`, seq, at: new Date(clock.now()).toISOString() };
      applyQueueEvent(state, stored, config.queue);
      return stored;
    });
  };
  const issue = (service: string) => {
    const events = apply(commands.issueTicket(state, model, { now: clock.now(), newId: () => `t${++ids}` }, service, false));
    if (isRefusal(events)) return events;
    const [issued] = events;
    if (issued.type !== 'ticket.issued') throw new Error(issued.type);
    return state.tickets.get(issued.payload.ticketId)!;
  };
  const act = (fn: () => commands.Decision) => apply(fn());
  const next = (counter: string) => {
    const events = act(() => commands.callNext(state, model, counter, '001', clock.now()));
    if (isRefusal(events)) return events;
    const called = events.find((e) => e.type === 'ticket.called');
    return called ? (called.payload.number) : null;
  };
  return { config, clock, model, state, issue, next, act };
}

const queue = suite('queue domain');

queue('numbers count up per service letter and calls go in arrival order', () => {
  const h = harness();
  const numbers = ['transaction', 'consultation', 'transaction', 'transaction'].map((s) => (h.issue(s) as { number: string }).number);
  assert.equal(numbers, ['A001', 'B001', 'A002', 'A003']);
  assert.is(h.next('1'), 'A001');
  assert.is(h.next('1'), 'A002');
  assert.is(h.next('2'), 'B001', 'counter 2 serves A and B: B001 arrived before A003');
  assert.is(h.next('2'), 'A003');
  assert.is(h.next('2'), null, 'empty queue → no ticket');
});

queue('priority alternates with normal at the configured ratio, not always first', () => {
  const h = harness({ queue: { alternation: { priority: 2, normal: 1 } } });
  for (let i = 0; i < 4; i++) h.issue('transaction');
  for (let i = 0; i < 4; i++) h.issue('priority');
  const order = Array.from({ length: 8 }, () => h.next('1'));
  assert.equal(order, ['V001', 'V002', 'A001', 'V003', 'V004', 'A002', 'A003', 'A004']);
});

queue('alternation 1:2 gives one priority per two normal', () => {
  const h = harness({ queue: { alternation: { priority: 1, normal: 2 } } });
  for (let i = 0; i < 4; i++) h.issue('transaction');
  for (let i = 0; i < 2; i++) h.issue('priority');
  assert.equal(Array.from({ length: 6 }, () => h.next('1')), ['V001', 'A001', 'A002', 'V002', 'A003', 'A004']);
});

queue('numbers reset on a new day, and a clock set back does not reset them again', () => {
  const h = harness();
  h.issue('transaction');
  h.issue('transaction');
  h.clock.set('2026-11-25T09:00:00+08:00');
  const first = h.issue('transaction') as { number: string; day: string };
  assert.equal([first.number, first.day], ['A001', '2026-11-25']);
  h.clock.set('2026-11-24T23:00:00+08:00'); // NTP correction backwards across midnight
  const second = h.issue('transaction') as { number: string; day: string };
  assert.equal([second.number, second.day], ['A002', '2026-11-25']);
  assert.is(h.next('1'), 'A001', 'order kept by arrival, not by the wall clock');
});

queue('tickets are refused outside opening hours', () => {
  const h = harness({ hours: { weekly: { tue: { open: '09:00', close: '17:00' } } } }, '2026-11-24T08:59:00+08:00');
  const refused = h.issue('transaction') as Refusal;
  assert.ok(isRefusal(refused));
  assert.is(refused.status, 409);
  assert.is(refused.code, 'hall_closed');
  h.clock.advance(60_000);
  assert.is((h.issue('transaction') as { number: string }).number, 'A001');
});

queue('transfer keeps the number and the original arrival, ahead of later arrivals', () => {
  const h = harness();
  h.issue('transaction'); // A001
  h.issue('consultation'); // B001
  h.issue('consultation'); // B002
  assert.is(h.next('1'), 'A001');
  const moved = h.act(() => commands.transfer(h.state, h.model, '1', '001', 'consultation'));
  assert.not.ok(isRefusal(moved));
  assert.is(h.next('3'), 'A001', 'the transferred ticket is called first in its new service');
  assert.is(h.next('3'), 'B001');
  const same = h.act(() => commands.transfer(h.state, h.model, '3', '001', 'consultation')) as Refusal;
  assert.is(same.code, 'same_service');
});

queue('skip needs the configured recalls first; a skipped ticket leaves the queue', () => {
  const h = harness({ queue: { recallsBeforeSkip: 2 } });
  h.issue('transaction');
  h.issue('transaction');
  h.next('1');
  const early = h.act(() => commands.skip(h.state, h.model, '1', '001')) as Refusal;
  assert.is(early.code, 'recall_first');
  h.act(() => commands.recall(h.state, '1', '001'));
  h.act(() => commands.recall(h.state, '1', '001'));
  assert.not.ok(isRefusal(h.act(() => commands.skip(h.state, h.model, '1', '001'))));
  assert.is(h.state.tickets.get('t1')!.state, 'skipped');
  assert.is(h.next('1'), 'A002');
});

queue('finish records service time that feeds the wait estimate; next finishes the current one', () => {
  const h = harness();
  h.issue('transaction');
  h.issue('transaction');
  h.next('1');
  h.clock.advance(120_000);
  const finished = h.act(() => commands.finish(h.state, '1', '001', h.clock.now()));
  assert.not.ok(isRefusal(finished));
  assert.equal(h.state.serviceTimes.transaction, [120]);
  h.next('1');
  h.clock.advance(60_000);
  h.next('1'); // implicit finish of A002
  assert.equal(h.state.serviceTimes.transaction, [120, 60]);
  assert.is(h.state.tickets.get('t2')!.state, 'finished');
});

queue('a paused counter calls nobody until resumed', () => {
  const h = harness();
  h.issue('transaction');
  h.act(() => commands.pause(h.state, h.model, '1', '001', 'lunch'));
  assert.is((h.next('1') as Refusal).code, 'counter_paused');
  h.act(() => commands.resume(h.state, '1', '001'));
  assert.is(h.next('1'), 'A001');
});

queue('a pause needs a reason from queue.pauseReasons, and the event carries it', () => {
  const h = harness();
  const refused = commands.pause(h.state, h.model, '1', '001', 'coffee');
  assert.ok(isRefusal(refused));
  assert.is((refused).code, 'pause_reason_required');
  assert.is(h.state.counters.get('1')!.state, 'open');
  const events = h.act(() => commands.pause(h.state, h.model, '1', '001', 'training'));
  assert.equal((events as { payload: object }[])[0].payload, { counter: '1', staff: '001', reason: 'training' });
});

queue('unknown service and counter are refused with 404', () => {
  const h = harness();
  assert.is((h.issue('nope') as Refusal).status, 404);
  assert.is((h.next('9') as Refusal).code, 'unknown_counter');
});

queue.run();
