import type { FrontdeskConfig } from '../../config/schema/index.js';
import type { Refusal } from '../kernel/refusal.js';

/** A feature's objection to a new config (e.g. a removed service still has waiting tickets). */
export type ConfigGuard = (next: FrontdeskConfig, current: FrontdeskConfig) => Refusal | null;
export type ConfigListener = (next: FrontdeskConfig, previous: FrontdeskConfig) => void;

/**
 * The config in force. Features read it through `ctx.config` (a getter onto `current()`) when they
 * act, and those that pre-compute from it (queue indexes, today's audio plan, staff logins) follow a
 * change in `onChanged`. A change is first put to every guard; one refusal and nothing changes.
 */
export class LiveConfig {
  private readonly guards = new Set<ConfigGuard>();
  private readonly listeners = new Set<ConfigListener>();

  constructor(private config: FrontdeskConfig) {}

  current(): FrontdeskConfig {
    return this.config;
  }

  guard(check: ConfigGuard): () => void {
    this.guards.add(check);
    return () => this.guards.delete(check);
  }

  onChanged(listener: ConfigListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The first guard's refusal of `next`, or null when every feature can take it. */
  check(next: FrontdeskConfig): Refusal | null {
    for (const guard of this.guards) {
      const refusal = guard(next, this.config);
      if (refusal) return refusal;
    }
    return null;
  }

  /** Puts `next` in force and tells every listener; a listener's failure does not undo the change. */
  replace(next: FrontdeskConfig, onListenerError: (err: unknown) => void = () => {}): void {
    const previous = this.config;
    this.config = next;
    for (const listener of this.listeners) {
      try {
        listener(next, previous);
      } catch (err) {
        onListenerError(err);
      }
    }
  }
}
