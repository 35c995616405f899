/** All time in the product comes through a Clock, so tests can drive it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** setTimeout that follows this clock (a fake clock fires on advance). */
  setTimeout(fn: () => void, ms: number): ClockTimer;
  clearTimeout(timer: ClockTimer): void;
}

/** Opaque handle returned by Clock.setTimeout. */
export type ClockTimer = object;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn, ms) {
    // unref: a pending schedule must never keep the process (or a test run) alive.
    return setTimeout(fn, ms).unref();
  },
  clearTimeout(timer) {
    clearTimeout(timer as NodeJS.Timeout);
  },
};

/** A clock that only moves when told to; timers fire in due order during advance/set. */
export class FakeClock implements Clock {
  private current: number;
  private nextId = 1;
  private timers = new Map<number, { due: number; fn: () => void }>();
  private handles = new WeakMap<ClockTimer, number>();

  constructor(start: number | string | Date = '2026-11-24T09:00:00+08:00') {
    this.current = typeof start === 'number' ? start : new Date(start).getTime();
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): ClockTimer {
    const id = this.nextId++;
    this.timers.set(id, { due: this.current + Math.max(0, ms), fn });
    const handle = {};
    this.handles.set(handle, id);
    return handle;
  }

  clearTimeout(timer: ClockTimer): void {
    const id = this.handles.get(timer);
    if (id !== undefined) this.timers.delete(id);
  }

  /** Move forward by ms, firing every timer that falls due on the way, in order. */
  advance(ms: number): void {
    this.runUntil(this.current + ms);
  }

  /** Jump to an absolute time (forwards fires due timers; backwards models an NTP correction). */
  set(to: number | string | Date): void {
    const target = typeof to === 'number' ? to : new Date(to).getTime();
    if (target >= this.current) this.runUntil(target);
    else this.current = target;
  }

  pendingTimers(): number {
    return this.timers.size;
  }

  private runUntil(target: number): void {
    for (;;) {
      let nextId = -1;
      let nextDue = Infinity;
      for (const [id, t] of this.timers) {
        if (t.due <= target && t.due < nextDue) {
          nextDue = t.due;
          nextId = id;
        }
      }
      if (nextId < 0) break;
      const timer = this.timers.get(nextId)!;
      this.timers.delete(nextId);
      this.current = Math.max(this.current, timer.due);
      timer.fn();
    }
    this.current = target;
  }
}
