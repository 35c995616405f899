/** Restart delays that double after each failure (base, 2×base, 4×base … up to max). */
export class RestartBackoff {
  private failures = 0;

  constructor(
    private readonly baseMs = 500,
    private readonly maxMs = 30_000,
  ) {}

  /** Delay before the next attempt; each call counts one more failure. */
  next(): number {
    const delay = Math.min(this.maxMs, this.baseMs * 2 ** this.failures);
    this.failures = Math.min(this.failures + 1, 30);
    return delay;
  }

  /** The device came up: the next failure starts from the base delay again. */
  reset(): void {
    this.failures = 0;
  }
}
