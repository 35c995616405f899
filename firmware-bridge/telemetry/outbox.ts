import type { Clock } from '../kernel/clock.js';
import type { StoredEvent } from '../kernel/events.js';
import type { EventStore } from '../store/event-store.js';
import type { Logger } from '../runtime/logger.js';

export const ackedSeqKey = 'telemetry.ackedSeq';
export const prunedUnsentKey = 'telemetry.prunedUnsent';

/** Sends one event and resolves when the broker acknowledged it (PUBACK). */
export type SendEvent = (event: StoredEvent) => Promise<void>;

export interface OutboxOptions {
  store: Pick<EventStore, 'readAfter' | 'getMeta' | 'setMeta' | 'db'>;
  clock: Clock;
  retentionDays: number;
  /** Events sent but not yet acknowledged, at most. */
  window?: number;
  /** How long an acknowledged seq may wait in memory before it is written (a crash meanwhile only causes resends). */
  persistDelayMs?: number;
  log?: Logger;
  /** A send failed for another reason than the link closing (e.g. a PUBACK with an error code). */
  onSendFailure?: (err: unknown) => void;
  /** The count of events pruned unsent changed. */
  onPruned?: (total: number) => void;
}

interface InFlight {
  seq: number;
  done: boolean;
}

/**
 * The disk outbox: the event log itself, read by seq after the last acknowledged one. Events are
 * handed to the sender in seq order within a bounded window; the acknowledged seq only moves over
 * a contiguous run of PUBACKs, so after an outage or a restart everything unacknowledged is sent
 * again, in order (at-least-once; consumers de-duplicate on the event id).
 */
export class Outbox {
  private acked: number;
  private pruned: number;
  private persistedAcked: number;
  private persistedPruned: number;
  private cursor: number;
  private inFlight: InFlight[] = [];
  private sender: SendEvent | undefined;
  private session = 0;
  private pumpScheduled = false;
  private persistTimer: NodeJS.Timeout | undefined;
  private idleWaiters: (() => void)[] = [];
  private readonly window: number;
  private readonly persistDelayMs: number;

  constructor(private readonly options: OutboxOptions) {
    this.acked = Number(options.store.getMeta(ackedSeqKey) ?? 0);
    this.pruned = Number(options.store.getMeta(prunedUnsentKey) ?? 0);
    this.persistedAcked = this.acked;
    this.persistedPruned = this.pruned;
    this.cursor = this.acked;
    this.window = Math.max(1, options.window ?? 100);
    this.persistDelayMs = options.persistDelayMs ?? 100;
  }

  get ackedSeq(): number {
    return this.acked;
  }

  get prunedUnsent(): number {
    return this.pruned;
  }

  get inFlightCount(): number {
    return this.inFlight.length;
  }

  /** A link is up: start (again) from the last acknowledged seq. */
  attach(sender: SendEvent): void {
    this.session++;
    this.sender = sender;
    this.inFlight = [];
    this.cursor = this.acked;
    this.notify();
  }

  /** The link is gone: whatever was in flight is sent again on the next attach. */
  detach(): void {
    this.session++;
    this.sender = undefined;
    this.inFlight = [];
    this.cursor = this.acked;
    this.wakeIdle();
  }

  /** New events were committed (or acks arrived): pump soon, never inside the caller's stack. */
  notify(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /**
   * While no link is up, events older than the retention are given up on: counted, logged, and the
   * acknowledged seq moves past them so the next connection starts with what is still worth sending.
   */
  pruneExpired(): number {
    if (this.sender) return 0; // while linked, the pump prunes in order
    let count = 0;
    for (;;) {
      const batch = this.options.store.readAfter(this.acked, 500);
      let expired = 0;
      while (expired < batch.length && this.isExpired(batch[expired])) expired++;
      if (expired === 0) break;
      this.acked = batch[expired - 1].seq;
      count += expired;
      if (expired < batch.length) break;
    }
    if (count > 0) this.recordPruned(count);
    this.cursor = this.acked;
    this.persist();
    return count;
  }

  /** Resolves when nothing is in flight and everything committed was handed over (or after the timeout). */
  async drain(timeoutMs: number): Promise<boolean> {
    const idle = () => this.inFlight.length === 0 && this.options.store.readAfter(this.cursor, 1).length === 0;
    if (!this.sender || idle()) return idle();
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      new Promise<boolean>((resolve) => {
        const check = () => (idle() || !this.sender ? resolve(idle()) : this.idleWaiters.push(check));
        this.idleWaiters.push(check);
      }),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    return done;
  }

  /** Writes the acknowledged seq and the pruned count now (shutdown, tests). */
  persist(): void {
    clearTimeout(this.persistTimer);
    this.persistTimer = undefined;
    if (this.acked === this.persistedAcked && this.pruned === this.persistedPruned) return;
    const { store } = this.options;
    store.db.transaction(() => {
      store.setMeta(ackedSeqKey, String(this.acked));
      store.setMeta(prunedUnsentKey, String(this.pruned));
    })();
    this.persistedAcked = this.acked;
    this.persistedPruned = this.pruned;
  }

  close(): void {
    this.detach();
    this.persist();
  }

  private pump(): void {
    const sender = this.sender;
    if (!sender) return;
    const session = this.session;
    let prunedNow = 0;
    while (this.inFlight.length < this.window) {
      const batch = this.options.store.readAfter(this.cursor, this.window - this.inFlight.length);
      if (batch.length === 0) break;
      for (const event of batch) {
        this.cursor = event.seq;
        const entry: InFlight = { seq: event.seq, done: false };
        this.inFlight.push(entry);
        if (this.isExpired(event)) {
          entry.done = true;
          prunedNow++;
          continue;
        }
        sender(event).then(
          () => this.acknowledge(session, entry),
          (err) => this.failed(session, err),
        );
      }
    }
    if (prunedNow > 0) this.recordPruned(prunedNow);
    this.advance();
    this.wakeIdle();
  }

  private acknowledge(session: number, entry: InFlight): void {
    if (session !== this.session) return; // an ack from a link already given up: it will be resent
    entry.done = true;
    this.advance();
    this.notify();
  }

  private failed(session: number, err: unknown): void {
    if (session !== this.session) return;
    this.options.onSendFailure?.(err);
  }

  private advance(): void {
    const before = this.acked;
    while (this.inFlight.length > 0 && this.inFlight[0].done) this.acked = this.inFlight.shift()!.seq;
    if (this.acked !== before && !this.persistTimer) {
      this.persistTimer = setTimeout(() => this.persist(), this.persistDelayMs);
      this.persistTimer.unref();
    }
    if (this.acked !== before) this.wakeIdle();
  }

  private recordPruned(count: number): void {
    this.pruned += count;
    this.options.log?.warn(
      { prunedNow: count, prunedUnsent: this.pruned, retentionDays: this.options.retentionDays },
      'telemetry outbox: events older than the retention were never sent and are given up',
    );
    this.options.onPruned?.(this.pruned);
  }

  private isExpired(event: StoredEvent): boolean {
    const at = Date.parse(event.at);
    return Number.isFinite(at) && at < this.options.clock.now() - this.options.retentionDays * 86_400_000;
  }

  private wakeIdle(): void {
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const waiter of waiters) waiter();
  }
}
