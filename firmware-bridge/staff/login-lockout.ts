/**
 * Repeated wrong secrets lock a login name with a doubling back-off: after `maxFailures` the name
 * waits `lockoutBaseSec`, then twice as long after each further failure. Shared by the desk's staff
 * sessions and central's manager accounts.
 */
export class LoginLockout {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();

  constructor(
    private readonly limits: () => { maxFailures: number; lockoutBaseSec: number },
    private readonly now: () => number,
  ) {}

  /** Seconds until `name` may try again; 0 when it may now. */
  lockedFor(name: string): number {
    const failure = this.failures.get(name);
    return failure && failure.lockedUntil > this.now() ? Math.ceil((failure.lockedUntil - this.now()) / 1000) : 0;
  }

  failed(name: string): void {
    const count = (this.failures.get(name)?.count ?? 0) + 1;
    this.failures.set(name, { count, lockedUntil: lockedUntilAfter(count, this.limits(), this.now()) });
  }

  succeeded(name: string): void {
    this.failures.delete(name);
  }
}

/** When a name that has now failed `count` times in a row may try again (ms; 0 = at once). */
export function lockedUntilAfter(count: number, limits: { maxFailures: number; lockoutBaseSec: number }, now: number): number {
  return count >= limits.maxFailures ? now + limits.lockoutBaseSec * 1000 * 2 ** (count - limits.maxFailures) : 0;
}
