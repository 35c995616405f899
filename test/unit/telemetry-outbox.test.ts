import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FakeClock } from '../../firmware-bridge/kernel/clock.js';
import type { StoredEvent } from '../../firmware-bridge/kernel/events.js';
import { migrate, openDatabase, type Db } from '../../firmware-bridge/store/database.js';
import { EventStore, eventStoreMigrations } from '../../firmware-bridge/store/event-store.js';
import { ackedSeqKey, Outbox, prunedUnsentKey } from '../../firmware-bridge/telemetry/outbox.js';

let db: Db;
let store: EventStore;
let clock: FakeClock;
const outboxes: Outbox[] = [];

test.before.each(() => {
  clock = new FakeClock(Date.parse('2026-11-24T10:00:00Z'));
  db = openDatabase(':memory:');
  migrate(db, eventStoreMigrations);
  store = new EventStore(db, clock);
});

test.after.each(() => {
  for (const o of outboxes.splice(0)) o.close();
  db.close();
});

function outbox(window = 4): Outbox {
  const o = new Outbox({ store, clock, retentionDays: 30, window, persistDelayMs: 0 });
  outboxes.push(o);
  return o;
}

/** A sender whose acks the test gives by hand. */
function manualSender() {
  const sent: StoredEvent[] = [];
  const pending = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  return {
    sent,
    send: (e: StoredEvent) => {
      sent.push(e);
      return new Promise<void>((resolve, reject) => pending.set(e.seq, { resolve, reject }));
    },
    ack(seq: number) {
      pending.get(seq)!.resolve();
      pending.delete(seq);
    },
    get outstanding() {
      return pending.size;
    },
  };
}

const tick = () => new Promise((r) => setImmediate(r));
const settle = async () => {
  for (let i = 0; i < 5; i++) await tick();
};
const commit = (n: number) => store.commit(Array.from({ length: n }, (_, i) => ({ type: 'ticket.printed' as const, payload: { ticketId: `t${i}`, number: `A${i}`, bytes: 1 } })));

test('sends in seq order within the window and stores the acked seq only after the ack', async () => {
  commit(10);
  const o = outbox(4);
  const s = manualSender();
  o.attach(s.send);
  await settle();
  assert.equal(s.sent.map((e) => e.seq), [1, 2, 3, 4], 'only a window of four in flight');
  assert.is(store.getMeta(ackedSeqKey), undefined, 'nothing acknowledged, nothing stored');
  s.ack(2); // out of order: seq 1 still unacknowledged, the watermark must not move past it
  await settle();
  o.persist();
  assert.is(o.ackedSeq, 0);
  assert.equal(s.sent.map((e) => e.seq), [1, 2, 3, 4]);
  s.ack(1);
  await settle();
  o.persist();
  assert.is(o.ackedSeq, 2);
  assert.is(store.getMeta(ackedSeqKey), '2');
  assert.equal(s.sent.map((e) => e.seq), [1, 2, 3, 4, 5, 6]);
  assert.ok(s.outstanding <= 4);
});

test('a lost link resends everything unacknowledged, in order, and a restart resumes from the stored seq', async () => {
  commit(6);
  const first = outbox(10);
  const a = manualSender();
  first.attach(a.send);
  await settle();
  a.ack(1);
  a.ack(2);
  a.ack(4);
  await settle();
  first.detach();
  const b = manualSender();
  first.attach(b.send);
  await settle();
  assert.equal(b.sent.map((e) => e.seq), [3, 4, 5, 6], 'from the first unacknowledged seq');
  b.ack(3);
  await settle();
  first.close(); // the service stops (or dies after persisting)
  commit(2);
  const second = outbox(10);
  const c = manualSender();
  second.attach(c.send);
  await settle();
  assert.equal(c.sent.map((e) => e.seq), [4, 5, 6, 7, 8]);
});

test('events older than the retention are skipped unsent, counted, reported and persisted', async () => {
  commit(3);
  clock.advance(31 * 86_400_000);
  commit(2);
  const pruned: number[] = [];
  const o = new Outbox({ store, clock, retentionDays: 30, persistDelayMs: 0, onPruned: (n) => pruned.push(n) });
  outboxes.push(o);
  const s = manualSender();
  o.attach(s.send);
  await settle();
  assert.equal(s.sent.map((e) => e.seq), [4, 5]);
  assert.is(o.prunedUnsent, 3);
  assert.equal(pruned, [3]);
  s.ack(4);
  s.ack(5);
  await settle();
  o.persist();
  assert.is(store.getMeta(prunedUnsentKey), '3');
  assert.is(store.getMeta(ackedSeqKey), '5');
});

test('while offline, pruneExpired gives up only the expired head of the outbox', () => {
  commit(2);
  clock.advance(40 * 86_400_000);
  commit(1);
  const o = outbox();
  assert.is(o.pruneExpired(), 2);
  assert.is(o.ackedSeq, 2);
  assert.is(store.getMeta(prunedUnsentKey), '2');
  assert.is(o.pruneExpired(), 0);
});

test('drain resolves once everything committed is acknowledged', async () => {
  commit(3);
  const o = outbox();
  o.attach(async () => {});
  assert.ok(await o.drain(2000));
  assert.is(o.ackedSeq, 3);
  assert.is(o.inFlightCount, 0);
});

test.run();
